package dev.ftp426.pipeline.facts;

import java.util.ArrayList;
import java.util.List;

import dev.ftp426.attribution.CaptureGaps;
import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.Endpoint;
import dev.ftp426.attribution.EndpointFacts;
import dev.ftp426.attribution.FtpRole;
import dev.ftp426.attribution.Handshake;
import dev.ftp426.attribution.IdleSpan;
import dev.ftp426.attribution.PacketMark;
import dev.ftp426.attribution.PostResetActivity;
import dev.ftp426.attribution.ResetFacts;
import dev.ftp426.attribution.ResetPair;
import dev.ftp426.attribution.RetransmissionRun;
import dev.ftp426.attribution.TlsClose;
import dev.ftp426.attribution.TtlBaseline;
import dev.ftp426.attribution.ZeroWindowSpan;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.IpAddress;
import dev.ftp426.tcp.TcpEventType;
import dev.ftp426.tcp.TcpFlow;
import dev.ftp426.tls.TlsFacts;

/**
 * Records, for one FTP data connection, the facts the attribution stage reads ({@link DataFlowFacts}), from every
 * packet of the connection after the {@link dev.ftp426.tcp.TcpTracker} processed it and from the tracker's analysis
 * events. One recorder per data connection ({@link #attach} hangs it on the flow as its attachment); it keeps
 * fixed-size state and small capped rings, allocates nothing per packet, and does not hold on to the pooled
 * {@link TcpFlow}: {@link #snapshot} works while the connection is open and after it closed.
 * <p>
 * Wiring: the pipeline's {@link dev.ftp426.tcp.TcpEventListener} passes the events of flows carrying a recorder to
 * {@link #onEvent}, its {@link dev.ftp426.tcp.StreamListener#onClose} to {@link #onClose}, and after each
 * {@code TcpTracker.onPacket} it passes the packet to the recorder of {@code tracker.lastFlow()} with
 * {@code tracker.lastDirection()}. The tracker emits a packet's events while processing it, before that call, so
 * events are held until {@link #onPacket} of the same frame decides whether the packet counts.
 * <p>
 * A capture taken on a forwarding host with Linux cooked "any" holds each forwarded packet twice, once in and once
 * out with the TTL one lower. The recorder recognises the second copy (same seq, ack, flags and length within
 * 2 ms, TTL exactly one lower), counts it ({@link #forwardedCopies()}), lets it count towards the TTL baseline,
 * truncation count and a RST's copy count, and otherwise ignores it, so the facts describe the connection, not the
 * forwarding.
 */
public final class DataFlowRecorder
{
    /** RSTs towards both ends closer than this form a pair. */
    public static final long RESET_PAIR_NANOS = 5_000_000L;

    private static final int SFR = DecodedPacket.TCP_SYN | DecodedPacket.TCP_FIN | DecodedPacket.TCP_RST;
    private static final long RETRANSMITTED = TcpEventType.bit(TcpEventType.RETRANSMISSION) |
        TcpEventType.bit(TcpEventType.FAST_RETRANSMISSION) | TcpEventType.bit(TcpEventType.OUT_OF_ORDER);
    private static final long RUN_START = RETRANSMITTED | TcpEventType.bit(TcpEventType.SPURIOUS_RETRANSMISSION);
    private static final int ICMP_UNREACHABLE = 3;
    private static final int ICMP_FRAG_NEEDED = 4;
    private static final int ICMP6_PACKET_TOO_BIG = 2;

    private final SideState[] sides = {new SideState(), new SideState()};
    private final GapCounter ackedUnseen = new GapCounter();
    private final GapCounter previousSegmentNotCaptured = new GapCounter();
    private final GapCounter icmpFragNeeded = new GapCounter();

    private long flowId;
    private int ipVersion;
    private boolean closed;
    private int closeReason;

    private long firstFrame;
    private long firstNanos;
    private long lastFrame;
    private long lastNanos;
    private long rawPackets;
    private long forwardedCopies;
    private long truncatedFrames;
    private long firstCloseNanos;

    private int synDirection;
    private long synFrame;
    private long synNanos;
    private long synAckNanos;
    private long handshakeAckNanos;

    private int pairFromDirection;
    private long pairFrame0;
    private long pairFrame1;
    private long pairNanos;
    private long pairGapNanos;

    private long pendingFrame;
    private long pendingMask;
    private int pendingRstBits;
    private long pendingChallengedRst;
    private TlsFacts decryptedTls;

    public DataFlowRecorder()
    {
        reset();
    }

    /** Clears everything so a pooled recorder can serve another connection. */
    public DataFlowRecorder reset()
    {
        sides[0].reset();
        sides[1].reset();
        ackedUnseen.reset();
        previousSegmentNotCaptured.reset();
        icmpFragNeeded.reset();
        flowId = -1;
        ipVersion = 0;
        closed = false;
        closeReason = 0;
        firstFrame = -1;
        firstNanos = -1;
        lastFrame = -1;
        lastNanos = -1;
        rawPackets = 0;
        forwardedCopies = 0;
        truncatedFrames = 0;
        firstCloseNanos = -1;
        synDirection = -1;
        synFrame = -1;
        synNanos = -1;
        synAckNanos = -1;
        handshakeAckNanos = -1;
        pairFromDirection = -1;
        pairFrame0 = -1;
        pairFrame1 = -1;
        pairNanos = -1;
        pairGapNanos = 0;
        pendingFrame = -1;
        pendingMask = 0;
        pendingRstBits = 0;
        pendingChallengedRst = -1;
        decryptedTls = null;
        return this;
    }

    /**
     * The connection's TLS as a decryptor with keys follows it (FTPS data connection of a decrypted session), or
     * null: when it decrypts, the TLS close facts come from what was decrypted (a close_notify alert or none), which
     * also holds for TLS 1.3, where the record headers cannot tell.
     */
    public void decryptedTls(final TlsFacts facts)
    {
        this.decryptedTls = facts;
    }

    /** Binds the recorder to a flow instance and hangs it on the flow as its attachment. */
    public DataFlowRecorder attach(final TcpFlow flow)
    {
        flowId = flow.id();
        ipVersion = flow.ipVersion();
        flow.attachment(this);
        return this;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // input

    /** One TCP analysis event of this flow, with the {@link dev.ftp426.tcp.TcpEventListener} arguments. */
    public void onEvent(
        final TcpFlow flow, final int type, final int direction, final long frame, final long tsNanos, final long a,
        final long b)
    {
        if (!bound(flow))
        {
            return;
        }
        if (TcpEventType.ICMP_ERROR == type)
        {
            final int icmpType = (int)(a >>> 8);
            final int icmpCode = (int)(a & 0xff);
            final boolean fragNeeded = 6 == flow.ipVersion() ? ICMP6_PACKET_TOO_BIG == icmpType :
                ICMP_UNREACHABLE == icmpType && ICMP_FRAG_NEEDED == icmpCode;
            if (fragNeeded)
            {
                icmpFragNeeded.add(frame, tsNanos);
            }
            return;
        }
        if (frame != pendingFrame)
        {
            pendingFrame = frame;
            pendingMask = 0;
            pendingRstBits = 0;
            pendingChallengedRst = -1;
        }
        pendingMask |= TcpEventType.bit(type);
        if (TcpEventType.RST == type)
        {
            pendingRstBits = (int)a;
        }
        else if (TcpEventType.CHALLENGE_ACK == type)
        {
            pendingChallengedRst = a;
        }
    }

    /** One packet of this flow, after the tracker processed it; {@code direction} as in {@link TcpFlow}. */
    public void onPacket(final TcpFlow flow, final int direction, final DecodedPacket p)
    {
        if (!bound(flow) || direction < 0 || direction > 1)
        {
            return;
        }
        final long frame = p.frameNumber();
        final long ts = p.timestampNanos();
        final long mask = frame == pendingFrame ? pendingMask : 0;
        final int rstBits = frame == pendingFrame ? pendingRstBits : 0;
        final long challengedRst = frame == pendingFrame ? pendingChallengedRst : -1;
        pendingFrame = -1;

        final SideState s = sides[direction];
        final SideState peer = sides[1 - direction];
        final int flags = p.tcpFlags();
        final boolean syn = p.syn();
        final boolean fin = p.fin();
        final boolean rst = p.rst();
        final int ttl = p.ttl();
        final int len = Math.max(p.payloadWireLength(), p.payloadLength());
        final long seqRaw = p.seq();
        final long ackRaw = p.hasAck() ? p.ack() : 0;

        rawPackets++;
        if (p.truncated())
        {
            truncatedFrames++;
        }
        if (!rst)
        {
            s.ttl(ttl);
        }
        final int copy = s.findCopy(seqRaw, ackRaw, flags, len, ts, ttl);
        if (copy >= 0)
        {
            s.copyUsed[copy] = true;
            forwardedCopies++;
            if (rst && s.copyFrame[copy] == s.rstFrame)
            {
                s.rstCopies++;
            }
            return;
        }
        s.rememberForCopies(seqRaw, ackRaw, flags, len, ts, ttl, frame);

        if (!s.addressKnown)
        {
            s.addressKnown = true;
            s.addressHi = p.srcHi();
            s.addressLo = p.srcLo();
            s.port = p.srcPort();
            if (!peer.addressKnown)
            {
                peer.addressHi = p.dstHi();
                peer.addressLo = p.dstLo();
                peer.port = p.dstPort();
            }
        }
        if (0 == ipVersion)
        {
            ipVersion = p.ipVersion();
        }
        if (firstFrame < 0)
        {
            firstFrame = frame;
            firstNanos = ts;
        }
        lastFrame = frame;
        lastNanos = ts;
        s.packets++;

        if (!s.seqKnown)
        {
            s.seqKnown = true;
            s.seqRef = seqRaw;
        }
        final long seqAbs = s.unwrap(seqRaw);
        handshake(direction, s, p, syn, seqAbs, frame, ts);

        final long dataStart = seqAbs + (syn ? 1 : 0);
        if (len > 0)
        {
            final long end = dataStart + len;
            if (!s.dataSeen)
            {
                s.dataSeen = true;
                s.dataStartAbs = dataStart;
                s.dataEndAbs = end;
            }
            else
            {
                s.dataStartAbs = Math.min(s.dataStartAbs, dataStart);
                s.dataEndAbs = Math.max(s.dataEndAbs, end);
            }
            s.lastDataFrame = frame;
            s.lastDataNanos = ts;
            if (!rst)
            {
                s.tls.onSegment(dataStart, p.payload(), p.payloadLength(), len);
            }
        }

        if (!rst)
        {
            final long next = dataStart + len + (fin ? 1 : 0);
            s.sndNxt = s.sndNxtKnown ? Math.max(s.sndNxt, next) : next;
            s.sndNxtKnown = true;
        }
        if (fin && s.finFrame < 0)
        {
            s.finFrame = frame;
            s.finNanos = ts;
            s.finTtl = ttl;
        }
        if (rst)
        {
            onRst(direction, s, peer, p, seqAbs, rstBits, frame, ts);
        }
        else if (s.rstFrame >= 0 && ts > s.rstNanos)
        {
            if (0 == s.afterRstCount)
            {
                s.afterRstFrame = frame;
                s.afterRstNanos = ts;
            }
            s.afterRstCount++;
            if (len > 0)
            {
                s.afterRstWithData++;
            }
        }
        if ((fin || rst) && firstCloseNanos < 0)
        {
            firstCloseNanos = ts;
        }
        if (challengedRst >= 0 && challengedRst == peer.rstFrame)
        {
            peer.rstChallenged = true;
        }

        retransmissions(s, mask, syn, seqAbs, seqRaw, len, frame, ts);

        if ((flags & SFR) == 0)
        {
            s.zeroWindow(0 == p.window(), frame, ts);
        }
        if ((mask & TcpEventType.bit(TcpEventType.DUPLICATE_ACK)) != 0)
        {
            s.dupAcks++;
        }
        if (p.sackCount() > 0)
        {
            s.sackAcks++;
        }
        if ((mask & TcpEventType.bit(TcpEventType.PREVIOUS_SEGMENT_NOT_CAPTURED)) != 0)
        {
            previousSegmentNotCaptured.add(frame, ts);
        }
        if ((mask & TcpEventType.bit(TcpEventType.ACKED_UNSEEN_SEGMENT)) != 0)
        {
            ackedUnseen.add(frame, ts);
        }

        idle(s, peer, len > 0, fin || rst, seqAbs + len, frame, ts);

        if (p.hasAck() && !rst && peer.seqKnown)
        {
            final long ackAbs = peer.unwrap(ackRaw);
            if (!peer.peerAckKnown || ackAbs > peer.peerAckAbs)
            {
                peer.peerAckKnown = true;
                peer.peerAckAbs = ackAbs;
                peer.peerAckNanos = ts;
            }
            if (peer.runActive && peer.runAckedNanos < 0 && ackAbs >= peer.runSeq + peer.runLength)
            {
                peer.runAckedNanos = ts;
            }
        }
        if ((flags & (DecodedPacket.TCP_SYN | DecodedPacket.TCP_RST)) == 0)
        {
            s.windowKnown = true;
            s.lastWindow = p.window();
        }
        if (!rst)
        {
            s.advanceRef(seqAbs);
        }
    }

    /** The flow left the tracker: nothing more will come. The recorded facts stay readable. */
    public void onClose(final TcpFlow flow, final int reason)
    {
        if (!bound(flow))
        {
            return;
        }
        closed = true;
        closeReason = reason;
    }

    private boolean bound(final TcpFlow flow)
    {
        if (closed)
        {
            return false;
        }
        if (flowId < 0)
        {
            attach(flow);
            return true;
        }
        return flow.id() == flowId;
    }

    private void handshake(
        final int direction, final SideState s, final DecodedPacket p, final boolean syn, final long seqAbs,
        final long frame, final long ts)
    {
        if (syn)
        {
            if (!s.synSeen)
            {
                s.synSeen = true;
                s.isnAbs = seqAbs;
                if (p.mss() > 0)
                {
                    s.mss = p.mss();
                }
            }
            if (!p.hasAck())
            {
                if (synDirection < 0)
                {
                    synDirection = direction;
                    synFrame = frame;
                    synNanos = ts;
                }
            }
            else if (synAckNanos < 0)
            {
                synAckNanos = ts;
            }
        }
        else if (direction == synDirection && synAckNanos >= 0 && handshakeAckNanos < 0 && ts >= synAckNanos)
        {
            handshakeAckNanos = ts;
        }
    }

    private void onRst(
        final int direction, final SideState s, final SideState peer, final DecodedPacket p, final long seqAbs,
        final int rstBits, final long frame, final long ts)
    {
        s.rstCount++;
        if (s.rstFrame < 0)
        {
            s.rstFrame = frame;
            s.rstNanos = ts;
            s.rstTtl = p.ttl();
            s.rstSeq = p.seq();
            s.rstInWindow = (rstBits & TcpEventType.RST_RECEIVER_STATE_KNOWN) == 0 ||
                (rstBits & TcpEventType.RST_IN_WINDOW) != 0 || coveredByInFlight(s, seqAbs);
            s.rstCopies = 1;
        }
        if (pairFromDirection < 0)
        {
            long otherFrame = -1;
            long otherNanos = -1;
            if (peer.rstBurst && peer.rstBurstNanos >= ts - RESET_PAIR_NANOS)
            {
                otherFrame = peer.rstBurstFrame;
                otherNanos = peer.rstBurstNanos;
            }
            else
            {
                final int i = peer.findRstSince(ts - RESET_PAIR_NANOS);
                if (i >= 0)
                {
                    otherFrame = peer.rstRingFrame[i];
                    otherNanos = peer.rstRingNanos[i];
                }
            }
            if (otherFrame >= 0)
            {
                pairFromDirection = direction;
                pairFrame0 = 0 == direction ? frame : otherFrame;
                pairFrame1 = 0 == direction ? otherFrame : frame;
                pairNanos = otherNanos;
                pairGapNanos = ts - otherNanos;
            }
        }
        s.rememberRst(frame, ts, RESET_PAIR_NANOS);
    }

    /**
     * A RST between what the receiver last acknowledged and what the sender has sent: in-flight data will move the
     * receiver's window up to it, so the receiver takes it although the capture point's view of the window ends
     * earlier.
     */
    private static boolean coveredByInFlight(final SideState s, final long seqAbs)
    {
        return s.peerAckKnown && s.sndNxtKnown && seqAbs >= s.peerAckAbs && seqAbs <= s.sndNxt;
    }

    private static void retransmissions(
        final SideState s, final long mask, final boolean syn, final long seqAbs, final long seqRaw, final int len,
        final long frame, final long ts)
    {
        if (len <= 0 || syn)
        {
            return;
        }
        if ((mask & RETRANSMITTED) != 0)
        {
            s.retransmissions++;
        }
        if (s.runActive && seqAbs == s.runSeq)
        {
            s.addRunCopy(frame, ts);
        }
        else if ((mask & RUN_START) != 0)
        {
            s.startRun(seqAbs, seqRaw, len, frame, ts);
        }
        s.rememberSegment(seqAbs, frame, ts);
    }

    /** Longest silence of this side as a data sender, between its data segments (or up to its FIN/RST). */
    private static void idle(
        final SideState s, final SideState peer, final boolean data, final boolean closing, final long endAbs,
        final long frame, final long ts)
    {
        if (s.idleStopped || (!data && !closing))
        {
            return;
        }
        if (s.idlePrevFrame >= 0)
        {
            considerSilence(s, peer, frame, ts);
        }
        if (!data)
        {
            s.idleStopped = true;
            return;
        }
        s.sentHigh = s.sentHighKnown ? Math.max(s.sentHigh, endAbs) : endAbs;
        s.sentHighKnown = true;
        s.idlePrevFrame = frame;
        s.idlePrevNanos = ts;
    }

    private static void considerSilence(final SideState s, final SideState peer, final long endFrame, final long end)
    {
        final long duration = end - s.idlePrevNanos;
        if (s.idleStartFrame >= 0 && duration <= s.idleEndNanos - s.idleStartNanos)
        {
            return;
        }
        s.idleStartFrame = s.idlePrevFrame;
        s.idleStartNanos = s.idlePrevNanos;
        s.idleEndFrame = endFrame;
        s.idleEndNanos = end;
        s.idleOutstanding = outstanding(s);
        s.idleWindowOpen = peer.windowKnown && peer.lastWindow > 0;
    }

    private static long outstanding(final SideState s)
    {
        if (!s.sentHighKnown)
        {
            return 0;
        }
        final long acked = s.peerAckKnown ? s.peerAckAbs : (s.synSeen ? s.isnAbs + 1 : s.dataStartAbs);
        return Math.max(0, s.sentHigh - acked);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reading

    /** Unique id of the flow instance this recorder is bound to, -1 before the first packet. */
    public long flowId()
    {
        return flowId;
    }

    public boolean isClosed()
    {
        return closed;
    }

    /** The {@link dev.ftp426.tcp.CloseReason} given at close, 0 while open. */
    public int closeReason()
    {
        return closeReason;
    }

    /** Packets fed, forwarded copies included. */
    public long rawPackets()
    {
        return rawPackets;
    }

    /** Packets recognised as the second, forwarded copy of another packet. */
    public long forwardedCopies()
    {
        return forwardedCopies;
    }

    /** Port of the sender of a direction, -1 when unknown. */
    public int port(final int direction)
    {
        return sides[direction].port;
    }

    /** Address of a direction's sender in text form, or "" when it is not known yet. Allocates. */
    public String address(final int direction)
    {
        final SideState s = sides[direction];
        return s.port < 0 ? "" : IpAddress.format(s.addressHi, s.addressLo);
    }

    /** Payload bytes a direction sent, in sequence space. */
    public long payloadBytes(final int direction)
    {
        final SideState s = sides[direction];
        if (!s.dataSeen)
        {
            return 0;
        }
        return s.dataEndAbs - (s.synSeen ? s.isnAbs + 1 : s.dataStartAbs);
    }

    /**
     * The direction whose sender is this endpoint: matched on port and address, or on the port alone when the
     * addresses differ (NAT). -1 when neither direction matches.
     */
    public int directionOf(final Endpoint endpoint)
    {
        int byPort = -1;
        int matches = 0;
        for (int d = 0; d < 2; d++)
        {
            if (sides[d].port == endpoint.port())
            {
                if (address(d).equals(endpoint.ip()))
                {
                    return d;
                }
                byPort = d;
                matches++;
            }
        }
        return 1 == matches ? byPort : -1;
    }

    /**
     * The facts in FTP roles, the data sender taken as the side that sent more payload (the server on a tie).
     *
     * @throws IllegalArgumentException when neither endpoint matches the connection.
     */
    public DataFlowFacts snapshot(final Endpoint ftpClient, final Endpoint ftpServer)
    {
        return snapshot(ftpClient, ftpServer, null);
    }

    /**
     * The facts in FTP roles: {@code ftpClient} and {@code ftpServer} are the two ends of this data connection.
     *
     * @param dataSender FTP role sending the data (SERVER for RETR/LIST, CLIENT for STOR), or null to infer it.
     * @throws IllegalArgumentException when neither endpoint matches the connection.
     */
    public DataFlowFacts snapshot(final Endpoint ftpClient, final Endpoint ftpServer, final FtpRole dataSender)
    {
        int clientDirection = directionOf(ftpClient);
        if (clientDirection < 0)
        {
            final int serverDirection = directionOf(ftpServer);
            if (serverDirection < 0)
            {
                throw new IllegalArgumentException("neither " + ftpClient + " nor " + ftpServer +
                    " is an end of this data connection");
            }
            clientDirection = 1 - serverDirection;
        }
        return snapshot(clientDirection, dataSender);
    }

    /**
     * The facts in FTP roles.
     *
     * @param clientDirection the TCP direction (0 initiator, 1 responder) whose sender is the FTP client.
     * @param dataSender      FTP role sending the data, or null to infer it from the payload.
     */
    public DataFlowFacts snapshot(final int clientDirection, final FtpRole dataSender)
    {
        final int c = clientDirection & 1;
        final int s = 1 - c;
        final FtpRole sender = null != dataSender ? dataSender :
            payloadBytes(c) > payloadBytes(s) ? FtpRole.CLIENT : FtpRole.SERVER;
        final int senderDirection = sender == FtpRole.CLIENT ? c : s;
        final boolean tls = sides[0].tls.sawRecords() || sides[1].tls.sawRecords() ||
            (null != decryptedTls && decryptedTls.decrypting());
        final boolean tls13 = sides[0].tls.sawTls13() || sides[1].tls.sawTls13();
        final FtpRole originator = synDirection >= 0 ? roleOf(synDirection, c) : roleOf(0, c);

        final DataFlowFacts.Builder b = DataFlowFacts.builder()
            .client(endpointFacts(FtpRole.CLIENT, c, tls, tls13))
            .server(endpointFacts(FtpRole.SERVER, s, tls, tls13))
            .endpoints(endpoint(c), endpoint(s))
            .tcpOriginator(originator)
            .span(firstFrame, firstNanos, lastFrame, lastNanos)
            .ackedUnseen(ackedUnseen.toGaps())
            .previousSegmentNotCaptured(previousSegmentNotCaptured.toGaps())
            .truncatedFrames(truncatedFrames)
            .icmpFragNeeded(icmpFragNeeded.toGaps())
            .senderIdle(idleSpan(sender, senderDirection));
        if (synDirection >= 0 && synAckNanos >= 0)
        {
            b.handshake(new Handshake(originator, synFrame, synNanos, synAckNanos, handshakeAckNanos));
        }
        if (pairFromDirection >= 0)
        {
            final long towardClient = 0 == c ? pairFrame1 : pairFrame0;
            final long towardServer = 0 == c ? pairFrame0 : pairFrame1;
            b.resetPairs(List.of(new ResetPair(towardClient, towardServer, pairNanos, pairGapNanos)));
        }
        return b.build();
    }

    private static FtpRole roleOf(final int direction, final int clientDirection)
    {
        return direction == clientDirection ? FtpRole.CLIENT : FtpRole.SERVER;
    }

    private Endpoint endpoint(final int direction)
    {
        return new Endpoint(address(direction), Math.max(0, sides[direction].port));
    }

    private EndpointFacts endpointFacts(final FtpRole role, final int direction, final boolean tls, final boolean tls13)
    {
        final SideState s = sides[direction];
        final EndpointFacts.Builder b = EndpointFacts.builder(role)
            .payloadBytes(payloadBytes(direction))
            .packets(s.packets)
            .retransmissions(s.retransmissions)
            .lastData(s.lastDataFrame, s.lastDataNanos)
            .dupAcks(s.dupAcks)
            .sackAcks(s.sackAcks)
            .mss(s.mss);
        if (s.ttlSamples > 0)
        {
            b.ttl(new TtlBaseline(s.ttlFirst, s.ttlMin, s.ttlMax, s.ttlSamples));
        }
        if (s.finFrame >= 0)
        {
            b.fin(new PacketMark(s.finFrame, s.finNanos, s.finTtl));
        }
        if (s.rstFrame >= 0)
        {
            b.rst(new ResetFacts(s.rstFrame, s.rstNanos, s.rstTtl, s.rstSeq, s.rstInWindow, s.rstCopies,
                s.rstChallenged), s.rstCount);
            if (s.afterRstCount > 0)
            {
                b.afterRst(new PostResetActivity(
                    s.afterRstCount, s.afterRstFrame, s.afterRstNanos, s.afterRstWithData));
            }
        }
        if (s.runActive && s.runCount >= 1)
        {
            final boolean ackedBeforeEnd = s.runAckedNanos >= 0 &&
                (firstCloseNanos < 0 || s.runAckedNanos <= firstCloseNanos);
            b.lastRun(new RetransmissionRun(s.runFirstFrame, s.runFirstNanos, s.runLastFrame, s.runLastNanos,
                s.runCount, s.runSeqRaw, s.runLength, s.runBackoff(), ackedBeforeEnd, s.runAckedNanos));
        }
        b.zeroWindows(zeroWindows(s));
        if (tls)
        {
            final TlsClose close;
            final TlsClose decrypted = decryptedClose(direction, s);
            if (null != decrypted)
            {
                close = decrypted;
            }
            else if (s.tls.sawAlert())
            {
                close = TlsClose.CLOSE_NOTIFY;
            }
            else if (tls13 || s.finFrame < 0 || s.tls.state() == TlsRecordScanner.STATE_LOST)
            {
                close = TlsClose.UNKNOWN;
            }
            else
            {
                close = TlsClose.NO_CLOSE_NOTIFY;
            }
            b.tlsClose(close);
        }
        b.firstUnforwarded(forwardedCopies > 0 ? s.firstUncopiedNanos : -1);
        return b.build();
    }

    /**
     * How a direction ended its TLS by what was decrypted, or null when decryption cannot tell (no keys, or records
     * of the direction lost or undecryptable, so a close_notify may have gone unseen).
     */
    private TlsClose decryptedClose(final int direction, final SideState s)
    {
        final TlsFacts t = decryptedTls;
        if (null == t || !t.decrypting() || t.gaps(direction) > 0 || t.syncLosses(direction) > 0 ||
            t.decryptFailures(direction) > 0 || t.undecryptedRecords(direction) > 0)
        {
            return null;
        }
        long end = s.finFrame;
        if (s.rstFrame >= 0 && (end < 0 || s.rstFrame < end))
        {
            end = s.rstFrame;
        }
        final long closeNotify = t.closeNotifyFrame(direction);
        if (closeNotify >= 0 && (end < 0 || closeNotify <= end))
        {
            return TlsClose.CLOSE_NOTIFY;
        }
        return end >= 0 ? TlsClose.NO_CLOSE_NOTIFY : TlsClose.UNKNOWN;
    }

    private static List<ZeroWindowSpan> zeroWindows(final SideState s)
    {
        final int kept = Math.min(s.zwCount, SideState.ZERO_WINDOW_SPANS);
        if (0 == kept && !s.zwOpen)
        {
            return List.of();
        }
        final List<ZeroWindowSpan> spans = new ArrayList<>(kept + 1);
        for (int k = s.zwCount - kept; k < s.zwCount; k++)
        {
            final int i = k % SideState.ZERO_WINDOW_SPANS;
            spans.add(new ZeroWindowSpan(s.zwStartFrame[i], s.zwStartNanos[i], s.zwEndFrame[i], s.zwEndNanos[i], true));
        }
        if (s.zwOpen)
        {
            spans.add(new ZeroWindowSpan(s.zwOpenStartFrame, s.zwOpenStartNanos, s.zwOpenLastFrame, s.zwOpenLastNanos,
                false));
        }
        return spans;
    }

    private IdleSpan idleSpan(final FtpRole sender, final int direction)
    {
        final SideState s = sides[direction];
        final SideState peer = sides[1 - direction];
        long startFrame = s.idleStartFrame;
        long startNanos = s.idleStartNanos;
        long endFrame = s.idleEndFrame;
        long endNanos = s.idleEndNanos;
        long outstanding = s.idleOutstanding;
        boolean windowOpen = s.idleWindowOpen;
        if (!s.idleStopped && s.idlePrevFrame >= 0 &&
            (startFrame < 0 || lastNanos - s.idlePrevNanos > endNanos - startNanos))
        {
            startFrame = s.idlePrevFrame;
            startNanos = s.idlePrevNanos;
            endFrame = -1;
            endNanos = lastNanos;
            outstanding = outstanding(s);
            windowOpen = peer.windowKnown && peer.lastWindow > 0;
        }
        if (startFrame < 0)
        {
            return null;
        }
        return new IdleSpan(sender, startFrame, startNanos, endFrame, endNanos, outstanding, windowOpen);
    }

    /** Count and first/last place of one flagged condition. */
    static final class GapCounter
    {
        long count;
        long firstFrame;
        long firstNanos;
        long lastFrame;
        long lastNanos;

        void reset()
        {
            count = 0;
            firstFrame = -1;
            firstNanos = -1;
            lastFrame = -1;
            lastNanos = -1;
        }

        void add(final long frame, final long tsNanos)
        {
            if (0 == count)
            {
                firstFrame = frame;
                firstNanos = tsNanos;
            }
            count++;
            lastFrame = frame;
            lastNanos = tsNanos;
        }

        CaptureGaps toGaps()
        {
            return 0 == count ? CaptureGaps.NONE : new CaptureGaps(count, firstFrame, firstNanos, lastFrame, lastNanos);
        }
    }
}
