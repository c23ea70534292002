package dev.ftp426.attribution;

/**
 * The TTL (hop limit) of an endpoint's ordinary packets (not RSTs) on one connection.
 * <p>
 * Forged resets carry the forger's TTL, so comparing a RST with this baseline is a forgery test. Comparison is by
 * hop distance: the nearest initial TTL of 64, 128 or 255 at or above the observed value, minus the observed value.
 * A router capture with Linux cooked "any" shows forwarded packets twice (TTL t in, t - 1 out), so min and max can
 * differ by one there.
 *
 * @param first   TTL of the endpoint's first packet.
 * @param min     lowest TTL seen.
 * @param max     highest TTL seen.
 * @param samples number of packets the baseline rests on; 0 means no baseline.
 */
public record TtlBaseline(int first, int min, int max, long samples)
{
    /** No packet seen. */
    public static final TtlBaseline NONE = new TtlBaseline(0, 0, 0, 0);

    /** A baseline of packets that all carried the same TTL. */
    public static TtlBaseline of(final int ttl, final long samples)
    {
        return new TtlBaseline(ttl, ttl, ttl, samples);
    }

    /** True when there is something to compare against. */
    public boolean known()
    {
        return samples > 0;
    }

    /** Hop distance from the sender to the capture point, for the nearest packet (highest TTL). */
    public int hopDistance()
    {
        return hopDistance(max);
    }

    /** True when a packet with this TTL fits the baseline (within the min..max band). */
    public boolean matches(final int ttl)
    {
        return known() && ttl >= min && ttl <= max;
    }

    /** The initial TTL a sender most likely used: the nearest of 64, 128, 255 at or above the observed value. */
    public static int initialTtl(final int observed)
    {
        return observed <= 64 ? 64 : observed <= 128 ? 128 : 255;
    }

    /** Hops between sender and capture point implied by one observed TTL. */
    public static int hopDistance(final int observed)
    {
        return initialTtl(observed) - observed;
    }
}
