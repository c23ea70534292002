package dev.ftp426.bench.gen;

/**
 * Hands out client ports so that no two flows of one capture share a 5-tuple. General flows get (client host, port)
 * pairs: the k-th pair cycles through the hosts first, then through a permutation of ports 1024..59999 (unique for
 * 15 million IPv4 or 241 million IPv6 flows). FTP data connections get ports 60000..65535 from a per-host counter,
 * so that they stay on the control connection's client host.
 */
final class ClientPorts
{
    private static final int GENERAL_PORTS = 60000 - 1024;
    private static final int DATA_PORT_BASE = 60000;
    private static final int DATA_PORTS = 65536 - DATA_PORT_BASE;
    private static final long STRIDE = 40499;

    private final int[] dataPortCounter = new int[Hosts.COUNT];
    private long nextV4;
    private long nextV6;

    /** @return the client host number in the high 32 bits and the port in the low 16. */
    long next(final boolean v6)
    {
        final long k = v6 ? nextV6++ : nextV4++;
        final int hosts = Hosts.clientCount(v6);
        final int host = Hosts.client(v6, (int)(k % hosts));
        final int port = 1024 + (int)(((k / hosts) * STRIDE) % GENERAL_PORTS);
        return ((long)host << 32) | port;
    }

    /** A port on the given host for an FTP data connection (the passive client end or the PORT/EPRT listener). */
    int nextDataPort(final int host)
    {
        return DATA_PORT_BASE + (dataPortCounter[host]++ % DATA_PORTS);
    }
}
