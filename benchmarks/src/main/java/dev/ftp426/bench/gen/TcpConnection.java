package dev.ftp426.bench.gen;

import java.io.IOException;

/**
 * One TCP connection of an FTP session. Side 0 opened the connection (sent the SYN), side 1 accepted it; each side
 * has a host, a port, the next sequence number it will send and the window it advertises.
 */
final class TcpConnection
{
    final int[] host = new int[2];
    final int[] port = new int[2];
    final int[] next = new int[2];
    final int[] window = new int[2];
    int vlan;
    int halfRttNs;

    private final PacketBuilder builder;
    private final Hosts hosts;

    TcpConnection(final PacketBuilder builder, final Hosts hosts)
    {
        this.builder = builder;
        this.hosts = hosts;
    }

    void init(final int vlan, final int halfRttNs, final int openerHost, final int openerPort, final int acceptorHost,
        final int acceptorPort, final int openerIsn, final int acceptorIsn)
    {
        this.vlan = vlan;
        this.halfRttNs = halfRttNs;
        host[0] = openerHost;
        port[0] = openerPort;
        host[1] = acceptorHost;
        port[1] = acceptorPort;
        next[0] = openerIsn;
        next[1] = acceptorIsn;
        window[0] = BulkFlows.CLIENT_WINDOW_SCALED;
        window[1] = BulkFlows.SERVER_WINDOW_SCALED;
    }

    int sideOf(final int h)
    {
        return host[0] == h ? 0 : 1;
    }

    long syn(final long now) throws IOException
    {
        final long frame = builder.emit(now, vlan, host[0], host[1], port[0], port[1], next[0], 0, PacketBuilder.SYN,
            BulkFlows.CLIENT_WINDOW, PacketBuilder.OPT_SYN, hosts.tsVal(host[0], now), 0, 0, 0);
        next[0]++;
        return frame;
    }

    long synAck(final long now) throws IOException
    {
        final long frame = builder.emit(now, vlan, host[1], host[0], port[1], port[0], next[1], next[0],
            PacketBuilder.SYN | PacketBuilder.ACK, BulkFlows.SERVER_WINDOW, PacketBuilder.OPT_SYN,
            hosts.tsVal(host[1], now), hosts.tsVal(host[0], now - halfRttNs), 0, 0);
        next[1]++;
        return frame;
    }

    /** A segment from the side with the TCP timestamp option, advancing its sequence by the payload and FIN. */
    long send(final long now, final int side, final int flags, final int payloadOffset, final int length)
        throws IOException
    {
        final long frame = sendAt(now, side, next[side], flags, payloadOffset, length);
        next[side] += length + ((flags & PacketBuilder.FIN) != 0 ? 1 : 0);
        return frame;
    }

    /** A segment with an explicit sequence number (a retransmission or a probe); state is not advanced. */
    long sendAt(final long now, final int side, final int seq, final int flags, final int payloadOffset,
        final int length) throws IOException
    {
        final int other = 1 - side;
        return builder.emit(now, vlan, host[side], host[other], port[side], port[other], seq, next[other], flags,
            window[side], PacketBuilder.OPT_TS, hosts.tsVal(host[side], now),
            hosts.tsVal(host[other], now - halfRttNs), payloadOffset, length);
    }

    /**
     * An active reset from a socket (RST+ACK with timestamps, the host's own TTL), as a stack sends when an
     * application aborts or closes with unread data.
     */
    long activeReset(final long now, final int side) throws IOException
    {
        final int other = 1 - side;
        return builder.emit(now, vlan, host[side], host[other], port[side], port[other], next[side], next[other],
            PacketBuilder.RST | PacketBuilder.ACK, 0, PacketBuilder.OPT_TS, hosts.tsVal(host[side], now),
            hosts.tsVal(host[other], now - halfRttNs), 0, 0);
    }

    /**
     * A bare RST without options claiming to come from the side: what a stack answers to a segment for a closed
     * socket (forgedTtl 0), or what a middlebox forges (forgedTtl &gt; 0, IPv4 ID 0).
     */
    long bareReset(final long now, final int side, final int forgedTtl) throws IOException
    {
        final int other = 1 - side;
        if (forgedTtl > 0)
        {
            builder.forged(forgedTtl, 0);
        }
        return builder.emit(now, vlan, host[side], host[other], port[side], port[other], next[side], 0,
            PacketBuilder.RST, 0, PacketBuilder.OPT_NONE, 0, 0, 0, 0);
    }
}
