package dev.ftp426.tls;

import org.agrona.DirectBuffer;

/** Receives decrypted application data from a {@link TlsDecryptor}. Buffers are only valid during the call. */
@FunctionalInterface
public interface TlsPlaintextListener
{
    TlsPlaintextListener NONE = (direction, buffer, offset, length, frame, tsNanos) -> {};

    /**
     * Decrypted application_data bytes of one record, in stream order per direction.
     *
     * @param direction 0 from the TCP initiator, 1 from the responder (as fed to the {@link TlsRecordTracker}).
     * @param frame     frame that completed the record.
     */
    void onPlaintext(int direction, DirectBuffer buffer, int offset, int length, long frame, long tsNanos);

    /** A decrypted (inner) alert; {@code description} 0 is close_notify. Facts are kept in {@link TlsFacts} too. */
    default void onAlert(final int direction, final int level, final int description, final long frame,
        final long tsNanos)
    {
    }
}
