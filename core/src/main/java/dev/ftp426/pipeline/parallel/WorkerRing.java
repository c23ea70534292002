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
 * The reader copies each frame once into a claimed slot; the worker re-wraps a {@link Frame} over the slot.
 * <p>
 * Frame record, after Agrona's record header, native byte order:
 * <pre>
 *   0  long frame number      8  long time stamp (ns)    16  long file offset
 *  24  int  captured length  28  int  original length    32  int  LINKTYPE_ value   36  int interface id
 *  40  captured bytes
 * </pre>
 * Clock record: {@code 0 long time stamp, 8 long the frame after which the tick happened}.
 */
final class WorkerRing
{
    static final int MSG_FRAME = 1;
    static final int MSG_CLOCK = 2;
    static final int FRAME_NUMBER = 0;
    static final int TIMESTAMP = 8;
    static final int FILE_OFFSET = 16;
    static final int CAPTURED_LENGTH = 24;
    static final int ORIGINAL_LENGTH = 28;
    static final int LINK_TYPE = 32;
    static final int INTERFACE_ID = 36;
    static final int HEADER = 40;
    static final int CLOCK_LENGTH = 16;

    private final OneToOneRingBuffer ring;
    private final MutableDirectBuffer buffer;
    private final int maxFrameLength;

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

    /** Copies a frame in, or returns false at once when the ring is full. */
    boolean offer(final Frame frame, final int capturedLength)
    {
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

    boolean isEmpty()
    {
        return ring.size() == 0;
    }
}
