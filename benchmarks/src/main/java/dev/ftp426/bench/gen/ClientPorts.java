package dev.ftp426.bench.gen;

/**
 * Hands out client ports so that no two flows of one capture share a 5-tuple. General flows get (client host, port)
 * pairs: the k-th pair cycles through the hosts first, then through a permutation of Linux's ephemeral range
 * 32768..60999 (unique for 7 million IPv4 or 115 million IPv6 flows), skipping the few ports of that range that
 * Wireshark decodes by port, so random payload is not taken for some protocol. FTP data connections get ports
 * 61000..65535 from a per-host counter, so that they stay on the control connection's client host.
 */
final class ClientPorts
{
    private static final int GENERAL_BASE = 32768;
    private static final int GENERAL_PORTS = 61000 - GENERAL_BASE;
    private static final int DATA_PORT_BASE = 61000;
    private static final int DATA_PORTS = 65536 - DATA_PORT_BASE;
    private static final long STRIDE = 40499;
    private static final int[] DECODED_PORTS = {34980, 44321, 44322, 44818, 48049, 48898, 57000};

    private final int[] dataPortCounter = new int[Hosts.COUNT];
    private long nextV4;
    private long nextV6;

    /** @return the client host number in the high 32 bits and the port in the low 16. */
    long next(final boolean v6)
    {
        final int hosts = Hosts.clientCount(v6);
        while (true)
        {
            final long k = v6 ? nextV6++ : nextV4++;
            final int port = GENERAL_BASE + (int)(((k / hosts) * STRIDE) % GENERAL_PORTS);
            if (!decoded(port))
            {
                return ((long)Hosts.client(v6, (int)(k % hosts)) << 32) | port;
            }
        }
    }

    /** A port on the given host for an FTP data connection (the passive client end or the PORT/EPRT listener). */
    int nextDataPort(final int host)
    {
        return DATA_PORT_BASE + (dataPortCounter[host]++ % DATA_PORTS);
    }

    private static boolean decoded(final int port)
    {
        for (final int p : DECODED_PORTS)
        {
            if (p == port)
            {
                return true;
            }
        }
        return false;
    }
}
