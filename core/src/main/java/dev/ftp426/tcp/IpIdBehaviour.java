package dev.ftp426.tcp;

/**
 * How a sender fills the IPv4 identification field, from a cheap running classifier. A RST whose IP ID breaks the
 * sender's pattern is weak evidence of injection (field guide §5, signal 5).
 */
public final class IpIdBehaviour
{
    /** Fewer than three packets, or IPv6. */
    public static final int UNKNOWN = 0;
    /** Always zero (Linux with DF set on connected sockets). */
    public static final int ZERO = 1;
    /** Mostly small positive steps: a per-host or per-flow counter. */
    public static final int INCREMENTING = 2;
    /** Anything else: random or hashed ids. */
    public static final int RANDOM = 3;

    /** Largest step (mod 2^16) still counted as an increment; other flows of the host share the counter. */
    public static final int MAX_INCREMENT = 2048;

    private IpIdBehaviour()
    {
    }

    public static String name(final int behaviour)
    {
        switch (behaviour)
        {
            case ZERO: return "zero";
            case INCREMENTING: return "incrementing";
            case RANDOM: return "random";
            default: return "unknown";
        }
    }

    static int classify(final int samples, final int zeros, final int increments)
    {
        if (samples < 3)
        {
            return UNKNOWN;
        }
        if (zeros == samples)
        {
            return ZERO;
        }
        if (increments * 10 >= (samples - 1) * 8)
        {
            return INCREMENTING;
        }
        return RANDOM;
    }
}
