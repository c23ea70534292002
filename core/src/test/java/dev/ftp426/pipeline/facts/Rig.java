package dev.ftp426.pipeline.facts;

import dev.ftp426.attribution.CaptureContext;
import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.Endpoint;
import dev.ftp426.attribution.FtpRole;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.tcp.StreamListener;
import dev.ftp426.tcp.TcpConfig;
import dev.ftp426.tcp.TcpEventListener;
import dev.ftp426.tcp.TcpFlow;
import dev.ftp426.tcp.TcpTracker;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A real {@link TcpTracker} feeding a {@link DataFlowRecorder} hung on the first connection it opens, with terse
 * senders for the FTP client (198.51.100.10:40000) and server (203.0.113.10:50000) of a data connection. Times in
 * milliseconds; each packet can also be fed a second time as a forwarding host's outgoing copy (TTL one lower).
 */
final class Rig implements StreamListener, TcpEventListener
{
    static final int SYN = DecodedPacket.TCP_SYN;
    static final int ACK = DecodedPacket.TCP_ACK;
    static final int FIN = DecodedPacket.TCP_FIN;
    static final int RST = DecodedPacket.TCP_RST;
    static final int PSH = DecodedPacket.TCP_PSH;
    static final int CLIENT_IP = 0xC633_640A;
    static final int SERVER_IP = 0xCB00_710A;
    static final int CLIENT_PORT = 40000;
    static final int SERVER_PORT = 50000;
    static final Endpoint CLIENT = new Endpoint("198.51.100.10", CLIENT_PORT);
    static final Endpoint SERVER = new Endpoint("203.0.113.10", SERVER_PORT);
    static final long T0 = 1_700_000_000_000_000_000L;

    final TcpTracker tracker = new TcpTracker(new TcpConfig(), this, this);
    final DecodedPacket packet = new DecodedPacket();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[65536]);
    DataFlowRecorder recorder;
    TcpFlow flow;
    long frame;
    int clientTtl = 64;
    int serverTtl = 52;
    /** Feed every packet twice, the second copy 50 µs later with the TTL one lower. */
    boolean forwarding;
    /** A recorder that served another connection, to be reset and reused for this rig's connection, or null. */
    DataFlowRecorder reuse;
    /** Bytes the next packet carries (copied into its payload), or null for zeros. */
    byte[] data;

    static long nanos(final double ms)
    {
        return T0 + (long)(ms * 1_000_000L);
    }

    /** A packet from the FTP client; returns its frame number. */
    long c(final double ms, final long seq, final long ack, final int flags, final int window, final int len)
    {
        return send(ms, true, seq, ack, flags, window, len, clientTtl);
    }

    long s(final double ms, final long seq, final long ack, final int flags, final int window, final int len)
    {
        return send(ms, false, seq, ack, flags, window, len, serverTtl);
    }

    /** A packet with an explicit TTL (a forged one, say). */
    long send(
        final double ms, final boolean fromClient, final long seq, final long ack, final int flags, final int window,
        final int len, final int ttl)
    {
        final long first = feed(nanos(ms), fromClient, seq, ack, flags, window, len, ttl);
        if (forwarding)
        {
            feed(nanos(ms) + 50_000, fromClient, seq, ack, flags, window, len, ttl - 1);
        }
        data = null;
        return first;
    }

    /** Client SYN at 0 ms (ISN 100), server SYN-ACK at 10 ms (ISN 1000), client ACK at 10.1 ms. */
    Rig handshake()
    {
        c(0, 100, 0, SYN, 64240, 0);
        s(10, 1000, 101, SYN | ACK, 65160, 0);
        c(10.1, 101, 1001, ACK, 502, 0);
        return this;
    }

    DataFlowFacts facts(final FtpRole dataSender)
    {
        return recorder.snapshot(CLIENT, SERVER, dataSender);
    }

    CaptureContext context()
    {
        return new CaptureContextBuilder().linkType(113).observe(recorder).build();
    }

    private long feed(
        final long ts, final boolean fromClient, final long seq, final long ack, final int flags, final int window,
        final int len, final int ttl)
    {
        frame++;
        packet.reset(frame, ts, 54 + len);
        if (fromClient)
        {
            packet.ipv4(CLIENT_IP, SERVER_IP, ttl, (int)frame, true, DecodedPacket.PROTO_TCP);
            packet.tcp(CLIENT_PORT, SERVER_PORT, seq & 0xffff_ffffL, ack & 0xffff_ffffL, flags, window, 0);
        }
        else
        {
            packet.ipv4(SERVER_IP, CLIENT_IP, ttl, (int)frame, true, DecodedPacket.PROTO_TCP);
            packet.tcp(SERVER_PORT, CLIENT_PORT, seq & 0xffff_ffffL, ack & 0xffff_ffffL, flags, window, 0);
        }
        if ((flags & SYN) != 0)
        {
            packet.mss(1460);
            packet.windowScale(7);
            packet.sackPermitted(true);
        }
        if (null != data)
        {
            payload.putBytes(0, data);
        }
        else if (len > 0)
        {
            payload.setMemory(0, len, (byte)0);
        }
        packet.payload(payload, 0, len, len);
        tracker.onPacket(packet);
        final TcpFlow last = tracker.lastFlow();
        if (null != last && last.attachment() instanceof DataFlowRecorder r)
        {
            r.onPacket(last, tracker.lastDirection(), packet);
        }
        return frame;
    }

    @Override
    public boolean onOpen(final TcpFlow flow)
    {
        if (null == recorder)
        {
            this.flow = flow;
            recorder = (null == reuse ? new DataFlowRecorder() : reuse.reset()).attach(flow);
        }
        return false;
    }

    @Override
    public void onClose(final TcpFlow flow, final int reason)
    {
        if (flow.attachment() instanceof DataFlowRecorder r)
        {
            r.onClose(flow, reason);
        }
    }

    @Override
    public void onEvent(
        final TcpFlow flow, final int type, final int direction, final long frame, final long tsNanos, final long a,
        final long b)
    {
        if (flow.attachment() instanceof DataFlowRecorder r)
        {
            r.onEvent(flow, type, direction, frame, tsNanos, a, b);
        }
    }
}
