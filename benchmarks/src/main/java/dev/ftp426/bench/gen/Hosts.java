package dev.ftp426.bench.gen;

import java.util.SplittableRandom;

/**
 * The host population, in flat arrays indexed by host number: documentation addresses only (198.51.100.0/24 and
 * 2001:db8:100::/64 for clients, 203.0.113.0/24 and 2001:db8:113::/64 for servers), the TTL each host's packets
 * carry at the capture point, a per-host IPv4 ID counter and a per-host TCP timestamp clock offset.
 */
final class Hosts
{
    static final int V4_CLIENTS = 254;
    static final int V4_SERVERS = 254;
    static final int V6_CLIENTS = 4096;
    static final int V6_SERVERS = 1024;

    static final int V4_CLIENT_BASE = 0;
    static final int V4_SERVER_BASE = V4_CLIENT_BASE + V4_CLIENTS;
    static final int V6_CLIENT_BASE = V4_SERVER_BASE + V4_SERVERS;
    static final int V6_SERVER_BASE = V6_CLIENT_BASE + V6_CLIENTS;
    static final int COUNT = V6_SERVER_BASE + V6_SERVERS;

    /** TTL of packets a middlebox next to the capture point forges: it is 0 hops away, genuine hosts are not. */
    static final int MIDDLEBOX_TTL = 64;

    private static final int CLIENT_V4_NET = (198 << 24) | (51 << 16) | (100 << 8);
    private static final int SERVER_V4_NET = (203 << 24) | (113 << 8);
    private static final long CLIENT_V6_HI = 0x20010db801000000L;
    private static final long SERVER_V6_HI = 0x20010db801130000L;

    private final byte[] ttl = new byte[COUNT];
    private final byte[] initialTtl = new byte[COUNT];
    private final short[] ipId = new short[COUNT];
    private final int[] tsBase = new int[COUNT];

    Hosts(final SplittableRandom random)
    {
        for (int h = 0; h < COUNT; h++)
        {
            final int initial;
            final int hops;
            if (isClient(h))
            {
                initial = 64;
                hops = 1 + random.nextInt(12);
            }
            else
            {
                initial = random.nextInt(3) == 0 ? 255 : 128;
                hops = 1 + random.nextInt(20);
            }
            initialTtl[h] = (byte)initial;
            ttl[h] = (byte)(initial - hops);
            ipId[h] = (short)random.nextInt(65536);
            tsBase[h] = random.nextInt(1 << 30);
        }
    }

    static boolean isV6(final int host)
    {
        return host >= V6_CLIENT_BASE;
    }

    static boolean isClient(final int host)
    {
        return host < V4_SERVER_BASE || (host >= V6_CLIENT_BASE && host < V6_SERVER_BASE);
    }

    static int clientCount(final boolean v6)
    {
        return v6 ? V6_CLIENTS : V4_CLIENTS;
    }

    static int serverCount(final boolean v6)
    {
        return v6 ? V6_SERVERS : V4_SERVERS;
    }

    static int client(final boolean v6, final int i)
    {
        return (v6 ? V6_CLIENT_BASE : V4_CLIENT_BASE) + i;
    }

    static int server(final boolean v6, final int i)
    {
        return (v6 ? V6_SERVER_BASE : V4_SERVER_BASE) + i;
    }

    /** IPv4 address as an int (valid for IPv4 hosts). */
    static int v4Address(final int host)
    {
        return host < V4_SERVER_BASE ? CLIENT_V4_NET | (host - V4_CLIENT_BASE + 1) :
            SERVER_V4_NET | (host - V4_SERVER_BASE + 1);
    }

    /** Upper 64 bits of an IPv6 host's address. */
    static long v6High(final int host)
    {
        return host < V6_SERVER_BASE ? CLIENT_V6_HI : SERVER_V6_HI;
    }

    /** Lower 64 bits of an IPv6 host's address (the host id, 1-based). */
    static long v6Low(final int host)
    {
        return host < V6_SERVER_BASE ? host - V6_CLIENT_BASE + 1 : host - V6_SERVER_BASE + 1;
    }

    /** Locally administered MAC address, as the low 48 bits of a long. */
    static long mac(final int host)
    {
        return 0x020000000000L | (host + 1);
    }

    int ttl(final int host)
    {
        return ttl[host] & 0xff;
    }

    int initialTtl(final int host)
    {
        return initialTtl[host] & 0xff;
    }

    int nextIpId(final int host)
    {
        final int id = ipId[host] & 0xffff;
        ipId[host] = (short)(id + 1);
        return id;
    }

    /** TCP timestamp value the host sends at the given capture time. */
    int tsVal(final int host, final long timeNs)
    {
        return tsBase[host] + (int)(Math.max(0, timeNs) / 1_000_000L);
    }

    /** The address text, as an FTP reply or truth record spells it. */
    static String addressText(final int host)
    {
        if (!isV6(host))
        {
            final int a = v4Address(host);
            return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        }
        final long hi = v6High(host);
        final long lo = v6Low(host);
        final StringBuilder sb = new StringBuilder(40);
        sb.append(Long.toHexString(hi >>> 48)).append(':').append(Long.toHexString((hi >>> 32) & 0xffff)).append(':')
            .append(Long.toHexString((hi >>> 16) & 0xffff));
        sb.append("::");
        boolean started = false;
        for (int shift = 48; shift >= 0; shift -= 16)
        {
            final long word = (lo >>> shift) & 0xffff;
            if (word != 0 || started || shift == 0)
            {
                if (started)
                {
                    sb.append(':');
                }
                sb.append(Long.toHexString(word));
                started = true;
            }
        }
        return sb.toString();
    }
}
