package dev.ftp426.report;

import dev.ftp426.decode.IpAddress;
import dev.ftp426.flow.CommunityId;
import dev.ftp426.tcp.CloseReason;
import dev.ftp426.tcp.TcpEndpoint;
import dev.ftp426.tcp.TcpEventType;
import dev.ftp426.tcp.TcpFlow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One TCP connection as Zeek's conn.log and Wireshark's TCP analysis would describe it: the {@code "type":"flow"}
 * record of {@code ftp426 flows}. A copy taken when the flow closed, so it outlives the pooled {@link TcpFlow}.
 *
 * @param flowId          id of the connection instance, in order of first packet (1-based).
 * @param communityId     Community ID v1.
 * @param connState       Zeek conn_state.
 * @param history         Zeek history letters (upper case: originator).
 * @param closeReason     why the tracker let it go ({@link CloseReason#name(int)}).
 * @param firstFrame      first frame of the flow.
 * @param firstTsNanos    its time.
 * @param lastFrame       last frame of the flow.
 * @param lastTsNanos     its time.
 * @param synToSynAckNanos SYN to SYN-ACK, -1 when unknown (about the RTT at a client-side capture).
 * @param synAckToAckNanos SYN-ACK to ACK, -1 when unknown (about the RTT at a server-side capture).
 * @param orig            the originator (SYN sender, else first packet's sender).
 * @param resp            the responder.
 * @param events          TCP analysis events on the flow by stable name, non-zero only.
 */
public record FlowRecord(
    long flowId,
    String communityId,
    String connState,
    String history,
    String closeReason,
    long firstFrame,
    long firstTsNanos,
    long lastFrame,
    long lastTsNanos,
    long synToSynAckNanos,
    long synAckToAckNanos,
    Side orig,
    Side resp,
    Map<String, Long> events)
{
    /**
     * One side of the connection: what it sent, as the capture saw it.
     *
     * @param ip               address text.
     * @param port             TCP port.
     * @param packets          packets sent.
     * @param wireBytes        payload bytes as they appeared, retransmissions included (tshark conv's bytes count
     *                         whole frames; this counts TCP payload).
     * @param payloadBytes     payload bytes by sequence space (each byte once).
     * @param missedBytes      bytes acknowledged by the peer but never captured (Zeek missed_bytes).
     * @param ttlFirst         TTL / hop limit of its first packet, -1 when unknown.
     * @param ttlMin           lowest TTL seen.
     * @param ttlMax           highest TTL seen.
     * @param mss              MSS option from its SYN, -1 when none.
     * @param windowScale      window-scale shift from its SYN, -1 when none.
     * @param retransmissions  retransmissions of any kind it sent.
     * @param zeroWindows      times it advertised a zero window.
     * @param finFrame         frame of its first FIN, -1 when none.
     * @param rstFrame         frame of its first RST, -1 when none.
     * @param rstCount         RSTs it sent.
     */
    public record Side(
        String ip,
        int port,
        long packets,
        long wireBytes,
        long payloadBytes,
        long missedBytes,
        int ttlFirst,
        int ttlMin,
        int ttlMax,
        int mss,
        int windowScale,
        long retransmissions,
        long zeroWindows,
        long finFrame,
        long rstFrame,
        long rstCount)
    {
        static Side of(final TcpEndpoint e)
        {
            return new Side(IpAddress.format(e.addressHi(), e.addressLo()), e.port(), e.packets(),
                e.rawPayloadBytes(), e.payloadBytes(), e.missedBytes(), e.ttlFirst(), e.ttlMin(), e.ttlMax(), e.mss(),
                e.windowScale(), e.retransmissions(), e.zeroWindowCount(), e.finFrame(), e.rstFrame(), e.rstCount());
        }
    }

    public FlowRecord
    {
        events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
    }

    /** Copies the facts of a flow; call it at the latest from its close callback. */
    public static FlowRecord of(final TcpFlow flow, final CommunityId communityId)
    {
        final Map<String, Long> events = new LinkedHashMap<>();
        for (int type = 1; type <= TcpEventType.MAX_TYPE; type++)
        {
            final int count = flow.eventCount(type);
            if (count > 0)
            {
                events.put(TcpEventType.name(type), (long)count);
            }
        }
        return new FlowRecord(flow.id(), flow.communityId(communityId), flow.connState(), flow.history(),
            flow.closeReason() == 0 ? "open" : CloseReason.name(flow.closeReason()), flow.firstFrame(),
            flow.firstTsNanos(), flow.lastFrame(), flow.lastTsNanos(), flow.synToSynAckNanos(),
            flow.synAckToAckNanos(), Side.of(flow.initiator()), Side.of(flow.responder()), events);
    }

    public long packets()
    {
        return orig.packets + resp.packets;
    }
}
