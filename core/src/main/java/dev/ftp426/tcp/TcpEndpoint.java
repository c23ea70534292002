package dev.ftp426.tcp;

/**
 * One side of a {@link TcpFlow}: its address and port, the sequence state of the bytes it sends (for analysis and
 * reassembly), and the facts later stages read to attribute a failure (TTL baseline, IP ID behaviour, options,
 * first FIN and RST, zero-window spans, counters).
 * <p>
 * Sequence numbers are tracked as 64-bit "absolute" values unwrapped around the last one seen, so every comparison
 * is wrap-safe; getters that return a sequence number return the raw 32-bit value. Frame fields are -1 and
 * timestamps 0 when the event never happened. Pooled with its flow: read it only until the flow's onClose.
 */
/**
 * One side of a {@link TcpFlow}: its address and port, the sequence state of the bytes it sends (for analysis and
 * reassembly), and the facts later stages read to attribute a failure (TTL baseline, IP ID behaviour, options,
 * first FIN and RST, zero-window spans, counters).
 * <p>
 * Memory: hundreds of thousands of these are open at once, so the state every packet needs is kept in narrow
 * primitive fields here, and the facts of rare events live in small side objects ({@link ResetFacts},
 * {@link FinFacts}, {@link ZeroWindowSpans}, {@link TtlChanges}, {@link Irregularities}, the event counters) that
 * an {@link EndpointFactPool} attaches on the first such event; a null side object means the event never
 * happened. The recent segments compared with forwarded copies are in the tracker's {@link RecentSegments}.
 * <p>
 * Sequence numbers are tracked as 64-bit "absolute" values unwrapped around the last one seen, so every comparison
 * is wrap-safe; getters that return a sequence number return the raw 32-bit value. Frame fields are -1 and
 * timestamps 0 when the event never happened. Pooled with its flow: read it only until the flow's onClose.
 */
public final class TcpEndpoint
{
    /** Bounded history of TTL changes kept per endpoint. */
    public static final int MAX_TTL_CHANGES = 8;

    // Zeek endpoint states, for conn_state
    static final byte Z_INACTIVE = 0;
    static final byte Z_SYN_SENT = 1;
    static final byte Z_SYN_ACK_SENT = 2;
    static final byte Z_PARTIAL = 3;
    static final byte Z_ESTABLISHED = 4;
    static final byte Z_CLOSED = 5;
    static final byte Z_RESET = 6;

    // identity
    long addressHi;
    long addressLo;
    int port;
    boolean ipv4;

    // sequence reference; the first sequence number seen (the ISN when it was a SYN) is baseAbs
    boolean seqKnown;
    long seqRef;
    long baseAbs;
    boolean synSeen;
    long synFrame;
    long synTsNanos;

    // wireshark-style analysis state
    boolean nextSeqKnown;
    long nextSeq;
    long nextSeqTs;
    boolean maxSeqToBeAckedKnown;
    long maxSeqToBeAcked;
    boolean lastAckValid;
    /** Raw 32-bit acknowledgement number of its last segment; read through {@link #lastAck()}. */
    int lastAckRaw;
    long lastAckTs;
    boolean windowKnown;
    /** Scaled window: at most 65535 << 14, fits an int. */
    int window;
    int rawWindow;
    int dupAckNum;
    long lastNonDupAckFrame;
    /** {@link TcpEventType#bit} set of its last segment (all types fit 32 bits). */
    int lastSegmentFlags;
    long highestAckReceivedAbs;
    boolean ackReceived;

    // options
    int mss;
    short windowScaleOption;
    boolean sackPermitted;
    boolean timestamps;

    // reassembly (the stream starts with the sequence reference: seqKnown)
    long deliverNext;
    ReorderBuffer reorder;
    long deliveredBytes;

    // volume and timing
    long packets;
    long rawPayloadBytes;
    boolean dataSeen;
    long dataStartAbs;
    long dataEndAbs;
    long firstFrame;
    long firstTsNanos;
    long lastFrame;
    long lastTsNanos;
    long lastDataFrame;
    long lastDataTsNanos;
    long longestStallNanos;
    long longestStallEndFrame;

    // TTL and IP ID; the TTL range and changes are in ttlChanges once it changed
    short ttlFirst;
    short ttlLast;
    char lastIpId;
    int ipIdSamples;
    int ipIdZeros;
    int ipIdIncrements;

    byte zeekState;
    short historyMask;

    /** Ring position of its newest segment in the tracker's {@link RecentSegments}. */
    long lastSegment = RecentSegments.NONE;

    // side objects of rare events, null until the first one
    ResetFacts resets;
    FinFacts fin;
    ZeroWindowSpans zeroWindows;
    TtlChanges ttlChanges;
    Irregularities irregularities;
    /** Events of each {@link TcpEventType} raised by its packets. */
    int[] eventCounts;

    /** Starts the endpoint afresh; its side objects must have been given back to the pool. */
    void reset(final long addressHi, final long addressLo, final int port)
    {
        this.addressHi = addressHi;
        this.addressLo = addressLo;
        this.port = port;
        ipv4 = false;
        seqKnown = false;
        seqRef = 0;
        baseAbs = 0;
        synSeen = false;
        synFrame = -1;
        synTsNanos = 0;
        nextSeqKnown = false;
        nextSeq = 0;
        nextSeqTs = 0;
        maxSeqToBeAckedKnown = false;
        maxSeqToBeAcked = 0;
        lastAckValid = false;
        lastAckRaw = 0;
        lastAckTs = 0;
        windowKnown = false;
        window = 0;
        rawWindow = -1;
        dupAckNum = 0;
        lastNonDupAckFrame = -1;
        lastSegmentFlags = 0;
        highestAckReceivedAbs = 0;
        ackReceived = false;
        mss = -1;
        windowScaleOption = -1;
        sackPermitted = false;
        timestamps = false;
        deliverNext = 0;
        reorder = null;
        deliveredBytes = 0;
        packets = 0;
        rawPayloadBytes = 0;
        dataSeen = false;
        dataStartAbs = 0;
        dataEndAbs = 0;
        firstFrame = -1;
        firstTsNanos = 0;
        lastFrame = -1;
        lastTsNanos = 0;
        lastDataFrame = -1;
        lastDataTsNanos = 0;
        longestStallNanos = 0;
        longestStallEndFrame = -1;
        ttlFirst = -1;
        ttlLast = -1;
        lastIpId = 0;
        ipIdSamples = 0;
        ipIdZeros = 0;
        ipIdIncrements = 0;
        zeekState = Z_INACTIVE;
        historyMask = 0;
        lastSegment = RecentSegments.NONE;
    }

    /** Raw acknowledgement number of its last segment (valid when {@link #lastAckValid}). */
    long lastAck()
    {
        return lastAckRaw & 0xffff_ffffL;
    }

    /** Stream position of its first FIN, or -1. */
    long finPos()
    {
        return null == fin ? -1 : fin.position;
    }

    /** Unwraps a 32-bit sequence (or acknowledgement of this side's bytes) next to the last one seen. */
    long unwrap(final long seq32)
    {
        return seqRef + (int)(seq32 - seqRef);
    }

    /** Moves the unwrapping reference forward so long transfers keep resolving correctly. */
    void advanceRef(final long abs)
    {
        if (abs > seqRef)
        {
            seqRef = abs;
        }
    }

    // ---- identity

    /** High 64 bits of the address (0 for IPv4, stored IPv4-mapped). */
    public long addressHi() { return addressHi; }
    /** Low 64 bits of the address ({@code ::ffff:a.b.c.d} for IPv4). */
    public long addressLo() { return addressLo; }
    public int port() { return port; }
    /** True when packets from this side were IPv4. */
    public boolean isIpv4() { return ipv4; }

    // ---- volume and timing

    public long packets() { return packets; }
    /** Forwarded second copies recognised and left out of every analysis and counter (packets included). */
    public long forwardedCopies() { return null == irregularities ? 0 : irregularities.forwardedCopies; }
    /** Payload bytes as they appeared on the wire, retransmissions included. */
    public long rawPayloadBytes() { return rawPayloadBytes; }
    /** Payload bytes counted by sequence space (highest data end - lowest data start): no retransmission twice. */
    public long payloadBytes() { return dataSeen ? dataEndAbs - dataStartAbs : 0; }
    /** Bytes of segments flagged as retransmissions of any kind. */
    public long retransmittedBytes() { return null == irregularities ? 0 : irregularities.retransmittedBytes; }
    /**
     * New bytes carried by segments below the highest sequence seen, i.e. holes filled later: the network (or
     * reordering) delayed or lost the original, unlike capture loss, whose holes are never filled.
     */
    public long holeFillBytes() { return null == irregularities ? 0 : irregularities.holeFillBytes; }
    public long firstFrame() { return firstFrame; }
    public long firstTsNanos() { return firstTsNanos; }
    public long lastFrame() { return lastFrame; }
    public long lastTsNanos() { return lastTsNanos; }
    public long lastDataFrame() { return lastDataFrame; }
    public long lastDataTsNanos() { return lastDataTsNanos; }
    /** Longest time without any packet on the flow while this side had unacknowledged data outstanding. */
    public long longestStallNanos() { return longestStallNanos; }
    /** The frame that ended that stall, or -1. */
    public long longestStallEndFrame() { return longestStallEndFrame; }

    // ---- stream delivery

    /** Bytes delivered in order to the stream listener (0 when delivery is off). */
    public long deliveredBytes() { return deliveredBytes; }
    /** Bytes delivered as gaps, whatever the cause. */
    public long gapBytes() { return null == irregularities ? 0 : irregularities.gapBytes; }
    /**
     * Bytes the peer acknowledged but the capture never held (Zeek's missed_bytes): capture loss, not network loss.
     */
    public long missedBytes() { return null == irregularities ? 0 : irregularities.missedBytes; }
    /** Largest number of out-of-order bytes buffered at once for this side. */
    public long bufferedPeakBytes() { return null == irregularities ? 0 : irregularities.bufferedPeakBytes; }

    // ---- TTL and IP ID

    /** TTL / hop limit of the first packet, or -1. */
    public int ttlFirst() { return ttlFirst; }
    public int ttlMin() { return null == ttlChanges ? ttlFirst : ttlChanges.min; }
    public int ttlMax() { return null == ttlChanges ? ttlFirst : ttlChanges.max; }
    public int ttlLast() { return ttlLast; }
    /** Number of TTL changes seen (may exceed {@link #MAX_TTL_CHANGES}; only the first ones are kept). */
    public int ttlChangeCount() { return null == ttlChanges ? 0 : ttlChanges.count; }
    /** Frame of the i-th TTL change, i below min(count, {@link #MAX_TTL_CHANGES}). */
    public long ttlChangeFrame(final int i) { return ttlChanges.frames[i]; }
    /** The TTL the i-th change switched to. */
    public int ttlChangeValue(final int i) { return ttlChanges.values[i]; }

    /** Initial TTL guess: the nearest of 32, 64, 128, 255 at or above the first TTL seen, or -1. */
    public int initialTtlGuess()
    {
        return initialTtl(ttlFirst);
    }

    /** Hops between this sender and the capture point, from {@link #initialTtlGuess()}, or -1. */
    public int hopDistance()
    {
        return ttlFirst < 0 ? -1 : initialTtl(ttlFirst) - ttlFirst;
    }

    /** Nearest common initial TTL at or above {@code ttl}. */
    public static int initialTtl(final int ttl)
    {
        if (ttl < 0)
        {
            return -1;
        }
        if (ttl <= 32)
        {
            return 32;
        }
        if (ttl <= 64)
        {
            return 64;
        }
        return ttl <= 128 ? 128 : 255;
    }

    /** {@link IpIdBehaviour} constant. */
    public int ipIdBehaviour()
    {
        return ipv4 ? IpIdBehaviour.classify(ipIdSamples, ipIdZeros, ipIdIncrements) : IpIdBehaviour.UNKNOWN;
    }

    // ---- options and handshake

    public boolean synSeen() { return synSeen; }
    public long synFrame() { return synFrame; }
    public long synTsNanos() { return synTsNanos; }
    /** Initial sequence number (raw) when a SYN was seen, else the first sequence number seen. */
    public long initialSeq() { return baseAbs; }
    /** MSS option from its SYN, or -1. */
    public int mss() { return mss; }
    /** Window-scale shift from its SYN, or -1. */
    public int windowScale() { return windowScaleOption; }
    public boolean sackPermitted() { return sackPermitted; }
    /** True when it sent the timestamps option. */
    public boolean timestamps() { return timestamps; }
    /** Last raw (unscaled) window advertised, or -1. */
    public int lastRawWindow() { return rawWindow; }
    /** Last window advertised, scaled when scaling was negotiated. */
    public long lastWindow() { return window; }

    // ---- zero window

    public long zeroWindowCount() { return null == zeroWindows ? 0 : zeroWindows.count; }
    /** Sum of zero-window span durations (an open span counts up to this side's last packet). */
    public long zeroWindowTotalNanos()
    {
        final ZeroWindowSpans z = zeroWindows;
        if (null == z)
        {
            return 0;
        }
        return z.open ? z.totalNanos + (lastTsNanos - z.openSinceNanos) : z.totalNanos;
    }
    public long zeroWindowFirstStartFrame() { return null == zeroWindows ? -1 : zeroWindows.firstStartFrame; }
    public long zeroWindowLastStartFrame() { return null == zeroWindows ? -1 : zeroWindows.lastStartFrame; }
    /** Frame that reopened the window after the last span, or -1 (never closed, or no span). */
    public long zeroWindowLastEndFrame() { return null == zeroWindows ? -1 : zeroWindows.lastEndFrame; }
    public boolean inZeroWindow() { return null != zeroWindows && zeroWindows.open; }

    // ---- FIN and RST

    public long finFrame() { return null == fin ? -1 : fin.frame; }
    public long finTsNanos() { return null == fin ? 0 : fin.tsNanos; }
    /** Raw seq of its first FIN, or -1. */
    public long finSeq() { return null == fin ? -1 : fin.seq & 0xffff_ffffL; }
    public int finTtl() { return null == fin ? -1 : fin.ttl; }

    public long rstCount() { return null == resets ? 0 : resets.count; }
    /** Frame of its first RST, or -1. */
    public long rstFrame() { return null == resets ? -1 : resets.frame; }
    public long rstTsNanos() { return null == resets ? 0 : resets.tsNanos; }
    /** Raw seq of its first RST, or -1. */
    public long rstSeq() { return null == resets || resets.frame < 0 ? -1 : resets.seq & 0xffff_ffffL; }
    public int rstTtl() { return null == resets ? -1 : resets.ttl; }
    /** {@code TcpEventType.RST_*} bits of its first RST. */
    public int rstFlags() { return null == resets ? 0 : resets.flags; }
    /** IP ID of its first RST minus the IP ID of its previous packet (mod 2^16), or -1. */
    public int rstIpIdDelta() { return null == resets ? -1 : resets.ipIdDelta; }
    /** First frame after its first RST in which it still sent something other than a RST, or -1. */
    public long postRstActivityFrame() { return null == resets ? -1 : resets.postActivityFrame; }

    /** Hop distance implied by its first RST's TTL, or -1; differs from {@link #hopDistance()} when forged. */
    public int rstHopDistance()
    {
        final int rstTtl = rstTtl();
        return rstTtl < 0 ? -1 : initialTtl(rstTtl) - rstTtl;
    }

    /**
     * True when its first RST implies another hop distance than its first packet did (field guide §5, signal 3);
     * false when unknown or when the RST was its first packet.
     */
    public boolean rstTtlMismatch()
    {
        return rstTtl() >= 0 && ttlFirst >= 0 && rstFrame() != firstFrame && rstHopDistance() != hopDistance();
    }

    /** Frame in which this side answered the peer's in-window, inexact RST with a challenge ACK, or -1. */
    public long challengeAckFrame() { return null == resets ? -1 : resets.challengeAckFrame; }

    /**
     * Stream position reached in this direction: bytes delivered or skipped as gaps since the first data byte
     * (the byte after the SYN, or the first byte seen of a flow picked up mid-stream).
     */
    public long streamPosition()
    {
        return seqKnown ? deliverNext - baseAbs - (synSeen ? 1 : 0) : 0;
    }

    // ---- analysis counters

    /** Events of a {@link TcpEventType} triggered by packets from this side. */
    public int eventCount(final int type) { return null == eventCounts ? 0 : eventCounts[type]; }

    /** Retransmissions of any kind (plain, fast, spurious) sent by this side. */
    public int retransmissions()
    {
        return eventCount(TcpEventType.RETRANSMISSION) + eventCount(TcpEventType.FAST_RETRANSMISSION) +
            eventCount(TcpEventType.SPURIOUS_RETRANSMISSION);
    }
}
