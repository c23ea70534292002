package dev.ftp426.bench.gen;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * State of every open bulk TCP transfer in flat primitive arrays indexed by slot (about 50 bytes a flow), and the
 * step function that emits each flow's next packet: handshake with MSS/SACK-permitted/timestamps/window-scale
 * options, full-size data segments answered by an ACK every second segment, optional reordering, spurious resends
 * and losses before the capture point (then dup ACKs and a retransmission), and a FIN teardown.
 */
final class BulkFlows
{
    private static final byte SYN = 0;
    private static final byte SYN_ACK = 1;
    private static final byte HANDSHAKE_ACK = 2;
    private static final byte DATA = 3;
    private static final byte DATA_ACK = 4;
    private static final byte FIN = 5;
    private static final byte FIN_ACK = 6;
    private static final byte LAST_ACK = 7;

    private static final byte V6 = 1;
    private static final byte VLAN = 2;
    private static final byte UPLOAD = 4;

    private static final byte HOLE_NONE = 0;
    private static final byte HOLE_REORDER = 1;
    private static final byte HOLE_LOSS = 2;
    private static final byte HOLE_RESEND = 3;

    static final int CLIENT_WINDOW = 64240;
    static final int SERVER_WINDOW = 65160;
    static final int CLIENT_WINDOW_SCALED = 502;
    static final int SERVER_WINDOW_SCALED = 509;

    private static final int[] SERVER_PORTS = {5001, 5201, 45000, 45001, 45002, 45003, 44444, 33333};

    private final PacketBuilder builder;
    private final Hosts hosts;
    private final SplittableRandom random;
    private final ClientPorts ports;
    private final double ipv6;
    private final double vlanFraction;
    private final double reorder;
    private final double loss;
    private final double retransmit;
    private final long meanBytes;
    private final long meanGapNs;

    private final byte[] state;
    private final byte[] flags;
    private final byte[] pending;
    private final byte[] holeKind;
    private final byte[] dupAcks;
    private final int[] client;
    private final int[] server;
    private final char[] clientPort;
    private final char[] serverPort;
    private final int[] clientIsn;
    private final int[] serverIsn;
    private final int[] total;
    private final int[] sent;
    private final int[] acked;
    private final int[] hole;
    private final int[] gapUs;
    private final int[] halfRttNs;
    private final int[] payloadBase;

    BulkFlows(
        final int capacity,
        final PacketBuilder builder,
        final Hosts hosts,
        final SplittableRandom random,
        final ClientPorts ports,
        final GeneratorOptions options)
    {
        this.builder = builder;
        this.hosts = hosts;
        this.random = random;
        this.ports = ports;
        this.ipv6 = options.ipv6;
        this.vlanFraction = options.vlan;
        this.reorder = options.reorder;
        this.loss = options.loss;
        this.retransmit = options.retransmit;
        this.meanBytes = options.flowBytes;
        // every flow sends about one frame of ~1000 bytes per gap; the aggregate then matches the rate option
        this.meanGapNs = Math.max(1000L, (long)capacity * 8000L * 1000L / options.rateMbps);
        state = new byte[capacity];
        flags = new byte[capacity];
        pending = new byte[capacity];
        holeKind = new byte[capacity];
        dupAcks = new byte[capacity];
        client = new int[capacity];
        server = new int[capacity];
        clientPort = new char[capacity];
        serverPort = new char[capacity];
        clientIsn = new int[capacity];
        serverIsn = new int[capacity];
        total = new int[capacity];
        sent = new int[capacity];
        acked = new int[capacity];
        hole = new int[capacity];
        gapUs = new int[capacity];
        halfRttNs = new int[capacity];
        payloadBase = new int[capacity];
    }

    long meanGapNs()
    {
        return meanGapNs;
    }

    /** Sets up a new flow in the slot; its SYN is its first event. */
    void open(final int slot)
    {
        final boolean v6 = random.nextDouble() < ipv6;
        final boolean tagged = random.nextDouble() < vlanFraction;
        final boolean upload = random.nextInt(4) == 0;
        final long pair = ports.next(v6);
        client[slot] = (int)(pair >>> 32);
        clientPort[slot] = (char)pair;
        server[slot] = Hosts.server(v6, random.nextInt(Hosts.serverCount(v6)));
        serverPort[slot] = (char)SERVER_PORTS[random.nextInt(SERVER_PORTS.length)];
        flags[slot] = (byte)((v6 ? V6 : 0) | (tagged ? VLAN : 0) | (upload ? UPLOAD : 0));
        clientIsn[slot] = random.nextInt();
        serverIsn[slot] = random.nextInt();
        // StrictMath: the same seed must give the same bytes on every JVM
        final double bytes = -StrictMath.log(1.0 - random.nextDouble()) * meanBytes;
        total[slot] = (int)Math.max(1, Math.min(Math.min(16.0 * meanBytes, bytes), 1 << 30));
        sent[slot] = 0;
        acked[slot] = 0;
        hole[slot] = 0;
        holeKind[slot] = HOLE_NONE;
        pending[slot] = 0;
        dupAcks[slot] = 0;
        gapUs[slot] = (int)Math.min(Integer.MAX_VALUE, (meanGapNs / 2 + random.nextLong(meanGapNs + 1)) / 1000);
        halfRttNs[slot] = 250_000 + random.nextInt(40_000_000);
        payloadBase[slot] = random.nextInt(PayloadBlock.SPAN) & ~1;
        state[slot] = SYN;
    }

    /**
     * Emits the flow's next packet(s).
     *
     * @return time of the flow's next event, or -1 when the flow has ended and the slot is free.
     */
    long step(final int slot, final long now) throws IOException
    {
        final boolean upload = (flags[slot] & UPLOAD) != 0;
        final int sender = upload ? client[slot] : server[slot];
        final int receiver = upload ? server[slot] : client[slot];
        final int senderPort = upload ? clientPort[slot] : serverPort[slot];
        final int receiverPort = upload ? serverPort[slot] : clientPort[slot];
        final int senderSeq = (upload ? clientIsn[slot] : serverIsn[slot]) + 1;
        final int receiverSeq = (upload ? serverIsn[slot] : clientIsn[slot]) + 1;
        final int senderWindow = upload ? CLIENT_WINDOW_SCALED : SERVER_WINDOW_SCALED;
        final int receiverWindow = upload ? SERVER_WINDOW_SCALED : CLIENT_WINDOW_SCALED;
        final int vlan = vlanOf(slot);
        final int half = halfRttNs[slot];
        final long gap = gapUs[slot] * 1000L;

        switch (state[slot])
        {
            case SYN:
                builder.emit(now, vlan, client[slot], server[slot], clientPort[slot], serverPort[slot],
                    clientIsn[slot], 0, PacketBuilder.SYN, CLIENT_WINDOW, PacketBuilder.OPT_SYN,
                    hosts.tsVal(client[slot], now), 0, 0, 0);
                state[slot] = SYN_ACK;
                return now + half;

            case SYN_ACK:
                builder.emit(now, vlan, server[slot], client[slot], serverPort[slot], clientPort[slot],
                    serverIsn[slot], clientIsn[slot] + 1, PacketBuilder.SYN | PacketBuilder.ACK, SERVER_WINDOW,
                    PacketBuilder.OPT_SYN, hosts.tsVal(server[slot], now), hosts.tsVal(client[slot], now - half), 0, 0);
                state[slot] = HANDSHAKE_ACK;
                return now + half;

            case HANDSHAKE_ACK:
                builder.emit(now, vlan, client[slot], server[slot], clientPort[slot], serverPort[slot],
                    clientIsn[slot] + 1, serverIsn[slot] + 1, PacketBuilder.ACK, CLIENT_WINDOW_SCALED,
                    PacketBuilder.OPT_TS, hosts.tsVal(client[slot], now), hosts.tsVal(server[slot], now - half), 0, 0);
                state[slot] = DATA;
                return now + half / 4 + gap / 4;

            case DATA:
                return data(slot, now, vlan, sender, receiver, senderPort, receiverPort, senderSeq, receiverSeq,
                    senderWindow, half, gap);

            case DATA_ACK:
            {
                final int ackOffset = holeKind[slot] == HOLE_LOSS ? hole[slot] : sent[slot];
                if (ackOffset != acked[slot] || holeKind[slot] == HOLE_LOSS)
                {
                    builder.emit(now, vlan, receiver, sender, receiverPort, senderPort, receiverSeq,
                        senderSeq + ackOffset, PacketBuilder.ACK, receiverWindow, PacketBuilder.OPT_TS,
                        hosts.tsVal(receiver, now), hosts.tsVal(sender, now - half), 0, 0);
                    acked[slot] = ackOffset;
                    if (holeKind[slot] == HOLE_LOSS)
                    {
                        dupAcks[slot]++;
                    }
                }
                pending[slot] = 0;
                state[slot] = DATA;
                return now + gap;
            }

            case FIN:
                builder.emit(now, vlan, sender, receiver, senderPort, receiverPort, senderSeq + total[slot],
                    receiverSeq, PacketBuilder.FIN | PacketBuilder.ACK, senderWindow, PacketBuilder.OPT_TS,
                    hosts.tsVal(sender, now), hosts.tsVal(receiver, now - half), 0, 0);
                state[slot] = FIN_ACK;
                return now + half;

            case FIN_ACK:
                builder.emit(now, vlan, receiver, sender, receiverPort, senderPort, receiverSeq,
                    senderSeq + total[slot] + 1, PacketBuilder.FIN | PacketBuilder.ACK, receiverWindow,
                    PacketBuilder.OPT_TS, hosts.tsVal(receiver, now), hosts.tsVal(sender, now - half), 0, 0);
                state[slot] = LAST_ACK;
                return now + half;

            default:
                builder.emit(now, vlan, sender, receiver, senderPort, receiverPort, senderSeq + total[slot] + 1,
                    receiverSeq + 1, PacketBuilder.ACK, senderWindow, PacketBuilder.OPT_TS,
                    hosts.tsVal(sender, now), hosts.tsVal(receiver, now - half), 0, 0);
                return -1;
        }
    }

    private long data(
        final int slot,
        final long now,
        final int vlan,
        final int sender,
        final int receiver,
        final int senderPort,
        final int receiverPort,
        final int senderSeq,
        final int receiverSeq,
        final int senderWindow,
        final int half,
        final long gap) throws IOException
    {
        final int segment = PacketBuilder.segmentSize((flags[slot] & V6) != 0);
        final int size = total[slot];
        final byte kind = holeKind[slot];
        if (kind == HOLE_REORDER || (kind == HOLE_LOSS && dupAcks[slot] >= 2) || kind == HOLE_RESEND)
        {
            final int offset = hole[slot];
            segment(slot, now, vlan, sender, receiver, senderPort, receiverPort, senderSeq + offset, receiverSeq,
                senderWindow, half, offset, Math.min(segment, size - offset));
            holeKind[slot] = HOLE_NONE;
            dupAcks[slot] = 0;
            if (kind != HOLE_RESEND)
            {
                pending[slot]++;
            }
            return afterData(slot, now, gap);
        }
        if (sent[slot] >= size)
        {
            if (kind == HOLE_LOSS)
            {
                state[slot] = DATA_ACK;
                return now + gap / 4;
            }
            state[slot] = FIN;
            return now + gap / 4;
        }

        int offset = sent[slot];
        int length = Math.min(segment, size - offset);
        final boolean another = offset + length < size;
        final double r = random.nextDouble();
        if (kind == HOLE_NONE && another && r < reorder + loss)
        {
            hole[slot] = offset;
            holeKind[slot] = r < reorder ? HOLE_REORDER : HOLE_LOSS;
            offset += length;
            length = Math.min(segment, size - offset);
        }
        segment(slot, now, vlan, sender, receiver, senderPort, receiverPort, senderSeq + offset, receiverSeq,
            senderWindow, half, offset, length);
        sent[slot] = offset + length;
        pending[slot]++;
        if (holeKind[slot] == HOLE_NONE && retransmit > 0 && random.nextDouble() < retransmit)
        {
            hole[slot] = offset;
            holeKind[slot] = HOLE_RESEND;
        }
        return afterData(slot, now, gap);
    }

    private long afterData(final int slot, final long now, final long gap)
    {
        if (holeKind[slot] == HOLE_REORDER)
        {
            return now + 2000;
        }
        if (pending[slot] >= 2 || sent[slot] >= total[slot])
        {
            state[slot] = DATA_ACK;
            return now + gap / 4;
        }
        return now + gap;
    }

    private void segment(
        final int slot,
        final long now,
        final int vlan,
        final int sender,
        final int receiver,
        final int senderPort,
        final int receiverPort,
        final int seq,
        final int ack,
        final int window,
        final int half,
        final int offset,
        final int length) throws IOException
    {
        final int tcpFlags = PacketBuilder.ACK | (pending[slot] == 1 || offset + length >= total[slot] ?
            PacketBuilder.PSH : 0);
        builder.emit(now, vlan, sender, receiver, senderPort, receiverPort, seq, ack, tcpFlags, window,
            PacketBuilder.OPT_TS, hosts.tsVal(sender, now), hosts.tsVal(receiver, now - half),
            PayloadBlock.offset(payloadBase[slot], offset), length);
    }

    private int vlanOf(final int slot)
    {
        return (flags[slot] & VLAN) != 0 ? 10 + (client[slot] % 4000) : 0;
    }
}
