package dev.ftp426.capture.live;

import java.util.concurrent.atomic.AtomicLong;

import dev.ftp426.pcap.FrameHandler;

/**
 * The consumer side of one capture shard: reads frame records from its {@link FrameRing} and hands each, as a
 * {@link dev.ftp426.pcap.Frame} over the ring slot, to a {@link FrameHandler} (the same pipeline as offline runs).
 * One thread polls a source.
 */
public final class RingFrameSource
{
    private final FrameRing ring;
    private final int shard;
    private final AtomicLong delivered = new AtomicLong();
    private long deliveredCount;

    public RingFrameSource(final FrameRing ring, final int shard)
    {
        this.ring = ring;
        this.shard = shard;
    }

    /**
     * Delivers up to {@code limit} waiting frames.
     *
     * @return frames delivered; 0 when the ring was empty.
     */
    public int poll(final FrameHandler handler, final int limit)
    {
        final int count = ring.poll(handler, limit);
        if (count > 0)
        {
            deliveredCount += count;
            delivered.lazySet(deliveredCount);
        }
        return count;
    }

    public int shard()
    {
        return shard;
    }

    /** Frames delivered so far; readable from any thread. */
    public long delivered()
    {
        return delivered.get();
    }

    public boolean isEmpty()
    {
        return 0 == ring.size();
    }

    public FrameRing ring()
    {
        return ring;
    }
}
