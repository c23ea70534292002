package dev.ftp426.capture.live;

import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A single-producer single-consumer ring of captured frames in off-heap memory.
 * <p>
 * Each record starts with an 8-byte record header (int record length, int type) and, for a frame, continues with
 * the frame header below, all in native byte order; records are aligned to 8 bytes, and a padding record fills the
 * end of the buffer when the next record does not fit there:
 * <pre>
 *   0  long frame number (1-based, in libpcap delivery order; gaps mean ring drops)
 *   8  long time stamp, nanoseconds since the epoch
 *  16  int  captured length
 *  20  int  original length
 *  24  int  LINKTYPE_ value
 *  28  int  reserved
 *  32  captured bytes
 * </pre>
 * The producer copies each frame once, from wherever libpcap left it, into the ring, then publishes its position
 * with one ordered store; the consumer reads the producer's position once per {@link #poll}, re-wraps a
 * {@link Frame} over each record, and publishes its own position once per poll. Unlike a ring whose consumer zeroes
 * every record it reads (Agrona's {@code OneToOneRingBuffer}, which finds records by their non-zero length), the
 * positions alone say what is readable, so the consumer writes nothing into the records: no second pass over every
 * frame's bytes and no cache lines bounced back to the producer. Nothing is allocated or copied on the Java heap.
 */
public final class FrameRing
{
    public static final int MSG_TYPE_FRAME = 1;
    public static final int FRAME_NUMBER_OFFSET = 0;
    public static final int TIMESTAMP_OFFSET = 8;
    public static final int CAPTURED_LENGTH_OFFSET = 16;
    public static final int ORIGINAL_LENGTH_OFFSET = 20;
    public static final int LINK_TYPE_OFFSET = 24;
    public static final int HEADER_LENGTH = 32;

    /** Record header: int length of the record (unaligned), int type. */
    static final int RECORD_HEADER_LENGTH = 8;
    static final int RECORD_ALIGNMENT = 8;
    static final int MSG_TYPE_PADDING = -1;
    /** Producer position (bytes ever written) and consumer position, each on its own pair of cache lines. */
    private static final int TAIL_POSITION_OFFSET = 0;
    private static final int HEAD_POSITION_OFFSET = 128;
    static final int TRAILER_LENGTH = 256;

    private final UnsafeBuffer buffer;
    private final int capacity;
    private final int mask;
    private final int tailPositionIndex;
    private final int headPositionIndex;
    private final int maxFrameLength;
    private final Frame frame = new Frame();

    /** Producer's own copy of its position, and the consumer position it last read. */
    private long producerPosition;
    private long headCache;
    /** Consumer's own copy of its position. */
    private long consumerPosition;

    /**
     * @param capacityBytes ring data capacity; rounded up to a power of two (at least 4096).
     */
    public FrameRing(final int capacityBytes)
    {
        capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(capacityBytes, 4096));
        mask = capacity - 1;
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity + TRAILER_LENGTH, 64));
        tailPositionIndex = capacity + TAIL_POSITION_OFFSET;
        headPositionIndex = capacity + HEAD_POSITION_OFFSET;
        maxFrameLength = capacity / 8 - RECORD_HEADER_LENGTH - HEADER_LENGTH;
    }

    /** The smallest ring capacity that holds frames of {@code snaplen} bytes (a record may take capacity / 8). */
    public static int minimumCapacity(final int snaplen)
    {
        return BitUtil.findNextPositivePowerOfTwo(8 * (snaplen + HEADER_LENGTH + RECORD_HEADER_LENGTH));
    }

    public int capacity()
    {
        return capacity;
    }

    /** Largest captured length a record can carry. */
    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Copies one frame into the ring, or refuses at once when there is no room (the caller counts the drop).
     * Producer thread only.
     *
     * @param source         where the frame bytes are (e.g. an {@link UnsafeBuffer} wrapped on libpcap's buffer).
     * @param offset         offset of the first byte in {@code source}.
     * @param capturedLength bytes to copy.
     * @param originalLength bytes on the wire.
     * @param timestampNanos capture time.
     * @param linkType       LINKTYPE_ value.
     * @param frameNumber    1-based number.
     * @return false when the ring is full or the frame larger than {@link #maxFrameLength()}.
     */
    public boolean offer(
        final DirectBuffer source,
        final int offset,
        final int capturedLength,
        final int originalLength,
        final long timestampNanos,
        final int linkType,
        final long frameNumber)
    {
        if (capturedLength > maxFrameLength || capturedLength < 0)
        {
            return false;
        }
        final UnsafeBuffer buffer = this.buffer;
        final int recordLength = RECORD_HEADER_LENGTH + HEADER_LENGTH + capturedLength;
        final int alignedLength = BitUtil.align(recordLength, RECORD_ALIGNMENT);
        final long tail = producerPosition;
        int index = (int)tail & mask;
        final int toEnd = capacity - index;
        final int required = alignedLength > toEnd ? toEnd + alignedLength : alignedLength;
        if (tail + required - headCache > capacity)
        {
            headCache = buffer.getLongVolatile(headPositionIndex);
            if (tail + required - headCache > capacity)
            {
                return false;
            }
        }

        if (alignedLength > toEnd)
        {
            buffer.putInt(index, toEnd);
            buffer.putInt(index + 4, MSG_TYPE_PADDING);
            index = 0;
        }
        buffer.putInt(index, recordLength);
        buffer.putInt(index + 4, MSG_TYPE_FRAME);
        final int header = index + RECORD_HEADER_LENGTH;
        buffer.putLong(header + FRAME_NUMBER_OFFSET, frameNumber);
        buffer.putLong(header + TIMESTAMP_OFFSET, timestampNanos);
        buffer.putInt(header + CAPTURED_LENGTH_OFFSET, capturedLength);
        buffer.putInt(header + ORIGINAL_LENGTH_OFFSET, originalLength);
        buffer.putInt(header + LINK_TYPE_OFFSET, linkType);
        buffer.putInt(header + LINK_TYPE_OFFSET + 4, 0);
        buffer.putBytes(header + HEADER_LENGTH, source, offset, capturedLength);

        final long newTail = tail + required;
        producerPosition = newTail;
        buffer.putLongOrdered(tailPositionIndex, newTail);
        return true;
    }

    /**
     * Hands up to {@code limit} frames to {@code handler}; each {@link Frame} is a view of the ring slot, valid only
     * during the call. The slots are given back to the producer when the poll returns (or throws: the frame whose
     * handler threw counts as consumed). Consumer thread only.
     *
     * @return frames handled.
     */
    public int poll(final FrameHandler handler, final int limit)
    {
        final UnsafeBuffer buffer = this.buffer;
        final Frame frame = this.frame;
        final long tail = buffer.getLongVolatile(tailPositionIndex);
        long head = consumerPosition;
        int handled = 0;
        try
        {
            while (head < tail && handled < limit)
            {
                final int index = (int)head & mask;
                final int recordLength = buffer.getInt(index);
                if (MSG_TYPE_FRAME != buffer.getInt(index + 4))
                {
                    head += recordLength;
                    continue;
                }
                head += BitUtil.align(recordLength, RECORD_ALIGNMENT);
                final int header = index + RECORD_HEADER_LENGTH;
                frame.wrap(
                    buffer,
                    header + HEADER_LENGTH,
                    buffer.getInt(header + CAPTURED_LENGTH_OFFSET),
                    buffer.getInt(header + ORIGINAL_LENGTH_OFFSET),
                    buffer.getLong(header + TIMESTAMP_OFFSET),
                    buffer.getInt(header + LINK_TYPE_OFFSET),
                    0,
                    buffer.getLong(header + FRAME_NUMBER_OFFSET),
                    -1);
                handled++;
                handler.onFrame(frame);
            }
        }
        finally
        {
            if (head != consumerPosition)
            {
                consumerPosition = head;
                buffer.putLongOrdered(headPositionIndex, head);
            }
        }
        return handled;
    }

    /** Bytes waiting to be consumed; 0 when empty. Any thread. */
    public int size()
    {
        final long head = buffer.getLongVolatile(headPositionIndex);
        final long tail = buffer.getLongVolatile(tailPositionIndex);
        return (int)Math.max(0, tail - head);
    }
}
