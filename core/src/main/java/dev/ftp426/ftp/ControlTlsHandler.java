package dev.ftp426.ftp;

import org.agrona.DirectBuffer;

/**
 * Takes the TLS bytes of encrypted control connections off the tracker, so they can be decrypted elsewhere (with a
 * key log) and the plaintext fed back through {@link FtpTracker#onDecryptedControlBytes}.
 * <p>
 * Each direction's bytes start where TLS starts: the client's after its {@code AUTH} line, the server's after its
 * {@code 234} reply line (byte 0 of both on implicit TLS), and stop where clear text comes back (CCC). Directions
 * are the TCP stage's: {@code fromInitiator} as in {@link FtpTracker#onControlBytes}.
 */
public interface ControlTlsHandler
{
    /** TLS bytes of one direction of a control connection, in order; the buffer is valid during the call only. */
    void onTlsBytes(long controlFlowId, boolean fromInitiator, DirectBuffer buffer, int offset, int length,
        long frame, long ts);

    /** {@code bytes} of TLS in one direction are missing from the capture. */
    void onTlsGap(long controlFlowId, boolean fromInitiator, long bytes, long frame, long ts);
}
