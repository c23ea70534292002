package dev.ftp426.tcp;

/**
 * The last segments every endpoint sent, in one tracker-wide ring, to recognise a forwarding host's second copy of a
 * segment (a router's Linux cooked "-i any" capture shows each forwarded segment twice, the copy with the TTL one
 * lower).
 * <p>
 * Each endpoint keeps only the ring position of its newest segment ({@link TcpEndpoint#lastSegment}); each entry
 * links to the same endpoint's previous one, so an endpoint walks back over its own last {@link #PER_ENDPOINT}
 * segments exactly as a private ring of that size would, without 400 bytes of arrays in every flow. Positions are
 * absolute write counts: an entry is still there while fewer than the ring's capacity were written after it. A copy
 * follows its original within {@link #FORWARD_COPY_NANOS}, so an overwritten entry could only matter for more
 * segments than that in 2 ms (above 16 million packets per second at the default capacity) or timestamps running
 * backwards.
 */
final class RecentSegments
{
    /** Segments of one endpoint compared with a possible copy: the newest eight, as before. */
    static final int PER_ENDPOINT = 8;
    /** A copy arrives within this time of its original. */
    static final long FORWARD_COPY_NANOS = 2_000_000L;
    /** Largest ring: 2 ms at 16 million packets per second (10 GbE line rate is 14.9 million). */
    static final int MAX_CAPACITY = 1 << 15;
    /** Smallest ring, for very small memory budgets: 2 ms at half a million packets per second. */
    static final int MIN_CAPACITY = 1 << 10;
    /** Heap bytes per entry: four longs. */
    static final int ENTRY_BYTES = 32;
    /** No segment remembered: the value of {@link TcpEndpoint#lastSegment} for a new endpoint. */
    static final long NONE = -1;

    private static final long COPY_SEEN = 1L << 40;

    private final int capacity;
    private final int mask;

    /** Raw seq in the high, raw ack in the low 32 bits. */
    private final long[] key;
    /** Flags (bits 0-11), payload length (12-31), TTL (32-39), copy seen (40). */
    private final long[] meta;
    private final long[] nanos;
    /** Position of the same endpoint's previous segment, or {@link #NONE}. */
    private final long[] previous;
    private long written;

    /** @param capacity entries, a power of two. */
    RecentSegments(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        mask = capacity - 1;
        key = new long[capacity];
        meta = new long[capacity];
        nanos = new long[capacity];
        previous = new long[capacity];
    }

    /** Heap held by a ring of {@code capacity} entries. */
    static long bytes(final int capacity)
    {
        return 4L * (16 + (long)ENTRY_BYTES / 4 * capacity);
    }

    long bytes()
    {
        return bytes(capacity);
    }

    /**
     * True when this segment is a forwarding host's second copy of a recent one of {@code ep}: same seq, ack, flags
     * and length, within {@link #FORWARD_COPY_NANOS}, TTL exactly one lower. Otherwise it is remembered as a
     * possible original. Only the most recent segment with the same header values is compared, so a
     * retransmission (same TTL) is never taken for a copy.
     */
    boolean isForwardedCopy(
        final TcpEndpoint ep, final long seq, final long ack, final int flags, final int length, final long tsNanos,
        final int ttl)
    {
        final long k = (seq & 0xffff_ffffL) << 32 | (ack & 0xffff_ffffL);
        final long header = (flags & 0xfffL) | (long)(length & 0xfffff) << 12;
        long position = ep.lastSegment;
        for (int n = 0; n < PER_ENDPOINT && isHeld(position); n++)
        {
            final int i = (int)position & mask;
            final long m = meta[i];
            if (key[i] == k && (m & 0xffff_ffffL) == header)
            {
                final int originalTtl = (int)(m >>> 32) & 0xff;
                if ((m & COPY_SEEN) == 0 && tsNanos - nanos[i] < FORWARD_COPY_NANOS && ttl == originalTtl - 1)
                {
                    meta[i] = m | COPY_SEEN;
                    return true;
                }
                break;
            }
            position = previous[i];
        }
        final int i = (int)written & mask;
        key[i] = k;
        meta[i] = header | (long)(ttl & 0xff) << 32;
        nanos[i] = tsNanos;
        previous[i] = ep.lastSegment;
        ep.lastSegment = written++;
        return false;
    }

    private boolean isHeld(final long position)
    {
        return position >= 0 && written - position <= capacity;
    }
}
