package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds {@link DecodedPacket}s for a client (198.51.100.1) talking to a server (203.0.113.9), as a decoder would
 * fill them. One packet instance is reused, exactly as in the pipeline.
 */
final class TestPackets
{
    static final int CLIENT_IP = 0xC633_6401;
    static final int SERVER_IP = 0xCB00_7109;
    static final int CLIENT_PORT = 40000;
    static final int SERVER_PORT = 21;

    static final int SYN = DecodedPacket.TCP_SYN;
    static final int ACK = DecodedPacket.TCP_ACK;
    static final int FIN = DecodedPacket.TCP_FIN;
    static final int RST = DecodedPacket.TCP_RST;
    static final int PSH = DecodedPacket.TCP_PSH;

    final DecodedPacket packet = new DecodedPacket();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[65536 + 16]);
    long frame;
    int clientTtl = 64;
    int serverTtl = 52;
    int clientIpId = 1000;
    int serverIpId = 0;
    int clientPort = CLIENT_PORT;
    boolean ipv6;

    /** A packet from the client (true) or the server, with {@code len} payload bytes from {@code data}. */
    DecodedPacket tcp(
        final long tsNanos, final boolean fromClient, final long seq, final long ack, final int flags, final int window,
        final byte[] data, final int dataOffset, final int len)
    {
        frame++;
        packet.reset(frame, tsNanos, 54 + len);
        if (ipv6)
        {
            final long cHi = 0x2001_0db8_0000_0000L;
            if (fromClient)
            {
                packet.ipv6(cHi, 1, cHi, 2, clientTtl, DecodedPacket.PROTO_TCP);
            }
            else
            {
                packet.ipv6(cHi, 2, cHi, 1, serverTtl, DecodedPacket.PROTO_TCP);
            }
        }
        else if (fromClient)
        {
            packet.ipv4(CLIENT_IP, SERVER_IP, clientTtl, clientIpId++ & 0xffff, true, DecodedPacket.PROTO_TCP);
        }
        else
        {
            packet.ipv4(SERVER_IP, CLIENT_IP, serverTtl, serverIpId, true, DecodedPacket.PROTO_TCP);
        }
        packet.tcp(fromClient ? clientPort : SERVER_PORT, fromClient ? SERVER_PORT : clientPort, seq & 0xffff_ffffL,
            ack & 0xffff_ffffL, flags, window, 0);
        if (len > 0)
        {
            payload.putBytes(0, data, dataOffset, len);
        }
        packet.payload(payload, 0, len, len);
        return packet;
    }

    DecodedPacket tcp(
        final long tsNanos, final boolean fromClient, final long seq, final long ack, final int flags, final int window,
        final int len)
    {
        return tcp(tsNanos, fromClient, seq, ack, flags, window, new byte[len], 0, len);
    }

    static long ms(final long millis)
    {
        return 1_700_000_000_000_000_000L + millis * 1_000_000L;
    }
}
