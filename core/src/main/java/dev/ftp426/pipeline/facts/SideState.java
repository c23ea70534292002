package dev.ftp426.pipeline.facts;

import dev.ftp426.decode.DecodedPacket;

/**
 * What one direction of a data connection sent, kept in fixed-size fields and small rings so a recorder's memory
 * does not grow with the connection. Sequence numbers are unwrapped to 64 bits around the last one seen from this
 * side; acknowledgements of this side's bytes (sent by the peer) are unwrapped in the same space.
 */
final class SideState
{
    /** Forwarding captures show the second copy within this time of the first. */
    static final long FORWARD_COPY_NANOS = 2_000_000L;
    /** Recent packets remembered to recognise a forwarded copy. */
    static final int COPY_RING = 8;
    /** Growing gaps at the end of a retransmission run that make it an RTO back-off. */
    static final int TRAILING_GROWING_GAPS = 2;
    /** Recent data segments remembered to find the original of a retransmission. */
    static final int SEGMENT_RING = 128;
    /** Recent RSTs remembered to pair them with RSTs towards the other end. */
    static final int RST_RING = 8;
    /** Zero-window spans kept (the most recent ones). */
    static final int ZERO_WINDOW_SPANS = 16;

    // identity
    boolean addressKnown;
    long addressHi;
    long addressLo;
    int port;

    // sequence space
    boolean seqKnown;
    long seqRef;
    boolean synSeen;
    long isnAbs;
    boolean dataSeen;
    long dataStartAbs;
    long dataEndAbs;
    boolean sndNxtKnown;
    long sndNxt;
    int mss;

    // counts
    long packets;
    int ttlFirst;
    int ttlMin;
    int ttlMax;
    long ttlSamples;

    // FIN and RST
    long finFrame;
    long finNanos;
    int finTtl;
    int rstCount;
    long rstFrame;
    long rstNanos;
    int rstTtl;
    long rstSeq;
    boolean rstInWindow;
    int rstCopies;
    boolean rstChallenged;
    long afterRstCount;
    long afterRstFrame;
    long afterRstNanos;
    long afterRstWithData;
    final long[] rstRingFrame = new long[RST_RING];
    final long[] rstRingNanos = new long[RST_RING];
    int rstRingCount;
    boolean rstBurst;
    long rstBurstFrame;
    long rstBurstNanos;

    // retransmissions
    int retransmissions;
    boolean runActive;
    long runSeq;
    long runSeqRaw;
    int runLength;
    long runFirstFrame;
    long runFirstNanos;
    long runLastFrame;
    long runLastNanos;
    int runCount;
    long runFirstGap;
    long runPrevGap;
    int runGaps;
    /** Consecutive growing gaps at the end of the run (gap ≥ 1.5 × the one before, the first gap not compared). */
    int runGrowingTail;
    long runAckedNanos;
    final long[] segSeq = new long[SEGMENT_RING];
    final long[] segFrame = new long[SEGMENT_RING];
    final long[] segNanos = new long[SEGMENT_RING];
    int segCount;

    // zero windows: a ring of closed spans plus the open one
    final long[] zwStartFrame = new long[ZERO_WINDOW_SPANS];
    final long[] zwStartNanos = new long[ZERO_WINDOW_SPANS];
    final long[] zwEndFrame = new long[ZERO_WINDOW_SPANS];
    final long[] zwEndNanos = new long[ZERO_WINDOW_SPANS];
    int zwCount;
    boolean zwOpen;
    long zwOpenStartFrame;
    long zwOpenStartNanos;
    long zwOpenLastFrame;
    long zwOpenLastNanos;

    long lastDataFrame;
    long lastDataNanos;
    int dupAcks;
    int sackAcks;

    // what the peer acknowledged of this side's bytes, and this side's last advertised window
    boolean peerAckKnown;
    long peerAckAbs;
    long peerAckNanos;
    boolean windowKnown;
    int lastWindow;

    // longest silence as a data sender
    boolean idleStopped;
    long idlePrevFrame;
    long idlePrevNanos;
    long sentHigh;
    boolean sentHighKnown;
    long idleStartFrame;
    long idleStartNanos;
    long idleEndFrame;
    long idleEndNanos;
    long idleOutstanding;
    boolean idleWindowOpen;

    // forwarded copies
    final long[] copySeq = new long[COPY_RING];
    final long[] copyAck = new long[COPY_RING];
    final int[] copyFlags = new int[COPY_RING];
    final int[] copyLength = new int[COPY_RING];
    final long[] copyNanos = new long[COPY_RING];
    final int[] copyTtl = new int[COPY_RING];
    final long[] copyFrame = new long[COPY_RING];
    final boolean[] copyUsed = new boolean[COPY_RING];
    int copyCount;
    /** When the first non-RST packet left the copy ring without its forwarded copy; -1 when none did. */
    long firstUncopiedNanos = -1;

    final TlsRecordScanner tls = new TlsRecordScanner();

    SideState()
    {
        reset();
    }

    void reset()
    {
        addressKnown = false;
        addressHi = 0;
        addressLo = 0;
        port = -1;
        seqKnown = false;
        seqRef = 0;
        synSeen = false;
        isnAbs = 0;
        dataSeen = false;
        dataStartAbs = 0;
        dataEndAbs = 0;
        sndNxtKnown = false;
        sndNxt = 0;
        mss = -1;
        packets = 0;
        ttlFirst = 0;
        ttlMin = 0;
        ttlMax = 0;
        ttlSamples = 0;
        finFrame = -1;
        finNanos = -1;
        finTtl = 0;
        rstCount = 0;
        rstFrame = -1;
        rstNanos = -1;
        rstTtl = 0;
        rstSeq = 0;
        rstInWindow = true;
        rstCopies = 0;
        rstChallenged = false;
        afterRstCount = 0;
        afterRstFrame = -1;
        afterRstNanos = -1;
        afterRstWithData = 0;
        rstRingCount = 0;
        rstBurst = false;
        rstBurstFrame = -1;
        rstBurstNanos = -1;
        retransmissions = 0;
        runActive = false;
        runSeq = 0;
        runSeqRaw = 0;
        runLength = 0;
        runFirstFrame = -1;
        runFirstNanos = -1;
        runLastFrame = -1;
        runLastNanos = -1;
        runCount = 0;
        runFirstGap = 0;
        runPrevGap = 0;
        runGaps = 0;
        runGrowingTail = 0;
        runAckedNanos = -1;
        segCount = 0;
        zwCount = 0;
        zwOpen = false;
        zwOpenStartFrame = -1;
        zwOpenStartNanos = -1;
        zwOpenLastFrame = -1;
        zwOpenLastNanos = -1;
        lastDataFrame = -1;
        lastDataNanos = -1;
        dupAcks = 0;
        sackAcks = 0;
        peerAckKnown = false;
        peerAckAbs = 0;
        peerAckNanos = -1;
        windowKnown = false;
        lastWindow = 0;
        idleStopped = false;
        idlePrevFrame = -1;
        idlePrevNanos = -1;
        sentHigh = 0;
        sentHighKnown = false;
        idleStartFrame = -1;
        idleStartNanos = -1;
        idleEndFrame = -1;
        idleEndNanos = -1;
        idleOutstanding = 0;
        idleWindowOpen = false;
        copyCount = 0;
        firstUncopiedNanos = -1;
        tls.reset();
    }

    /** Unwraps a 32-bit sequence number of this side (or an ACK of its bytes) next to the reference. */
    long unwrap(final long seq32)
    {
        return seqRef + (int)(seq32 - seqRef);
    }

    void advanceRef(final long abs)
    {
        if (abs > seqRef)
        {
            seqRef = abs;
        }
    }

    void ttl(final int ttl)
    {
        if (0 == ttlSamples)
        {
            ttlFirst = ttl;
            ttlMin = ttl;
            ttlMax = ttl;
        }
        else
        {
            ttlMin = Math.min(ttlMin, ttl);
            ttlMax = Math.max(ttlMax, ttl);
        }
        ttlSamples++;
    }

    /**
     * Index of the remembered packet this one is the forwarded copy of (same seq, ack, flags and length, within
     * {@link #FORWARD_COPY_NANOS}, TTL exactly one lower), or -1. Only the latest packet with that header counts, and
     * only once.
     */
    int findCopy(final long seq, final long ack, final int flags, final int length, final long tsNanos, final int ttl)
    {
        final int n = Math.min(copyCount, COPY_RING);
        for (int k = 0; k < n; k++)
        {
            final int i = (int)((copyCount - 1 - k) % COPY_RING);
            if (copySeq[i] == seq && copyAck[i] == ack && copyFlags[i] == flags && copyLength[i] == length)
            {
                if (!copyUsed[i] && tsNanos - copyNanos[i] < FORWARD_COPY_NANOS && ttl == copyTtl[i] - 1)
                {
                    return i;
                }
                return -1;
            }
        }
        return -1;
    }

    void rememberForCopies(
        final long seq, final long ack, final int flags, final int length, final long tsNanos, final int ttl,
        final long frame)
    {
        final int i = copyCount % COPY_RING;
        if (copyCount >= COPY_RING && !copyUsed[i] && (copyFlags[i] & DecodedPacket.TCP_RST) == 0 &&
            firstUncopiedNanos < 0)
        {
            firstUncopiedNanos = copyNanos[i];
        }
        copySeq[i] = seq;
        copyAck[i] = ack;
        copyFlags[i] = flags;
        copyLength[i] = length;
        copyNanos[i] = tsNanos;
        copyTtl[i] = ttl;
        copyFrame[i] = frame;
        copyUsed[i] = false;
        copyCount++;
        if (copyCount == 2 * COPY_RING)
        {
            copyCount = COPY_RING;
        }
    }

    void rememberSegment(final long seqAbs, final long frame, final long tsNanos)
    {
        final int i = segCount % SEGMENT_RING;
        segSeq[i] = seqAbs;
        segFrame[i] = frame;
        segNanos[i] = tsNanos;
        segCount++;
        if (segCount == 2 * SEGMENT_RING)
        {
            segCount = SEGMENT_RING;
        }
    }

    /**
     * Remembers a RST; a RST more than {@code burstGapNanos} after the previous one starts a new burst, whose first
     * RST is kept however long the burst gets.
     */
    void rememberRst(final long frame, final long tsNanos, final long burstGapNanos)
    {
        if (!rstBurst || rstRingCount > 0 && tsNanos - rstRingNanos[(rstRingCount - 1) % RST_RING] > burstGapNanos)
        {
            rstBurst = true;
            rstBurstFrame = frame;
            rstBurstNanos = tsNanos;
        }
        final int i = rstRingCount % RST_RING;
        rstRingFrame[i] = frame;
        rstRingNanos[i] = tsNanos;
        rstRingCount++;
        if (rstRingCount == 2 * RST_RING)
        {
            rstRingCount = RST_RING;
        }
    }

    /** Ring index of the earliest remembered RST at or after {@code fromNanos}, or -1. */
    int findRstSince(final long fromNanos)
    {
        final int n = Math.min(rstRingCount, RST_RING);
        final int oldest = rstRingCount - n;
        for (int k = 0; k < n; k++)
        {
            final int i = (oldest + k) % RST_RING;
            if (rstRingNanos[i] >= fromNanos)
            {
                return i;
            }
        }
        return -1;
    }

    void zeroWindow(final boolean zero, final long frame, final long tsNanos)
    {
        if (zero)
        {
            if (!zwOpen)
            {
                zwOpen = true;
                zwOpenStartFrame = frame;
                zwOpenStartNanos = tsNanos;
            }
            zwOpenLastFrame = frame;
            zwOpenLastNanos = tsNanos;
        }
        else if (zwOpen)
        {
            zwOpen = false;
            final int i = zwCount % ZERO_WINDOW_SPANS;
            zwStartFrame[i] = zwOpenStartFrame;
            zwStartNanos[i] = zwOpenStartNanos;
            zwEndFrame[i] = frame;
            zwEndNanos[i] = tsNanos;
            zwCount++;
        }
    }

    /**
     * Starts a new retransmission run at this copy. Earlier copies of the same segment still in the segment ring
     * (the original and retransmissions interleaved with others) join the run, the earliest as its first copy.
     */
    void startRun(final long seqAbs, final long seqRaw, final int length, final long frame, final long tsNanos)
    {
        runActive = true;
        runSeq = seqAbs;
        runSeqRaw = seqRaw;
        runLength = length;
        runGaps = 0;
        runGrowingTail = 0;
        runFirstGap = 0;
        runPrevGap = 0;
        runAckedNanos = -1;
        runCount = 0;
        runFirstFrame = frame;
        runFirstNanos = tsNanos;
        runLastFrame = frame;
        runLastNanos = tsNanos;
        final int n = Math.min(segCount, SEGMENT_RING);
        boolean first = true;
        for (int k = segCount - n; k < segCount; k++)
        {
            final int i = k % SEGMENT_RING;
            if (segSeq[i] != seqAbs)
            {
                continue;
            }
            if (first)
            {
                first = false;
                runFirstFrame = segFrame[i];
                runFirstNanos = segNanos[i];
                runLastFrame = runFirstFrame;
                runLastNanos = runFirstNanos;
            }
            else
            {
                addRunCopy(segFrame[i], segNanos[i]);
            }
        }
        if (!first)
        {
            addRunCopy(frame, tsNanos);
        }
        if (peerAckKnown && peerAckAbs >= seqAbs + length)
        {
            runAckedNanos = peerAckNanos;
        }
    }

    void addRunCopy(final long frame, final long tsNanos)
    {
        final long gap = tsNanos - runLastNanos;
        if (0 == runGaps)
        {
            runFirstGap = gap;
        }
        else if (runGaps >= 2)
        {
            runGrowingTail = gap >= 1.5 * runPrevGap ? runGrowingTail + 1 : 0;
        }
        runPrevGap = gap;
        runGaps++;
        runCount++;
        runLastFrame = frame;
        runLastNanos = tsNanos;
    }

    /**
     * The gaps between copies grew: with two gaps the second is at least 1.5 times the first; with more, the last
     * gaps (up to {@link #TRAILING_GROWING_GAPS} comparisons, the first gap, original to first retransmission, never
     * compared) are each at least 1.5 times the one before. Only the tail is judged: a fast retransmission or a tail
     * loss probe early in the run does not hide the RTO back-off that follows.
     */
    boolean runBackoff()
    {
        if (runGaps < 2)
        {
            return false;
        }
        if (2 == runGaps)
        {
            return runPrevGap >= 1.5 * runFirstGap;
        }
        return runGrowingTail >= Math.min(TRAILING_GROWING_GAPS, runGaps - 2);
    }
}
