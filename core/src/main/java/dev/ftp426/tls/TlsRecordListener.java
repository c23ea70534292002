package dev.ftp426.tls;

import org.agrona.DirectBuffer;

/**
 * Receives complete TLS records from a {@link TlsRecordTracker}, after the tracker has updated its {@link TlsFacts}
 * (so a ServerHello is already in the facts when its record is handed over). Buffers are only valid during the call.
 */
public interface TlsRecordListener
{
    /**
     * One complete record.
     *
     * @param direction   0 from the TCP initiator, 1 from the responder.
     * @param contentType the record's outer content type.
     * @param version     the record header's version field.
     * @param buffer      holds the fragment (the bytes after the 5-byte header).
     * @param offset      first fragment byte.
     * @param length      fragment length.
     * @param frame       frame that completed the record.
     * @param tsNanos     capture time of that frame.
     */
    void onRecord(
        int direction, int contentType, int version, DirectBuffer buffer, int offset, int length, long frame, long tsNanos);

    /**
     * A record whose header was seen but part of whose fragment fell into a capture gap: the record boundaries are
     * still known, but the record cannot be read (a decryptor still counts its sequence number).
     */
    default void onRecordLost(final int direction, final int contentType, final int length, final long frame,
        final long tsNanos)
    {
    }

    /**
     * Record boundaries were lost (a gap covered a header, or bytes that are not a record header appeared): an
     * unknown number of records is missing before the next record delivered in this direction.
     */
    default void onSyncLost(final int direction, final long frame, final long tsNanos)
    {
    }
}
