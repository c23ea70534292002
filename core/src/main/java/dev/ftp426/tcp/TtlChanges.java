package dev.ftp426.tcp;

/**
 * How one endpoint's TTL (hop limit) moved after its first packet: range and the first
 * {@link TcpEndpoint#MAX_TTL_CHANGES} changes. Created on the first change; until then the range is the first TTL.
 */
final class TtlChanges
{
    /** Heap bytes of one instance with its two arrays (32 + 16 + 8 * 8 + 16 + 8 * 2). */
    static final int BYTES = 144;

    final long[] frames = new long[TcpEndpoint.MAX_TTL_CHANGES];
    final short[] values = new short[TcpEndpoint.MAX_TTL_CHANGES];
    int count;
    short min;
    short max;

    TtlChanges reset(final int firstTtl)
    {
        count = 0;
        min = (short)firstTtl;
        max = (short)firstTtl;
        return this;
    }

    void add(final long frame, final int ttl)
    {
        if (count < frames.length)
        {
            frames[count] = frame;
            values[count] = (short)ttl;
        }
        count++;
        min = (short)Math.min(min, ttl);
        max = (short)Math.max(max, ttl);
    }
}
