package dev.ftp426.robustness;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketBuilder;

import java.nio.charset.StandardCharsets;

/**
 * One TCP connection between two documentation addresses, written to a {@link CaptureSink} with correct sequence
 * and acknowledgement numbers: handshake, data either way in segments, FIN, RST. Sequence numbers wrap modulo 2^32
 * like the real ones, so an initial sequence number near 2^32 makes a transfer cross the wrap.
 */
public final class TcpConversation
{
    public static final int MSS = 1448;

    private final CaptureSink sink;
    private final Clock clock;
    private final String client;
    private final String server;
    private final int clientPort;
    private final int serverPort;
    private long clientSeq;
    private long serverSeq;

    /** Capture time shared by every conversation of one capture. */
    public static final class Clock
    {
        private long nanos;
        private final long stepNanos;

        public Clock(final long startNanos, final long stepNanos)
        {
            this.nanos = startNanos;
            this.stepNanos = stepNanos;
        }

        public long next()
        {
            nanos += stepNanos;
            return nanos;
        }

        public void advance(final long byNanos)
        {
            nanos += byNanos;
        }

        public long now()
        {
            return nanos;
        }
    }

    public TcpConversation(final CaptureSink sink, final Clock clock, final String client, final int clientPort,
        final String server, final int serverPort, final long clientIsn, final long serverIsn)
    {
        this.sink = sink;
        this.clock = clock;
        this.client = client;
        this.server = server;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.clientSeq = clientIsn & 0xffff_ffffL;
        this.serverSeq = serverIsn & 0xffff_ffffL;
    }

    public TcpConversation handshake()
    {
        emit(true, DecodedPacket.TCP_SYN, clientSeq, 0, new byte[0]);
        clientSeq = next(clientSeq, 1);
        emit(false, DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK, serverSeq, clientSeq, new byte[0]);
        serverSeq = next(serverSeq, 1);
        emit(true, DecodedPacket.TCP_ACK, clientSeq, serverSeq, new byte[0]);
        return this;
    }

    /** Only the SYN: a half-open flow. */
    public TcpConversation synOnly()
    {
        emit(true, DecodedPacket.TCP_SYN, clientSeq, 0, new byte[0]);
        return this;
    }

    public TcpConversation client(final String text)
    {
        return send(true, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public TcpConversation server(final String text)
    {
        return send(false, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Data in MSS-sized segments, each acknowledged by the other side. */
    public TcpConversation send(final boolean fromClient, final byte[] data)
    {
        for (int off = 0; off < data.length; off += MSS)
        {
            final int n = Math.min(MSS, data.length - off);
            final byte[] segment = new byte[n];
            System.arraycopy(data, off, segment, 0, n);
            segment(fromClient, segment);
            ack(!fromClient);
        }
        return this;
    }

    /** One data segment at the current sequence number, not acknowledged. */
    public TcpConversation segment(final boolean fromClient, final byte[] segment)
    {
        if (fromClient)
        {
            emit(true, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, clientSeq, serverSeq, segment);
            clientSeq = next(clientSeq, segment.length);
        }
        else
        {
            emit(false, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, serverSeq, clientSeq, segment);
            serverSeq = next(serverSeq, segment.length);
        }
        return this;
    }

    /** A segment at an explicit offset from the current sequence number (not advancing it): out of order, overlaps. */
    public TcpConversation segmentAt(final boolean fromClient, final long offset, final byte[] segment)
    {
        if (fromClient)
        {
            emit(true, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, next(clientSeq, offset), serverSeq, segment);
        }
        else
        {
            emit(false, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, next(serverSeq, offset), clientSeq, segment);
        }
        return this;
    }

    /** Moves the sender's sequence number on as if {@code bytes} had been sent (unseen by this capture). */
    public TcpConversation skip(final boolean fromClient, final long bytes)
    {
        if (fromClient)
        {
            clientSeq = next(clientSeq, bytes);
        }
        else
        {
            serverSeq = next(serverSeq, bytes);
        }
        return this;
    }

    public TcpConversation ack(final boolean fromClient)
    {
        if (fromClient)
        {
            emit(true, DecodedPacket.TCP_ACK, clientSeq, serverSeq, new byte[0]);
        }
        else
        {
            emit(false, DecodedPacket.TCP_ACK, serverSeq, clientSeq, new byte[0]);
        }
        return this;
    }

    public TcpConversation fin(final boolean fromClient)
    {
        if (fromClient)
        {
            emit(true, DecodedPacket.TCP_FIN | DecodedPacket.TCP_ACK, clientSeq, serverSeq, new byte[0]);
            clientSeq = next(clientSeq, 1);
        }
        else
        {
            emit(false, DecodedPacket.TCP_FIN | DecodedPacket.TCP_ACK, serverSeq, clientSeq, new byte[0]);
            serverSeq = next(serverSeq, 1);
        }
        return this;
    }

    /** Both FINs and the last ACK. */
    public TcpConversation close(final boolean clientFirst)
    {
        fin(clientFirst);
        ack(!clientFirst);
        fin(!clientFirst);
        ack(clientFirst);
        return this;
    }

    public TcpConversation reset(final boolean fromClient)
    {
        if (fromClient)
        {
            emit(true, DecodedPacket.TCP_RST | DecodedPacket.TCP_ACK, clientSeq, serverSeq, new byte[0]);
        }
        else
        {
            emit(false, DecodedPacket.TCP_RST | DecodedPacket.TCP_ACK, serverSeq, clientSeq, new byte[0]);
        }
        return this;
    }

    public long clientSeq()
    {
        return clientSeq;
    }

    public long serverSeq()
    {
        return serverSeq;
    }

    private void emit(final boolean fromClient, final int flags, final long seq, final long ack, final byte[] payload)
    {
        final PacketBuilder builder = new PacketBuilder()
            .ipv4(fromClient ? client : server, fromClient ? server : client)
            .tcp(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort)
            .seq(seq).ack(ack).flags(flags).window(65535).payload(payload);
        if ((flags & DecodedPacket.TCP_SYN) != 0)
        {
            builder.mss(MSS);
        }
        sink.packet(clock.next(), builder.build());
    }

    private static long next(final long seq, final long by)
    {
        return (seq + by) & 0xffff_ffffL;
    }
}
