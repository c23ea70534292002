package dev.ftp426.tcp;

import java.util.Arrays;

/**
 * One side of a {@link TcpFlow}: its address and port, the sequence state of the bytes it sends (for analysis and
 * reassembly), and the facts later stages read to attribute a failure (TTL baseline, IP ID behaviour, options,
 * first FIN and RST, zero-window spans, counters).
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
    static final int Z_INACTIVE = 0;
    static final int Z_SYN_SENT = 1;
    static final int Z_SYN_ACK_SENT = 2;
    static final int Z_PARTIAL = 3;
    static final int Z_ESTABLISHED = 4;
    static final int Z_CLOSED = 5;
    static final int Z_RESET = 6;

    // identity
    long addressHi;
    long addressLo;
    int port;

    // sequence reference
    boolean seqKnown;
    long seqRef;
    long baseAbs;
    boolean synSeen;
    long isn;
    long synFrame;
    long synTsNanos;

    // wireshark-style analysis state
    boolean nextSeqKnown;
    long nextSeq;
    long nextSeqTs;
    long nextSeqFrame;
    boolean maxSeqToBeAckedKnown;
    long maxSeqToBeAcked;
    boolean lastAckValid;
    long lastAckRaw;
    long lastAckTs;
    boolean windowKnown;
    long window;
    int rawWindow;
    int dupAckNum;
    long lastNonDupAckFrame;
    long lastSegmentFlags;
    long highestAckReceivedAbs;
    boolean ackReceived;

    // options
    int mss;
    int windowScaleOption;
    boolean sackPermitted;
    boolean timestamps;

    // reassembly
    boolean streamStarted;
    long deliverNext;
    long finPos;
    boolean finDelivered;
    ReorderBuffer reorder;
    long deliveredBytes;
    long gapBytes;
    long missedBytes;
    long bufferedPeakBytes;

    // facts
    long packets;
    long rawPayloadBytes;
    boolean dataSeen;
    long dataStartAbs;
    long dataEndAbs;
    long retransmittedBytes;
    long holeFillBytes;
    long firstFrame;
    long firstTsNanos;
    long lastFrame;
    long lastTsNanos;
    long lastDataFrame;
    long lastDataTsNanos;
    long longestStallNanos;
    long longestStallEndFrame;

    int ttlFirst;
    int ttlMin;
    int ttlMax;
    int ttlLast;
    int ttlChangeCount;
    final long[] ttlChangeFrames = new long[MAX_TTL_CHANGES];
    final int[] ttlChangeValues = new int[MAX_TTL_CHANGES];

    boolean ipv4;
    int lastIpId;
    int ipIdSamples;
    int ipIdZeros;
    int ipIdIncrements;

    long zeroWindowCount;
    long zeroWindowTotalNanos;
    long zeroWindowStartTs;
    long zeroWindowFirstStartFrame;
    long zeroWindowLastStartFrame;
    long zeroWindowLastEndFrame;
    boolean inZeroWindow;

    long finFrame;
    long finTsNanos;
    long finSeq;
    int finTtl;

    long rstCount;
    long rstFrame;
    long rstTsNanos;
    long rstSeq;
    int rstTtl;
    int rstFlags;
    int rstIpIdDelta;
    long postRstActivityFrame;
    long pendingChallengeRstFrame;
    long challengeAckFrame;

    int zeekState;
    int historyMask;
    final int[] eventCounts = new int[TcpEventType.MAX_TYPE + 1];

    // recent segments, to recognise a forwarding host's second copy of each (Linux cooked "-i any" capture)
    static final int COPY_RING = 8;
    static final long FORWARD_COPY_NANOS = 2_000_000L;
    private static final long META_USED = 1L << 40;
    /** Raw seq in the high, raw ack in the low 32 bits. */
    final long[] copyKey = new long[COPY_RING];
    /** Flags (bits 0-11), payload length (12-31), TTL (32-39), copy seen (40). */
    final long[] copyMeta = new long[COPY_RING];
    final long[] copyNanos = new long[COPY_RING];
    int copyCount;
    long forwardedCopies;

    /**
     * True when this segment is a forwarding host's second copy of a recent one: same seq, ack, flags and length,
     * within {@link #FORWARD_COPY_NANOS}, TTL exactly one lower. Otherwise it is remembered as a possible original.
     * Only the most recent segment with the same header values is compared, so a retransmission (same TTL) is never
     * taken for a copy.
     */
    boolean forwardedCopy(final long seq, final long ack, final int flags, final int length, final long tsNanos,
        final int ttl)
    {
        final long key = (seq & 0xffff_ffffL) << 32 | (ack & 0xffff_ffffL);
        final long header = (flags & 0xfffL) | (long)(length & 0xfffff) << 12;
        final int n = Math.min(copyCount, COPY_RING);
        for (int k = 0; k < n; k++)
        {
            final int i = (copyCount - 1 - k) % COPY_RING;
            final long meta = copyMeta[i];
            if (copyKey[i] == key && (meta & 0xffff_ffffL) == header)
            {
                final int originalTtl = (int)(meta >>> 32) & 0xff;
                if ((meta & META_USED) == 0 && tsNanos - copyNanos[i] < FORWARD_COPY_NANOS && ttl == originalTtl - 1)
                {
                    copyMeta[i] = meta | META_USED;
                    forwardedCopies++;
                    return true;
                }
                break;
            }
        }
        final int i = copyCount % COPY_RING;
        copyKey[i] = key;
        copyMeta[i] = header | (long)(ttl & 0xff) << 32;
        copyNanos[i] = tsNanos;
        copyCount++;
        if (copyCount == 2 * COPY_RING)
        {
            copyCount = COPY_RING;
        }
        return false;
    }

    void reset(final long addressHi, final long addressLo, final int port)
    {
        this.addressHi = addressHi;
        this.addressLo = addressLo;
        this.port = port;
        seqKnown = false;
        seqRef = 0;
        baseAbs = 0;
        synSeen = false;
        isn = 0;
        synFrame = -1;
        synTsNanos = 0;
        nextSeqKnown = false;
        nextSeq = 0;
        nextSeqTs = 0;
        nextSeqFrame = -1;
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
        streamStarted = false;
        deliverNext = 0;
        finPos = -1;
        finDelivered = false;
        reorder = null;
        deliveredBytes = 0;
        gapBytes = 0;
        missedBytes = 0;
        bufferedPeakBytes = 0;
        packets = 0;
        rawPayloadBytes = 0;
        dataSeen = false;
        dataStartAbs = 0;
        dataEndAbs = 0;
        retransmittedBytes = 0;
        holeFillBytes = 0;
        firstFrame = -1;
        firstTsNanos = 0;
        lastFrame = -1;
        lastTsNanos = 0;
        lastDataFrame = -1;
        lastDataTsNanos = 0;
        longestStallNanos = 0;
        longestStallEndFrame = -1;
        ttlFirst = -1;
        ttlMin = -1;
        ttlMax = -1;
        ttlLast = -1;
        ttlChangeCount = 0;
        ipv4 = false;
        lastIpId = 0;
        ipIdSamples = 0;
        ipIdZeros = 0;
        ipIdIncrements = 0;
        zeroWindowCount = 0;
        zeroWindowTotalNanos = 0;
        zeroWindowStartTs = 0;
        zeroWindowFirstStartFrame = -1;
        zeroWindowLastStartFrame = -1;
        zeroWindowLastEndFrame = -1;
        inZeroWindow = false;
        finFrame = -1;
        finTsNanos = 0;
        finSeq = -1;
        finTtl = -1;
        rstCount = 0;
        rstFrame = -1;
        rstTsNanos = 0;
        rstSeq = -1;
        rstTtl = -1;
        rstFlags = 0;
        rstIpIdDelta = -1;
        postRstActivityFrame = -1;
        pendingChallengeRstFrame = -1;
        challengeAckFrame = -1;
        zeekState = Z_INACTIVE;
        historyMask = 0;
        Arrays.fill(eventCounts, 0);
        copyCount = 0;
        forwardedCopies = 0;
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
    public long forwardedCopies() { return forwardedCopies; }
    /** Payload bytes as they appeared on the wire, retransmissions included. */
    public long rawPayloadBytes() { return rawPayloadBytes; }
    /** Payload bytes counted by sequence space (highest data end - lowest data start): no retransmission twice. */
    public long payloadBytes() { return dataSeen ? dataEndAbs - dataStartAbs : 0; }
    /** Bytes of segments flagged as retransmissions of any kind. */
    public long retransmittedBytes() { return retransmittedBytes; }
    /**
     * New bytes carried by segments below the highest sequence seen, i.e. holes filled later: the network (or
     * reordering) delayed or lost the original, unlike capture loss, whose holes are never filled.
     */
    public long holeFillBytes() { return holeFillBytes; }
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
    public long gapBytes() { return gapBytes; }
    /**
     * Bytes the peer acknowledged but the capture never held (Zeek's missed_bytes): capture loss, not network loss.
     */
    public long missedBytes() { return missedBytes; }
    /** Largest number of out-of-order bytes buffered at once for this side. */
    public long bufferedPeakBytes() { return bufferedPeakBytes; }

    // ---- TTL and IP ID

    /** TTL / hop limit of the first packet, or -1. */
    public int ttlFirst() { return ttlFirst; }
    public int ttlMin() { return ttlMin; }
    public int ttlMax() { return ttlMax; }
    public int ttlLast() { return ttlLast; }
    /** Number of TTL changes seen (may exceed {@link #MAX_TTL_CHANGES}; only the first ones are kept). */
    public int ttlChangeCount() { return ttlChangeCount; }
    /** Frame of the i-th TTL change, i below min(count, {@link #MAX_TTL_CHANGES}). */
    public long ttlChangeFrame(final int i) { return ttlChangeFrames[i]; }
    /** The TTL the i-th change switched to. */
    public int ttlChangeValue(final int i) { return ttlChangeValues[i]; }

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
    public long initialSeq() { return isn; }
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

    public long zeroWindowCount() { return zeroWindowCount; }
    /** Sum of zero-window span durations (an open span counts up to this side's last packet). */
    public long zeroWindowTotalNanos()
    {
        return inZeroWindow ? zeroWindowTotalNanos + (lastTsNanos - zeroWindowStartTs) : zeroWindowTotalNanos;
    }
    public long zeroWindowFirstStartFrame() { return zeroWindowFirstStartFrame; }
    public long zeroWindowLastStartFrame() { return zeroWindowLastStartFrame; }
    /** Frame that reopened the window after the last span, or -1 (never closed, or no span). */
    public long zeroWindowLastEndFrame() { return zeroWindowLastEndFrame; }
    public boolean inZeroWindow() { return inZeroWindow; }

    // ---- FIN and RST

    public long finFrame() { return finFrame; }
    public long finTsNanos() { return finTsNanos; }
    /** Raw seq of its first FIN, or -1. */
    public long finSeq() { return finSeq; }
    public int finTtl() { return finTtl; }

    public long rstCount() { return rstCount; }
    /** Frame of its first RST, or -1. */
    public long rstFrame() { return rstFrame; }
    public long rstTsNanos() { return rstTsNanos; }
    /** Raw seq of its first RST, or -1. */
    public long rstSeq() { return rstSeq; }
    public int rstTtl() { return rstTtl; }
    /** {@code TcpEventType.RST_*} bits of its first RST. */
    public int rstFlags() { return rstFlags; }
    /** IP ID of its first RST minus the IP ID of its previous packet (mod 2^16), or -1. */
    public int rstIpIdDelta() { return rstIpIdDelta; }
    /** First frame after its first RST in which it still sent something other than a RST, or -1. */
    public long postRstActivityFrame() { return postRstActivityFrame; }

    /** Hop distance implied by its first RST's TTL, or -1; differs from {@link #hopDistance()} when forged. */
    public int rstHopDistance()
    {
        return rstTtl < 0 ? -1 : initialTtl(rstTtl) - rstTtl;
    }

    /**
     * True when its first RST implies another hop distance than its first packet did (field guide §5, signal 3);
     * false when unknown or when the RST was its first packet.
     */
    public boolean rstTtlMismatch()
    {
        return rstTtl >= 0 && ttlFirst >= 0 && rstFrame != firstFrame && rstHopDistance() != hopDistance();
    }

    /** Frame in which this side answered the peer's in-window, inexact RST with a challenge ACK, or -1. */
    public long challengeAckFrame() { return challengeAckFrame; }

    /**
     * Stream position reached in this direction: bytes delivered or skipped as gaps since the first data byte
     * (the byte after the SYN, or the first byte seen of a flow picked up mid-stream).
     */
    public long streamPosition()
    {
        return seqKnown ? deliverNext - baseAbs - (synSeen && isn == baseAbs ? 1 : 0) : 0;
    }

    // ---- analysis counters

    /** Events of a {@link TcpEventType} triggered by packets from this side. */
    public int eventCount(final int type) { return eventCounts[type]; }

    /** Retransmissions of any kind (plain, fast, spurious) sent by this side. */
    public int retransmissions()
    {
        return eventCounts[TcpEventType.RETRANSMISSION] + eventCounts[TcpEventType.FAST_RETRANSMISSION] +
            eventCounts[TcpEventType.SPURIOUS_RETRANSMISSION];
    }
}
