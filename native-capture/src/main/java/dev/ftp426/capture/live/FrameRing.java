package dev.ftp426.capture.live;

import java.nio.ByteBuffer;

import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A single-producer single-consumer ring of captured frames in off-heap memory (Agrona {@link OneToOneRingBuffer}).
 * <p>
 * Record layout after Agrona's own 8-byte record header, all in native byte order:
 * <pre>
 *   0  long frame number (1-based, in libpcap delivery order; gaps mean ring drops)
 *   8  long time stamp, nanoseconds since the epoch
 *  16  int  captured length
 *  20  int  original length
 *  24  int  LINKTYPE_ value
 *  28  int  reserved
 *  32  captured bytes
 * </pre>
 * The producer copies each frame once, from wherever libpcap left it, into a claimed slot; the consumer re-wraps a
 * {@link Frame} over the slot, so nothing is allocated or copied on the Java heap.
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

    private final ByteBuffer memory;
    private final OneToOneRingBuffer ring;
    private final MutableDirectBuffer ringBuffer;
    private final int maxFrameLength;
    private final Frame frame = new Frame();
    private final MessageHandler messageHandler = this::onMessage;
    private FrameHandler handler;
    private int handled;

    /**
     * @param capacityBytes ring data capacity; rounded up to a power of two.
     */
    public FrameRing(final int capacityBytes)
    {
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(capacityBytes, 4096));
        memory = BufferUtil.allocateDirectAligned(capacity + RingBufferDescriptor.TRAILER_LENGTH, 64);
        ring = new OneToOneRingBuffer(new UnsafeBuffer(memory));
        ringBuffer = ring.buffer();
        maxFrameLength = ring.maxMsgLength() - HEADER_LENGTH;
    }

    /** The smallest ring capacity that holds frames of {@code snaplen} bytes (Agrona allows capacity / 8 per record). */
    public static int minimumCapacity(final int snaplen)
    {
        return BitUtil.findNextPositivePowerOfTwo(8 * (snaplen + HEADER_LENGTH + RingBufferDescriptor.TRAILER_LENGTH));
    }

    public int capacity()
    {
        return ring.capacity();
    }

    /** Largest captured length a record can carry. */
    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Copies one frame into the ring, or refuses at once when there is no room (the caller counts the drop).
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
        if (capturedLength > maxFrameLength)
        {
            return false;
        }
        final int index = ring.tryClaim(MSG_TYPE_FRAME, HEADER_LENGTH + capturedLength);
        if (index < 0)
        {
            return false;
        }
        final MutableDirectBuffer buffer = ringBuffer;
        buffer.putLong(index + FRAME_NUMBER_OFFSET, frameNumber);
        buffer.putLong(index + TIMESTAMP_OFFSET, timestampNanos);
        buffer.putInt(index + CAPTURED_LENGTH_OFFSET, capturedLength);
        buffer.putInt(index + ORIGINAL_LENGTH_OFFSET, originalLength);
        buffer.putInt(index + LINK_TYPE_OFFSET, linkType);
        buffer.putInt(index + LINK_TYPE_OFFSET + 4, 0);
        buffer.putBytes(index + HEADER_LENGTH, source, offset, capturedLength);
        ring.commit(index);
        return true;
    }

    /**
     * Hands up to {@code limit} frames to {@code handler}; each {@link Frame} is a view of the ring slot, valid only
     * during the call. Consumer thread only.
     *
     * @return frames handled.
     */
    public int poll(final FrameHandler handler, final int limit)
    {
        this.handler = handler;
        handled = 0;
        try
        {
            ring.read(messageHandler, limit);
        }
        finally
        {
            this.handler = null;
        }
        return handled;
    }

    /** Bytes waiting to be consumed; 0 when empty. */
    public int size()
    {
        return ring.size();
    }

    RingBuffer ringBuffer()
    {
        return ring;
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (MSG_TYPE_FRAME != msgTypeId)
        {
            return;
        }
        final int capturedLength = buffer.getInt(index + CAPTURED_LENGTH_OFFSET);
        frame.wrap(
            buffer,
            index + HEADER_LENGTH,
            capturedLength,
            buffer.getInt(index + ORIGINAL_LENGTH_OFFSET),
            buffer.getLong(index + TIMESTAMP_OFFSET),
            buffer.getInt(index + LINK_TYPE_OFFSET),
            0,
            buffer.getLong(index + FRAME_NUMBER_OFFSET),
            -1);
        handled++;
        handler.onFrame(frame);
    }
}
