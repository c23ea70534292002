package dev.ftp426.tcp;

import dev.ftp426.flow.CommunityId;
import dev.ftp426.flow.FlowKey;

/**
 * One TCP connection instance: its two endpoints (direction 0 = the initiator, the SYN sender or else the first
 * packet's sender; 1 = the responder), handshake timing, Zeek-style conn_state and history, and event counters.
 * <p>
 * Instances are pooled by the {@link TcpTracker} and reused after {@link StreamListener#onClose}; keep the
 * {@link #id()} (unique within a run), not the object. {@link #attachment(Object)} lets a consumer hang its own
 * per-flow state on it without a side map.
 */
public final class TcpFlow
{
    /**
     * Heap bytes of one pooled flow with its two endpoints, before any side object: 144 (flow) + 2 x 320
     * (endpoint), each 8-byte aligned with compressed class pointers and references. TcpFlowMemoryTest measures it.
     */
    public static final int BASE_BYTES = 784;

    /**
     * Heap bytes the memory budget charges per flow: {@link #BASE_BYTES} plus room for the side objects a flow
     * commonly gathers before it ends (event counters and FIN facts of both sides). Rare-event side objects beyond
     * that are counted as they are attached ({@link TcpTracker#estimatedFlowBytes()}), and flows are evicted when
     * the total would pass the budget.
     */
    public static final int ESTIMATED_BYTES = BASE_BYTES + 2 * (EndpointFactPool.EVENT_COUNTS_BYTES + FinFacts.BYTES);

    /** SYN seen from the initiator, handshake not complete. */
    public static final int STATE_HANDSHAKE = 0;
    /** Established, or picked up mid-stream. */
    public static final int STATE_ESTABLISHED = 1;
    /** One side sent FIN. */
    public static final int STATE_HALF_CLOSED = 2;
    /** Both sides sent FIN, or a RST was seen. */
    public static final int STATE_CLOSED = 3;
    static final int STATE_COUNT = 4;
    /**
     * Flow-table lists: one per state, and one per state for flows the listener asked to keep under memory pressure
     * ({@link #retainUnderPressure(boolean)}): same timeouts, evicted only when no other flow is left to evict.
     */
    static final int TIMEOUT_CLASS_COUNT = 2 * STATE_COUNT;

    private static final String[] HISTORY_LETTERS = {"S", "H", "A", "D", "F", "R", "T", "W", "G", "C"};
    static final int H_SYN = 0;
    static final int H_SYN_ACK = 1;
    static final int H_ACK = 2;
    static final int H_DATA = 3;
    static final int H_FIN = 4;
    static final int H_RST = 5;
    static final int H_RETRANSMISSION = 6;
    static final int H_ZERO_WINDOW = 7;
    static final int H_GAP = 8;
    static final int H_BAD_CHECKSUM = 9;

    private static final int HISTORY_CODE_BITS = 5;
    private static final int HISTORY_CODES_PER_WORD = 12;

    final TcpEndpoint initiator = new TcpEndpoint();
    final TcpEndpoint responder = new TcpEndpoint();
    /**
     * Zeek history in order of first occurrence, as 5-bit codes (1 + direction * 10 + letter), twelve per long: each
     * letter appears at most once per direction, so 20 codes at most; their count is the bits set in the two
     * endpoints' history masks.
     */
    long historyLow;
    long historyHigh;

    long id;
    int vlanKey;
    byte ipVersion;
    byte state;
    byte closeReason;
    boolean deliverPayload;
    boolean retained;
    boolean open;
    boolean reusedPorts;
    boolean flippedStart;

    long synAckFrame;
    long synAckTsNanos;
    long handshakeAckFrame;
    long handshakeAckTsNanos;

    long firstFrame;
    long firstTsNanos;
    long lastFrame;
    long lastTsNanos;
    long longestSilenceNanos;
    long longestSilenceEndFrame;
    /** {@link TcpEventType#bit} of every type seen; all types fit 32 bits. */
    int eventMask;

    Object attachment;

    void reset(final long id)
    {
        this.id = id;
        ipVersion = 0;
        vlanKey = 0;
        state = STATE_ESTABLISHED;
        deliverPayload = false;
        retained = false;
        open = true;
        reusedPorts = false;
        flippedStart = false;
        closeReason = 0;
        synAckFrame = -1;
        synAckTsNanos = 0;
        handshakeAckFrame = -1;
        handshakeAckTsNanos = 0;
        firstFrame = -1;
        firstTsNanos = 0;
        lastFrame = -1;
        lastTsNanos = 0;
        longestSilenceNanos = 0;
        longestSilenceEndFrame = -1;
        eventMask = 0;
        historyLow = 0;
        historyHigh = 0;
        attachment = null;
    }

    /** Unique id of this connection instance within the run (a new instance on port reuse gets a new id). */
    public long id() { return id; }
    /** 4 or 6. */
    public int ipVersion() { return ipVersion; }
    /** VLAN ids as packed by {@link FlowKey#vlanKey(int, int)}. */
    public int vlanKey() { return vlanKey; }
    /** One of the {@code STATE_*} constants (also the flow's timeout class). */
    public int state() { return state; }
    /** False once onClose was delivered. */
    public boolean isOpen() { return open; }
    /** The {@link CloseReason} given to onClose, or 0 while open. */
    public int closeReason() { return closeReason; }
    /** True when this instance was started by a SYN reusing the ports of an earlier instance. */
    public boolean reusedPorts() { return reusedPorts; }

    /** Direction 0: the initiator. 1: the responder. */
    public TcpEndpoint endpoint(final int direction) { return 0 == direction ? initiator : responder; }
    public TcpEndpoint initiator() { return initiator; }
    public TcpEndpoint responder() { return responder; }

    /** Whether payload bytes of this flow reach {@link StreamListener#onData}. */
    public boolean deliverPayload() { return deliverPayload; }

    /**
     * Turns payload delivery on or off from now on. Turned on mid-flow, delivery resumes at the next in-order byte
     * of each direction (earlier bytes are not replayed).
     */
    public void deliverPayload(final boolean deliver) { this.deliverPayload = deliver; }

    /** Whether this flow is among the last to be evicted when the memory budget is full. */
    public boolean retainedUnderPressure() { return retained; }

    /**
     * Asks that this flow be evicted only after every flow not so marked. The FTP stage marks control connections
     * and the data connections it follows: a control connection sits idle through each transfer, so plain
     * least-recently-used eviction would take it first while busy bulk flows fill the table.
     */
    public void retainUnderPressure(final boolean retain) { this.retained = retain; }

    /** The flow-table list this flow belongs to: its state, offset by {@link #STATE_COUNT} when retained. */
    int timeoutClass()
    {
        return retained ? STATE_COUNT + state : state;
    }

    public Object attachment() { return attachment; }
    public void attachment(final Object attachment) { this.attachment = attachment; }

    // ---- handshake

    /** Frame of the initiator's first SYN, or -1. */
    public long synFrame() { return initiator.synFrame; }
    public long synTsNanos() { return initiator.synTsNanos; }
    /** Frame of the responder's first SYN-ACK, or -1. */
    public long synAckFrame() { return synAckFrame; }
    public long synAckTsNanos() { return synAckTsNanos; }
    /** Frame of the initiator's ACK completing the handshake, or -1. */
    public long handshakeAckFrame() { return handshakeAckFrame; }
    public long handshakeAckTsNanos() { return handshakeAckTsNanos; }

    /** SYN to SYN-ACK: about the RTT at a client-side capture, about 0 at a server-side one. -1 if unknown. */
    public long synToSynAckNanos()
    {
        return synAckFrame >= 0 && initiator.synFrame >= 0 ? synAckTsNanos - initiator.synTsNanos : -1;
    }

    /** SYN-ACK to ACK: about 0 at a client-side capture, about the RTT at a server-side one. -1 if unknown. */
    public long synAckToAckNanos()
    {
        return handshakeAckFrame >= 0 && synAckFrame >= 0 ? handshakeAckTsNanos - synAckTsNanos : -1;
    }

    /** SYN to handshake ACK, Wireshark's tcp.analysis.initial_rtt; -1 if unknown. */
    public long initialRttNanos()
    {
        return handshakeAckFrame >= 0 && initiator.synFrame >= 0 ?
            handshakeAckTsNanos - initiator.synTsNanos : -1;
    }

    // ---- timing and counters

    public long firstFrame() { return firstFrame; }
    public long firstTsNanos() { return firstTsNanos; }
    public long lastFrame() { return lastFrame; }
    public long lastTsNanos() { return lastTsNanos; }
    /** Longest time without any packet while some data was unacknowledged. */
    public long longestSilenceNanos() { return longestSilenceNanos; }
    public long longestSilenceEndFrame() { return longestSilenceEndFrame; }
    /** Events of a {@link TcpEventType} on this flow, both directions. */
    public int eventCount(final int type) { return initiator.eventCount(type) + responder.eventCount(type); }
    /** Bit set of {@link TcpEventType#bit(int)} for every event type seen on this flow. */
    public long eventMask() { return eventMask; }

    /**
     * Time between the first RSTs of the two sides when both sent one (a middlebox resetting both ends sends them
     * within milliseconds), else -1.
     */
    public long pairedResetGapNanos()
    {
        final TcpEndpoint a = initiator;
        final TcpEndpoint b = responder;
        return a.rstFrame() >= 0 && b.rstFrame() >= 0 ? Math.abs(a.rstTsNanos() - b.rstTsNanos()) : -1;
    }

    /** Community ID of this flow (allocates the string). */
    public String communityId(final CommunityId communityId)
    {
        final TcpEndpoint a = initiator;
        final TcpEndpoint b = responder;
        return communityId.compute(a.addressHi, a.addressLo, a.port, b.addressHi, b.addressLo, b.port, 6);
    }

    /**
     * Zeek's conn_state (S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR, OTH) from the endpoint states,
     * following {@code scripts/base/protocols/conn/main.zeek}. Returns a constant, no allocation.
     */
    public String connState()
    {
        final TcpEndpoint o = initiator;
        final TcpEndpoint r = responder;
        final int os = o.zeekState;
        final int rs = r.zeekState;
        final boolean oInactive = os == TcpEndpoint.Z_INACTIVE || os == TcpEndpoint.Z_PARTIAL;
        final boolean rInactive = rs == TcpEndpoint.Z_INACTIVE || rs == TcpEndpoint.Z_PARTIAL;
        if (rs == TcpEndpoint.Z_RESET)
        {
            if (os == TcpEndpoint.Z_SYN_SENT || os == TcpEndpoint.Z_SYN_ACK_SENT ||
                (os == TcpEndpoint.Z_RESET && o.payloadBytes() == 0 && r.payloadBytes() == 0))
            {
                return "REJ";
            }
            return oInactive ? "RSTRH" : "RSTR";
        }
        if (os == TcpEndpoint.Z_RESET)
        {
            if (rInactive)
            {
                final boolean synThenRst = o.synSeen && r.synFrame < 0 && (o.historyMask &
                    ((1 << H_ACK) | (1 << H_FIN) | (1 << H_GAP))) == 0 && (r.historyMask & (1 << H_SYN_ACK)) == 0;
                return synThenRst ? "RSTOS0" : "OTH";
            }
            return "RSTO";
        }
        if (rs == TcpEndpoint.Z_CLOSED && os == TcpEndpoint.Z_CLOSED)
        {
            return "SF";
        }
        if (os == TcpEndpoint.Z_CLOSED)
        {
            return rInactive ? "SH" : "S2";
        }
        if (rs == TcpEndpoint.Z_CLOSED)
        {
            return oInactive ? "SHR" : "S3";
        }
        if (os == TcpEndpoint.Z_SYN_SENT && rs == TcpEndpoint.Z_INACTIVE)
        {
            return "S0";
        }
        if (os == TcpEndpoint.Z_ESTABLISHED && rs == TcpEndpoint.Z_ESTABLISHED)
        {
            return "S1";
        }
        return "OTH";
    }

    /**
     * Zeek-style history: each letter once per direction, in order of first occurrence; upper case from the
     * initiator, lower case from the responder (S syn, H syn-ack, A pure ack, D data, F fin, R rst,
     * T retransmission, W zero window, G content gap, C bad checksum); a leading ^ when the first packet seen was
     * the responder's SYN-ACK. Allocates the string.
     */
    public String history()
    {
        final int length = historyLength();
        final StringBuilder sb = new StringBuilder(length + 1);
        if (flippedStart)
        {
            sb.append('^');
        }
        for (int i = 0; i < length; i++)
        {
            final long word = i < HISTORY_CODES_PER_WORD ? historyLow : historyHigh;
            final int code = (int)(word >>> (i % HISTORY_CODES_PER_WORD) * HISTORY_CODE_BITS) & 0x1f;
            final int direction = (code - 1) / HISTORY_LETTERS.length;
            final char c = HISTORY_LETTERS[(code - 1) % HISTORY_LETTERS.length].charAt(0);
            sb.append(0 == direction ? c : Character.toLowerCase(c));
        }
        return sb.toString();
    }

    private int historyLength()
    {
        return Integer.bitCount(initiator.historyMask) + Integer.bitCount(responder.historyMask);
    }

    void addHistory(final int direction, final int letter)
    {
        final TcpEndpoint ep = endpoint(direction);
        final int bit = 1 << letter;
        if ((ep.historyMask & bit) == 0)
        {
            final int i = historyLength();
            final long code = 1 + direction * HISTORY_LETTERS.length + letter;
            if (i < HISTORY_CODES_PER_WORD)
            {
                historyLow |= code << i * HISTORY_CODE_BITS;
            }
            else
            {
                historyHigh |= code << (i - HISTORY_CODES_PER_WORD) * HISTORY_CODE_BITS;
            }
            ep.historyMask |= bit;
        }
    }

    public String toString()
    {
        return "TcpFlow{id=" + id + ", state=" + state + ", connState=" + connState() + "}";
    }
}
