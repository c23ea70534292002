package dev.ftp426.tcp;

/**
 * Kinds of TCP analysis events, as plain ints so they travel through {@link TcpEventListener} without allocation.
 * <p>
 * The first fifteen follow Wireshark's {@code tcp.analysis.*} definitions ({@code epan/dissectors/packet-tcp.c},
 * {@code tcp_analyze_sequence_number}), evaluated per direction in capture order. The meaning of the event's
 * {@code a} and {@code b} arguments is given per constant; unused ones are 0.
 */
public final class TcpEventType
{
    /** Data (or SYN/FIN) below the highest sequence seen. a = relative seq, b = length. */
    public static final int RETRANSMISSION = 1;
    /** Retransmission within 20 ms of the peer's second or later duplicate ACK for this seq. a, b as above. */
    public static final int FAST_RETRANSMISSION = 2;
    /** Retransmission of data the peer had already acknowledged. a, b as above. */
    public static final int SPURIOUS_RETRANSMISSION = 3;
    /** Data below the highest sequence seen, arriving within max(iRTT, 3 ms) of it. a, b as above. */
    public static final int OUT_OF_ORDER = 4;
    /** Segment starts beyond the highest sequence seen: bytes in between were not captured (yet). a = bytes. */
    public static final int PREVIOUS_SEGMENT_NOT_CAPTURED = 5;
    /** ACK beyond anything the capture saw from the peer: the capture missed data. a = bytes acked unseen. */
    public static final int ACKED_UNSEEN_SEGMENT = 6;
    /** Same seq, ack and non-zero window as before and no data. a = duplicate count, b = frame of the original. */
    public static final int DUPLICATE_ACK = 7;
    /** Advertised window 0 (no SYN/FIN/RST). */
    public static final int ZERO_WINDOW = 8;
    /** One byte at the next expected seq while the peer advertises window 0. */
    public static final int ZERO_WINDOW_PROBE = 9;
    /** The receiver's answer to a zero window probe, still at window 0. */
    public static final int ZERO_WINDOW_PROBE_ACK = 10;
    /** Data fills the peer's advertised window exactly. */
    public static final int WINDOW_FULL = 11;
    /** Pure ACK changing only the window. a = new scaled window. */
    public static final int WINDOW_UPDATE = 12;
    /** 0 or 1 byte at next expected seq - 1, no SYN/FIN/RST. */
    public static final int KEEP_ALIVE = 13;
    /** The duplicate ACK answering a keep-alive. */
    public static final int KEEP_ALIVE_ACK = 14;
    /** A SYN with a new initial sequence number on a known 5-tuple: a new connection instance starts. */
    public static final int REUSED_PORTS = 15;

    /**
     * A RST. a = {@code RST_*} bits describing its seq against the receiver's state, b = its raw seq.
     */
    public static final int RST = 16;
    /** Overlapping bytes that differ from those buffered first (first wins). a = stream offset, b = bytes. */
    public static final int OVERLAP_CONFLICT = 17;
    /** The per-flow (a = 1) or global (a = 2) reassembly cap forced a gap. b = bytes skipped. */
    public static final int REASSEMBLY_CAP_HIT = 18;
    /**
     * The receiver of an in-window but inexact RST answered with an ACK for its old RCV.NXT (RFC 5961 challenge
     * ACK): that RST was not accepted. a = frame of the RST.
     */
    public static final int CHALLENGE_ACK = 19;
    /** The supposed sender of a RST kept sending (data, ACKs) after it. a = frame of the RST. */
    public static final int POST_RST_ACTIVITY = 20;
    /** An ICMP error quoting a packet of this flow. a = type << 8 | code, b = next-hop MTU. */
    public static final int ICMP_ERROR = 21;
    /** An endpoint's TTL / hop limit changed. a = previous TTL, b = new TTL. */
    public static final int TTL_CHANGE = 22;
    /** A hole delivered as a gap. a = bytes, b = {@code GAP_*} cause. */
    public static final int STREAM_GAP = 23;

    /** Highest type; below 32, so a set of types fits an int (flow and segment event masks are kept as ints). */
    public static final int MAX_TYPE = 23;

    /** RST bit: the receiver's window was known when the RST arrived. */
    public static final int RST_RECEIVER_STATE_KNOWN = 1;
    /** RST bit: seq within [RCV.NXT, RCV.NXT + RCV.WND). */
    public static final int RST_IN_WINDOW = 2;
    /** RST bit: seq exactly RCV.NXT (the only value an RFC 5961 stack accepts at once). */
    public static final int RST_EXACT = 4;
    /** RST bit: the RST carried an ACK. */
    public static final int RST_WITH_ACK = 8;
    /** RST bit: the RST carried payload. */
    public static final int RST_WITH_DATA = 16;

    /** Gap cause: the peer acknowledged bytes the capture never saw (capture loss). */
    public static final int GAP_ACKED_UNSEEN = 1;
    /** Gap cause: the reassembly buffer reached its cap. */
    public static final int GAP_CAP = 2;
    /** Gap cause: the flow ended with a hole still open. */
    public static final int GAP_FLOW_END = 3;
    /** Gap cause: the frame was cut by the snap length (capture artefact). */
    public static final int GAP_TRUNCATED = 4;

    private static final String[] NAMES =
    {
        "none",
        "retransmission",
        "fast_retransmission",
        "spurious_retransmission",
        "out_of_order",
        "previous_segment_not_captured",
        "acked_unseen_segment",
        "duplicate_ack",
        "zero_window",
        "zero_window_probe",
        "zero_window_probe_ack",
        "window_full",
        "window_update",
        "keep_alive",
        "keep_alive_ack",
        "reused_ports",
        "rst",
        "overlap_conflict",
        "reassembly_cap_hit",
        "challenge_ack",
        "post_rst_activity",
        "icmp_error",
        "ttl_change",
        "stream_gap",
    };

    private TcpEventType()
    {
    }

    /** Stable snake_case name, suitable for anomaly records. */
    public static String name(final int type)
    {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "unknown";
    }

    /** Bit of a type in a per-frame or per-flow event mask. */
    public static long bit(final int type)
    {
        return 1L << type;
    }
}
