package dev.ftp426.ftp;

/**
 * A mutable address and port parsed out of an FTP command or reply, reused so parsing allocates nothing.
 * <p>
 * The address is 128 bits ({@link #hi()}, {@link #lo()}); IPv4 is stored IPv4-mapped ({@code ::ffff:a.b.c.d}) as in
 * {@code DecodedPacket}. A reply that gives only a port (EPSV 229) leaves {@link #hasAddress()} false.
 */
public final class HostPort
{
    public static final long V4_MAPPED_LO_PREFIX = 0x0000_ffff_0000_0000L;

    private long hi;
    private long lo;
    private int port = -1;
    private boolean hasAddress;

    public HostPort reset()
    {
        hi = 0;
        lo = 0;
        port = -1;
        hasAddress = false;
        return this;
    }

    public long hi()
    {
        return hi;
    }

    public long lo()
    {
        return lo;
    }

    public int port()
    {
        return port;
    }

    public boolean hasAddress()
    {
        return hasAddress;
    }

    public boolean isIpv4()
    {
        return hasAddress && isIpv4Mapped(hi, lo);
    }

    void ipv4(final int address)
    {
        hi = 0;
        lo = V4_MAPPED_LO_PREFIX | (address & 0xffff_ffffL);
        hasAddress = true;
    }

    void ipv6(final long hi, final long lo)
    {
        this.hi = hi;
        this.lo = lo;
        hasAddress = true;
    }

    void port(final int port)
    {
        this.port = port;
    }

    public static boolean isIpv4Mapped(final long hi, final long lo)
    {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_LO_PREFIX;
    }

    /** IPv4-mapped form of a dotted-quad address given as an int (a.b.c.d = a<<24|b<<16|c<<8|d). */
    public static long ipv4Lo(final int address)
    {
        return V4_MAPPED_LO_PREFIX | (address & 0xffff_ffffL);
    }

    /** Text form for notes and tests (allocates; never on the per-packet path). */
    public static String format(final long hi, final long lo)
    {
        if (isIpv4Mapped(hi, lo))
        {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        final StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++)
        {
            final long word = i < 4 ? hi : lo;
            final int shift = 48 - 16 * (i & 3);
            if (i > 0)
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString((int)((word >>> shift) & 0xffff)));
        }
        return sb.toString();
    }

    @Override
    public String toString()
    {
        return (hasAddress ? format(hi, lo) : "*") + ":" + port;
    }
}
