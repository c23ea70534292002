package dev.ftp426.pcap;

import java.io.IOException;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Classic libpcap format: a 24-byte file header, then records of a 16-byte header and the frame bytes.
 * <p>
 * Records carry no check of their own, so damage is found by lengths: a captured length above
 * {@link #MAX_CAPTURED_LENGTH}, or a record whose successor header is impossible while the record itself does not
 * look like a real one. The reader then scans forward byte by byte for a position where two consecutive record
 * headers are plausible (sane lengths, a timestamp close to the last good one) and records the bytes it stepped over.
 */
final class PcapReader extends AbstractCaptureReader
{
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;

    /** Original lengths above this are taken as implausible while resynchronising. */
    private static final long MAX_PLAUSIBLE_ORIGINAL_LENGTH = 16 * 1024 * 1024;
    /** A record found while resynchronising may be at most this much earlier than the last good one... */
    private static final long MAX_BACKWARD_SECONDS = 60;
    /** ...and at most this much later. */
    private static final long MAX_FORWARD_SECONDS = 86_400;

    private final ByteOrder order;
    private final boolean nanos;
    private final int snapLength;
    private final CaptureStats.InterfaceStats iface;
    private long position = FILE_HEADER_LENGTH;
    private long lastSeconds = -1;

    PcapReader(
        final ByteSource source,
        final CaptureStats stats,
        final long inputSize,
        final ByteOrder order,
        final boolean nanos,
        final int snapLength,
        final int linkTypeField)
    {
        super(source, stats, inputSize);
        this.order = order;
        this.nanos = nanos;
        this.snapLength = snapLength;
        final int linkType = linkTypeField & 0xffff;
        final int fcsLength = 0 != (linkTypeField & 0x04000000) ? ((linkTypeField >>> 28) & 0xf) * 2 : -1;
        iface = stats.addInterface(new CaptureStats.InterfaceStats(
            0, 0, linkType, snapLength, "", fcsLength, nanos ? "10^-9" : "10^-6", 0, 0, 0));
    }

    @Override
    boolean step(final FrameHandler handler) throws IOException
    {
        while (true)
        {
            final long recordOffset = position;
            final int headerAvailable = source.request(recordOffset, RECORD_HEADER_LENGTH);
            if (0 == headerAvailable)
            {
                return end();
            }
            if (headerAvailable < RECORD_HEADER_LENGTH)
            {
                return endInsideRecord(recordOffset, headerAvailable, "record header");
            }

            UnsafeBuffer buffer = source.buffer();
            int index = source.index(recordOffset);
            final int capturedLength = buffer.getInt(index + 8, order);
            if (!possibleLength(capturedLength))
            {
                if (!resync(recordOffset, recordOffset + 1, "impossible captured length " +
                    Integer.toUnsignedString(capturedLength)))
                {
                    return false;
                }
                continue;
            }

            final int recordLength = RECORD_HEADER_LENGTH + capturedLength;
            final int available = source.request(recordOffset, recordLength + RECORD_HEADER_LENGTH);
            if (available < recordLength)
            {
                if (looksLikeRecord(recordOffset, lastSeconds, true))
                {
                    return endInsideRecord(recordOffset, available, "record");
                }
                if (!resync(recordOffset, recordOffset + 1, "record runs past the end of the input"))
                {
                    return false;
                }
                continue;
            }

            buffer = source.buffer();
            index = source.index(recordOffset);
            if (available >= recordLength + RECORD_HEADER_LENGTH &&
                !looksLikeRecord(recordOffset + recordLength, buffer.getInt(index, order) & 0xffff_ffffL, false) &&
                !(looksLikeRecord(recordOffset, lastSeconds, true) && wholeOrSnapped(recordOffset)))
            {
                // The next header is not real and this record is dubious: its length is probably damaged.
                if (!resync(recordOffset, recordOffset + 1, "implausible record followed by an impossible header"))
                {
                    return false;
                }
                continue;
            }

            final long seconds = buffer.getInt(index, order) & 0xffff_ffffL;
            final long fraction = buffer.getInt(index + 4, order) & 0xffff_ffffL;
            final int originalLength = buffer.getInt(index + 12, order);
            final long timestampNanos = seconds * NANOS_PER_SECOND + (nanos ? fraction : fraction * 1000);
            lastSeconds = seconds;
            position = recordOffset + recordLength;
            deliver(handler, buffer, index + RECORD_HEADER_LENGTH, capturedLength, originalLength, timestampNanos,
                iface, recordOffset);
            return true;
        }
    }

    private static boolean possibleLength(final int capturedLength)
    {
        return capturedLength >= 0 && capturedLength <= MAX_CAPTURED_LENGTH;
    }

    /**
     * Scans from {@code from} for two consecutive plausible records and continues there.
     *
     * @return true when reading can continue, false when the rest of the input was skipped (reader done).
     */
    private boolean resync(final long damageOffset, final long from, final String reason) throws IOException
    {
        long candidate = from;
        while (true)
        {
            final int available = source.request(candidate, RECORD_HEADER_LENGTH);
            if (available < RECORD_HEADER_LENGTH)
            {
                final long end = candidate + available;
                stats.skipped(damageOffset, end - damageOffset, reason + " at offset " + damageOffset +
                    "; no later record found");
                done = true;
                return false;
            }
            if (looksLikeRecord(candidate, lastSeconds, true) && plausibleSuccessor(candidate))
            {
                stats.skipped(damageOffset, candidate - damageOffset, reason + " at offset " + damageOffset);
                position = candidate;
                return true;
            }
            candidate++;
        }
    }

    /**
     * The record header at {@code offset} (already requested) looks real: a possible captured length, a valid
     * fraction of a second and a time close to {@code previousSeconds} (unless negative); when {@code strict}, also
     * lengths consistent with each other and with the snaplen (some writers break those, so the check that decides
     * whether to distrust a record in normal reading does not rely on them alone).
     */
    private boolean looksLikeRecord(final long offset, final long previousSeconds, final boolean strict)
    {
        final UnsafeBuffer buffer = source.buffer();
        final int index = source.index(offset);
        final long seconds = buffer.getInt(index, order) & 0xffff_ffffL;
        final long fraction = buffer.getInt(index + 4, order) & 0xffff_ffffL;
        final int capturedLength = buffer.getInt(index + 8, order);
        final long originalLength = buffer.getInt(index + 12, order) & 0xffff_ffffL;
        if (!possibleLength(capturedLength))
        {
            return false;
        }
        if (strict && ((snapLength > 0 && capturedLength > snapLength) || originalLength < capturedLength ||
            originalLength > MAX_PLAUSIBLE_ORIGINAL_LENGTH))
        {
            return false;
        }
        if (fraction >= (nanos ? NANOS_PER_SECOND : 1_000_000))
        {
            return false;
        }
        return previousSeconds < 0 ||
            (seconds >= previousSeconds - MAX_BACKWARD_SECONDS && seconds <= previousSeconds + MAX_FORWARD_SECONDS);
    }

    /** The record at {@code offset} holds its whole frame, or exactly the snaplen: the usual, trustworthy cases. */
    private boolean wholeOrSnapped(final long offset)
    {
        final UnsafeBuffer buffer = source.buffer();
        final int index = source.index(offset);
        final int capturedLength = buffer.getInt(index + 8, order);
        return capturedLength == buffer.getInt(index + 12, order) || capturedLength == snapLength;
    }

    /**
     * The record after the plausible one at {@code offset} is plausible too (its time close to the candidate's), or
     * the input ends right after the candidate.
     */
    private boolean plausibleSuccessor(final long offset) throws IOException
    {
        final UnsafeBuffer buffer = source.buffer();
        final int index = source.index(offset);
        final long seconds = buffer.getInt(index, order) & 0xffff_ffffL;
        final int recordLength = RECORD_HEADER_LENGTH + buffer.getInt(index + 8, order);
        final int available = source.request(offset, recordLength + RECORD_HEADER_LENGTH);
        if (available < recordLength)
        {
            return false; // the candidate would run past the end: nothing confirms it
        }
        if (available < recordLength + RECORD_HEADER_LENGTH)
        {
            return true; // the input ends right after the candidate, perhaps inside the next header
        }
        return looksLikeRecord(offset + recordLength, seconds, true);
    }
}
