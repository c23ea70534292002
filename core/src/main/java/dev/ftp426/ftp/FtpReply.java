package dev.ftp426.ftp;

import org.agrona.DirectBuffer;

/**
 * View of one complete server reply (all lines of a multi-line reply) for {@link FtpEventListener#onReply};
 * valid during the call only. {@link #toRecord()} makes a keepable copy.
 */
public final class FtpReply
{
    DirectBuffer text;
    int textLength;
    boolean textTruncated;
    int code;
    int lineCount;
    boolean damaged;
    boolean endedByForeignCode;
    boolean unsolicited;
    int answeringVerb;
    long answeringFrame = -1;
    long frame;
    long ts;
    long endFrame;
    long endTs;

    public int code()
    {
        return code;
    }

    /** Text after the code, lines joined by '\n'. */
    public DirectBuffer text()
    {
        return text;
    }

    public int textLength()
    {
        return textLength;
    }

    public String textString()
    {
        return FtpText.decode(text, 0, textLength);
    }

    public boolean textTruncated()
    {
        return textTruncated;
    }

    public int lineCount()
    {
        return lineCount;
    }

    /** Cut or started by a capture gap, or a multi-line block closed by the line bound. */
    public boolean damaged()
    {
        return damaged;
    }

    /** A multi-line block ended by a line with another code (RFC 959 says it should not; see FtpSession). */
    public boolean endedByForeignCode()
    {
        return endedByForeignCode;
    }

    /** No command was waiting for a reply (greeting, 421 timeout, or a command lost in a gap). */
    public boolean unsolicited()
    {
        return unsolicited;
    }

    /** Packed verb of the command this reply answers, or {@link FtpVerbs#NONE}. */
    public int answeringVerb()
    {
        return answeringVerb;
    }

    /** Frame of the command this reply answers, or -1. */
    public long answeringFrame()
    {
        return answeringFrame;
    }

    /** Frame of the segment with the reply's first byte: the frame tshark shows the reply code in. */
    public long frame()
    {
        return frame;
    }

    public long ts()
    {
        return ts;
    }

    /** Frame of the segment with the reply's last byte. */
    public long endFrame()
    {
        return endFrame;
    }

    public long endTs()
    {
        return endTs;
    }

    public FtpReplyRecord toRecord()
    {
        return new FtpReplyRecord(code, textString(), textTruncated, lineCount, frame, ts, endFrame, endTs, damaged);
    }
}
