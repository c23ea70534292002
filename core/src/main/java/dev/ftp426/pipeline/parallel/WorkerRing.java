package dev.ftp426.pipeline.parallel;

import dev.ftp426.pcap.Frame;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The off-heap single-producer single-consumer ring (Agrona {@link OneToOneRingBuffer}) from the reader to one worker.
 * Frames of a memory-mapped file stay where they are: the reader writes a small descriptor with their address, many
 * to a record, and the worker re-wraps a {@link Frame} over the mapped bytes (the reader keeps the window mapped until
 * the worker's {@link #consumerPosition()} is past it). Frames of a stream are copied once into a claimed slot, and
 * the worker re-wraps the {@link Frame} over the slot.
 * <p>
 * Copied frame record, after Agrona's record header, native byte order:
 * <pre>
 *   0  long frame number      8  long time stamp (ns)    16  long file offset
 *  24  int  captured length  28  int  original length    32  int  LINKTYPE_ value   36  int interface id
 *  40  captured bytes
 * </pre>
 * Batch record: {@code 0 int count, 8} then {@code count} descriptors of {@link #DESCRIPTOR} bytes:
 * <pre>
 *   0  long address of the frame's first byte        8  long frame number    16  long time stamp (ns)
 *  24  long file offset   32  int captured length   36  int original length   40  int LINKTYPE_   44  int interface id
 * </pre>
 * Clock record: {@code 0 long time stamp, 8 long the frame after which the tick happened}.
 */
final class WorkerRing
{
    static final int MSG_FRAME = 1;
    static final int MSG_CLOCK = 2;
    static final int MSG_BATCH = 3;
    static final int FRAME_NUMBER = 0;
    static final int TIMESTAMP = 8;
    static final int FILE_OFFSET = 16;
    static final int CAPTURED_LENGTH = 24;
    static final int ORIGINAL_LENGTH = 28;
    static final int LINK_TYPE = 32;
    static final int INTERFACE_ID = 36;
    static final int HEADER = 40;
    static final int CLOCK_LENGTH = 16;
    static final int BATCH_HEADER = 8;
    static final int D_ADDRESS = 0;
    static final int D_FRAME_NUMBER = 8;
    static final int D_TIMESTAMP = 16;
    static final int D_FILE_OFFSET = 24;
    static final int D_CAPTURED_LENGTH = 32;
    static final int D_ORIGINAL_LENGTH = 36;
    static final int D_LINK_TYPE = 40;
    static final int D_INTERFACE_ID = 44;
    static final int DESCRIPTOR = 48;
    /** Descriptors per batch record: one claim and one commit for this many frames. */
    static final int BATCH = 64;

    private final OneToOneRingBuffer ring;
    private final MutableDirectBuffer buffer;
    private final int maxFrameLength;
    private int batchIndex = -1;
    private int batchCount;

    WorkerRing(final int capacityBytes)
    {
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(capacityBytes, 1 << 16));
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(capacity + RingBufferDescriptor.TRAILER_LENGTH, 64)));
        buffer = ring.buffer();
        maxFrameLength = ring.maxMsgLength() - HEADER;
    }

    /** Largest captured length one record carries; longer frames are cut to it (counted by the caller). */
    int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Adds the descriptor of a frame read in place to the open batch record (claimed first when none is open), or
     * returns false at once when the ring has no room for a new batch. A full batch is committed; a partial one by
     * {@link #flush()}.
     */
    boolean offerInPlace(final Frame frame)
    {
        int index = batchIndex;
        if (index < 0)
        {
            index = ring.tryClaim(MSG_BATCH, BATCH_HEADER + BATCH * DESCRIPTOR);
            if (index < 0)
            {
                return false;
            }
            batchIndex = index;
            batchCount = 0;
        }
        final MutableDirectBuffer b = buffer;
        final int d = index + BATCH_HEADER + batchCount * DESCRIPTOR;
        b.putLong(d + D_ADDRESS, frame.buffer().addressOffset());
        b.putLong(d + D_FRAME_NUMBER, frame.frameNumber());
        b.putLong(d + D_TIMESTAMP, frame.timestampNanos());
        b.putLong(d + D_FILE_OFFSET, frame.fileOffset());
        b.putInt(d + D_CAPTURED_LENGTH, frame.capturedLength());
        b.putInt(d + D_ORIGINAL_LENGTH, frame.originalLength());
        b.putInt(d + D_LINK_TYPE, frame.linkType());
        b.putInt(d + D_INTERFACE_ID, frame.interfaceId());
        if (++batchCount == BATCH)
        {
            flush();
        }
        return true;
    }

    /** Commits the open batch record, if any, so the worker sees every frame offered so far. */
    void flush()
    {
        final int index = batchIndex;
        if (index >= 0)
        {
            buffer.putInt(index, batchCount);
            batchIndex = -1;
            ring.commit(index);
        }
    }

    /** Bytes the reader has put in (claimed records included). */
    long producerPosition()
    {
        return ring.producerPosition();
    }

    /** Bytes the worker has finished with: every record before this position has been handled. */
    long consumerPosition()
    {
        return ring.consumerPosition();
    }

    /** Copies a frame in, or returns false at once when the ring is full. */
    boolean offer(final Frame frame, final int capturedLength)
    {
        flush();
        final int index = ring.tryClaim(MSG_FRAME, HEADER + capturedLength);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer b = buffer;
        b.putLong(index + FRAME_NUMBER, frame.frameNumber());
        b.putLong(index + TIMESTAMP, frame.timestampNanos());
        b.putLong(index + FILE_OFFSET, frame.fileOffset());
        b.putInt(index + CAPTURED_LENGTH, capturedLength);
        b.putInt(index + ORIGINAL_LENGTH, frame.originalLength());
        b.putInt(index + LINK_TYPE, frame.linkType());
        b.putInt(index + INTERFACE_ID, frame.interfaceId());
        b.putBytes(index + HEADER, frame.buffer(), 0, capturedLength);
        ring.commit(index);
        return true;
    }

    /** Tells the worker that capture time reached {@code tsNanos} with frame {@code afterFrame}. */
    boolean offerClock(final long tsNanos, final long afterFrame)
    {
        flush();
        final int index = ring.tryClaim(MSG_CLOCK, CLOCK_LENGTH);
        if (index < 0)
        {
            return false;
        }
        buffer.putLong(index, tsNanos);
        buffer.putLong(index + 8, afterFrame);
        ring.commit(index);
        return true;
    }

    int read(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }
}
