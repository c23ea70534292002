package dev.ftp426.ftp;

import java.util.concurrent.TimeUnit;

/** Bounds and timeouts of the FTP tracker. Plain mutable settings, read once when the tracker is built. */
public final class FtpTrackerConfig
{
    /** Longest command or reply line kept; longer lines are truncated, flagged and counted. */
    public int maxLineLength = 4096;
    /** Longest reply text kept (lines of a multi-line reply joined). */
    public int maxReplyTextLength = 4096;
    /** A multi-line reply longer than this many lines is closed as damaged (RFC 959 strict, but bounded). */
    public int maxReplyLines = 1000;
    /** Commands waiting for a reply (pipelining); beyond it the oldest is forgotten and counted. */
    public int maxPendingCommands = 64;
    /** Data-connection expectations alive at once in the whole tracker. */
    public int maxExpectations = 65_536;
    /** Control sessions tracked at once: on the control ports, or on another port once its first bytes may be FTP. */
    public int maxSessions = 65_536;
    /**
     * Connections on other ports waiting for their first bytes to show whether they are FTP (about 100 bytes each).
     * Apart from {@link #maxSessions}, so a flood of silent connections never keeps a real session out.
     */
    public int maxPendingCandidates = 262_144;
    /** How long an expectation waits for its data connection (Zeek uses 5 minutes). */
    public long expectationLifetimeNanos = TimeUnit.MINUTES.toNanos(5);
    /** A connection that matches an expectation by port only (no address agrees) is accepted this soon after. */
    public long portOnlyMatchWindowNanos = TimeUnit.SECONDS.toNanos(10);
    /** After its final reply, a transfer waits this long for its data connection to close or an ABOR reply. */
    public long completionLingerNanos = TimeUnit.SECONDS.toNanos(30);
    /** Encrypted sessions: a connection between the two parties this soon after control activity is a data one. */
    public long encryptedAssociationWindowNanos = TimeUnit.MINUTES.toNanos(2);
    /** Recognise FTP control connections on ports other than 21 and 990 from their first lines. */
    public boolean detectOnAnyPort = true;
    /** Bytes per direction a candidate may send without a complete line before it is rejected. */
    public int maxDetectionBytes = 2048;
    /** TCP ports treated as FTP control without detection; 990 is implicit FTPS. */
    public int controlPort = 21;
    public int implicitTlsPort = 990;
}
