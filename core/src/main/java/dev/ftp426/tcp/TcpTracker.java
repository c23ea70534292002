package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.flow.FlowKey;
import dev.ftp426.flow.FlowTable;
import org.agrona.DirectBuffer;

import java.util.Arrays;

import static dev.ftp426.tcp.TcpEventType.*;

/**
 * Tracks every TCP connection of a capture: finds or creates its {@link TcpFlow}, runs Wireshark-style sequence
 * analysis, reassembles each direction into a {@link StreamListener}, and records the endpoint facts attribution
 * needs. One instance per shard; not thread-safe; time comes only from packet timestamps.
 * <p>
 * Memory is bounded by {@link TcpConfig}: a flow table sized from the budget (full: the least recently seen flow
 * of the cheapest state is evicted and counted), pooled flow objects whose rare-event side objects are counted as
 * they are attached (past the budget: flows are evicted the same way), and out-of-order bytes in pooled pages under
 * a per-direction and a global cap (reached: the hole is delivered as a gap and counted). After warm-up nothing is
 * allocated per packet.
 */
public final class TcpTracker
{
    private static final long FAST_RETRANSMISSION_WINDOW_NANOS = 20_000_000L;
    private static final long OUT_OF_ORDER_DEFAULT_NANOS = 3_000_000L;
    private static final int SFR = DecodedPacket.TCP_SYN | DecodedPacket.TCP_FIN | DecodedPacket.TCP_RST;
    /** Rough heap cost of one pooled reorder buffer object beside its pages. */
    private static final int REORDER_BUFFER_OVERHEAD = 256;
    /**
     * Cheapest to lose first: closed flows (done, only lingering for late retransmissions), then half-open
     * handshakes (scans, floods; a real one evicted is seen again mid-stream), then half-closed, then established;
     * flows the listener retains (FTP control and data connections) only when no other flow is left.
     */
    private static final int[] EVICTION_ORDER = {TcpFlow.STATE_CLOSED, TcpFlow.STATE_HANDSHAKE,
        TcpFlow.STATE_HALF_CLOSED, TcpFlow.STATE_ESTABLISHED,
        TcpFlow.STATE_COUNT + TcpFlow.STATE_CLOSED, TcpFlow.STATE_COUNT + TcpFlow.STATE_HANDSHAKE,
        TcpFlow.STATE_COUNT + TcpFlow.STATE_HALF_CLOSED, TcpFlow.STATE_COUNT + TcpFlow.STATE_ESTABLISHED};

    private final TcpConfig config;
    private final StreamListener streamListener;
    private final TcpEventListener eventListener;
    private final FlowTable table;
    private final FlowKey key = new FlowKey();
    private final long[] timeouts = new long[TcpFlow.TIMEOUT_CLASS_COUNT];
    private final PagePool pagePool;
    private final RecentSegments recentSegments;
    private final EndpointFactPool facts = new EndpointFactPool();
    /** The budget's share for flow state: flows, their side objects, the flow table and the segment ring. */
    private final long flowBudget;
    private final ReorderBuffer[] freeBuffers;
    private final int maxBuffers;
    private final int reorderCap;
    private int freeBufferCount;
    private int buffersCreated;
    private int buffersInUse;
    private TcpFlow[] flows = new TcpFlow[0];

    private TcpFlow lastFlow;
    private int lastDirection = -1;
    private long nextFlowId = 1;
    private long nowNanos = Long.MIN_VALUE;

    private long tcpPackets;
    private long flowsOpened;
    private long flowsEvicted;
    private long flowsExpired;
    private long perFlowCapHits;
    private long globalCapHits;
    private long overlapConflicts;
    private long forwardedCopies;

    public TcpTracker(final TcpConfig config, final StreamListener streamListener,
        final TcpEventListener eventListener)
    {
        config.validate();
        this.config = config;
        this.streamListener = null == streamListener ? StreamListener.NONE : streamListener;
        this.eventListener = null == eventListener ? TcpEventListener.NONE : eventListener;
        table = new FlowTable(config.maxFlows(), TcpFlow.TIMEOUT_CLASS_COUNT);
        recentSegments = new RecentSegments(config.recentSegmentCapacity());
        flowBudget = config.memoryBudgetBytes() - config.effectiveReorderBudget();
        timeouts[TcpFlow.STATE_HANDSHAKE] = config.handshakeTimeoutNanos();
        timeouts[TcpFlow.STATE_ESTABLISHED] = config.establishedTimeoutNanos();
        timeouts[TcpFlow.STATE_HALF_CLOSED] = config.halfClosedTimeoutNanos();
        timeouts[TcpFlow.STATE_CLOSED] = config.closedLingerNanos();
        System.arraycopy(timeouts, 0, timeouts, TcpFlow.STATE_COUNT, TcpFlow.STATE_COUNT);
        reorderCap = config.reorderBytesPerDirection();
        final long reorderBudget = config.effectiveReorderBudget();
        pagePool = new PagePool(ReorderBuffer.PAGE_SIZE, reorderBudget / 2);
        final long bufferBytes = REORDER_BUFFER_OVERHEAD + 12L * (reorderCap / ReorderBuffer.PAGE_SIZE + 2) +
            16L * ReorderBuffer.MAX_RANGES;
        maxBuffers = (int)Math.max(1, Math.min(1 << 20, (reorderBudget / 2) / bufferBytes));
        freeBuffers = new ReorderBuffer[maxBuffers];
    }

    // ---------------------------------------------------------------------------------------------------------------
    // counters

    public long tcpPackets() { return tcpPackets; }
    public long flowsOpened() { return flowsOpened; }
    /** Flows removed early because the memory budget was reached. */
    public long flowsEvicted() { return flowsEvicted; }
    public long flowsExpired() { return flowsExpired; }
    public int activeFlows() { return table.size(); }
    public int maxFlows() { return table.maxFlows(); }
    /** Times a direction's out-of-order bytes would have exceeded the per-direction cap. */
    public long perFlowCapHits() { return perFlowCapHits; }
    /** Times the global out-of-order budget (pages or buffers) was exhausted. */
    public long globalCapHits() { return globalCapHits; }
    public long overlapConflicts() { return overlapConflicts; }
    /** Second copies of forwarded segments (a router's "-i any" capture) that were not analysed again. */
    public long forwardedCopies() { return forwardedCopies; }
    /** The flow the last {@link #onPacket} call belonged to, or null (not TCP, or an ICMP error). */
    public TcpFlow lastFlow() { return lastFlow; }
    /** Direction of the last packet within {@link #lastFlow()}, or -1. */
    public int lastDirection() { return lastDirection; }
    /** Out-of-order bytes held right now, in pages. */
    public long bufferedPageBytes() { return (long)pagePool.inUse() * ReorderBuffer.PAGE_SIZE; }
    public long maxBufferedPageBytes() { return (long)pagePool.maxPages() * ReorderBuffer.PAGE_SIZE; }
    /**
     * Estimated heap bytes for flow state right now (the figure held under the budget): pooled flows and their table
     * entries, the side objects their endpoints hold, and the segment ring.
     */
    public long estimatedFlowBytes()
    {
        return (long)table.idLimit() * (TcpFlow.BASE_BYTES + FlowTable.BYTES_PER_FLOW) + facts.bytesInUse() +
            recentSegments.bytes();
    }

    /** Heap bytes of the side objects attached to endpoints right now (spares left out). */
    public long sideObjectBytes()
    {
        return facts.bytesInUse();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // entry points

    /** Feeds one decoded frame; anything but TCP (or an ICMP error quoting TCP) is ignored. */
    public void onPacket(final DecodedPacket p)
    {
        lastFlow = null;
        lastDirection = -1;
        if (0 == p.ipVersion() || DecodedPacket.PROTO_TCP != p.protocol())
        {
            return;
        }
        final long ts = p.timestampNanos();
        if (ts > nowNanos)
        {
            nowNanos = ts;
        }
        expire(nowNanos);
        // rare-event side objects are charged as they come: past the budget, flows go as if the table were full
        while (estimatedFlowBytes() > flowBudget && table.size() > 0)
        {
            evictOne();
        }
        key.set(p);
        int id = table.find(key);
        if (p.icmpError())
        {
            if (FlowTable.NO_FLOW != id)
            {
                final TcpFlow flow = flows[id];
                emit(flow, ICMP_ERROR, directionOf(flow, p), p.frameNumber(), ts,
                    ((long)p.icmpType() << 8) | p.icmpCode(), p.icmpMtu());
            }
            return;
        }
        tcpPackets++;

        TcpFlow flow;
        if (FlowTable.NO_FLOW == id)
        {
            if (table.isFull())
            {
                evictOne();
            }
            id = table.add(key, ts, p.syn() ? TcpFlow.STATE_HANDSHAKE : TcpFlow.STATE_ESTABLISHED);
            if (FlowTable.NO_FLOW == id)
            {
                return;
            }
            if (flows.length < table.idLimit())
            {
                flows = Arrays.copyOf(flows, table.idLimit());
            }
            flow = flows[id];
            if (null == flow)
            {
                flow = new TcpFlow();
                flows[id] = flow;
            }
            startFlow(flow, p);
        }
        else
        {
            flow = flows[id];
            if (isPortReuse(flow, p))
            {
                closeFlow(flow, CloseReason.PORTS_REUSED);
                startFlow(flow, p);
                flow.reusedPorts = true;
                emit(flow, REUSED_PORTS, directionOf(flow, p), p.frameNumber(), ts, 0, 0);
            }
        }

        final int direction = directionOf(flow, p);
        process(flow, direction, p);
        table.touch(id, ts, flow.timeoutClass());
        lastFlow = flow;
        lastDirection = direction;
    }

    /** Closes flows idle for longer than their state's timeout, as of capture time {@code nowNanos}. */
    public void expire(final long nowNanos)
    {
        for (int cls = 0; cls < TcpFlow.STATE_COUNT; cls++)
        {
            final long timeout = timeouts[cls];
            int id;
            while (FlowTable.NO_FLOW != (id = oldestInState(cls)) && nowNanos - table.lastSeen(id) > timeout)
            {
                closeFlow(flows[id], CloseReason.IDLE_TIMEOUT);
                table.remove(id);
                flowsExpired++;
            }
        }
    }

    /** End of capture: flushes and closes every flow. */
    public void closeAll()
    {
        for (int cls = 0; cls < TcpFlow.STATE_COUNT; cls++)
        {
            int id;
            while (FlowTable.NO_FLOW != (id = oldestInState(cls)))
            {
                closeFlow(flows[id], CloseReason.END_OF_CAPTURE);
                table.remove(id);
            }
        }
    }

    /**
     * The least recently seen flow in {@code state}. Each state has two lists (retained or not) with one timeout, so
     * expiry and the end of the capture take their flows in the order they were last seen, as one list would.
     */
    private int oldestInState(final int state)
    {
        final int plain = table.oldest(state);
        final int retained = table.oldest(TcpFlow.STATE_COUNT + state);
        if (FlowTable.NO_FLOW == plain)
        {
            return retained;
        }
        return FlowTable.NO_FLOW != retained && table.lastSeen(retained) < table.lastSeen(plain) ? retained : plain;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // flow life cycle

    private void startFlow(final TcpFlow flow, final DecodedPacket p)
    {
        facts.release(flow.initiator);
        facts.release(flow.responder);
        flow.reset(nextFlowId++);
        flowsOpened++;
        flow.ipVersion = (byte)p.ipVersion();
        flow.vlanKey = key.vlanKey();
        final boolean synAck = p.syn() && p.hasAck();
        if (synAck)
        {
            flow.flippedStart = true;
            flow.initiator.reset(p.dstHi(), p.dstLo(), p.dstPort());
            flow.responder.reset(p.srcHi(), p.srcLo(), p.srcPort());
        }
        else
        {
            flow.initiator.reset(p.srcHi(), p.srcLo(), p.srcPort());
            flow.responder.reset(p.dstHi(), p.dstLo(), p.dstPort());
        }
        flow.state = (byte)(p.syn() ? TcpFlow.STATE_HANDSHAKE : TcpFlow.STATE_ESTABLISHED);
        // The listener learns where the connection starts (the FTP stage times data connections by it).
        flow.firstFrame = p.frameNumber();
        flow.firstTsNanos = p.timestampNanos();
        flow.deliverPayload = streamListener.onOpen(flow);
    }

    private boolean isPortReuse(final TcpFlow flow, final DecodedPacket p)
    {
        if (!p.syn() || p.hasAck())
        {
            return false;
        }
        final TcpEndpoint ep = flow.endpoint(directionOf(flow, p));
        return ep.seqKnown && ep.baseAbs != p.seq();
    }

    private void evictOne()
    {
        for (final int cls : EVICTION_ORDER)
        {
            final int id = table.oldest(cls);
            if (FlowTable.NO_FLOW != id)
            {
                final TcpFlow flow = flows[id];
                closeFlow(flow, CloseReason.EVICTED);
                table.remove(id);
                flowsEvicted++;
                // an evicted flow is done with (its id goes back to the table): its side objects can go back now
                facts.release(flow.initiator);
                facts.release(flow.responder);
                return;
            }
        }
    }

    private void closeFlow(final TcpFlow flow, final int reason)
    {
        for (int dir = 0; dir < 2; dir++)
        {
            flushDirection(flow, dir, flow.lastFrame, flow.lastTsNanos);
        }
        flow.open = false;
        flow.closeReason = (byte)reason;
        streamListener.onClose(flow, reason);
    }

    private static int directionOf(final TcpFlow flow, final DecodedPacket p)
    {
        final TcpEndpoint a = flow.initiator;
        return a.port == p.srcPort() && a.addressLo == p.srcLo() && a.addressHi == p.srcHi() ? 0 : 1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // per packet

    private void process(final TcpFlow flow, final int dir, final DecodedPacket p)
    {
        final TcpEndpoint fwd = flow.endpoint(dir);
        final TcpEndpoint rev = flow.endpoint(1 - dir);
        final long frame = p.frameNumber();
        final long ts = p.timestampNanos();
        final long seq = p.seq();
        final boolean ackFlag = p.hasAck();
        final long ack = ackFlag ? p.ack() : 0;
        final boolean syn = p.syn();
        final boolean fin = p.fin();
        final boolean rst = p.rst();
        final int wireLen = Math.max(p.payloadWireLength(), p.payloadLength());

        if (recentSegments.isForwardedCopy(fwd, seq, ack, p.tcpFlags(), wireLen, ts, p.ttl()))
        {
            facts.irregularities(fwd).forwardedCopies++;
            forwardedCopies++;
            return;
        }
        trackSilence(flow, frame, ts);
        updateFacts(flow, dir, fwd, p, frame, ts);

        if (!fwd.seqKnown)
        {
            fwd.seqKnown = true;
            fwd.seqRef = seq;
            fwd.baseAbs = seq;
            fwd.deliverNext = syn ? seq + 1 : seq;
        }
        if (syn && !fwd.synSeen)
        {
            fwd.synSeen = true;
            fwd.synFrame = frame;
            fwd.synTsNanos = ts;
            fwd.mss = p.mss();
            fwd.windowScaleOption = (short)p.windowScale();
            fwd.sackPermitted = p.sackPermitted();
        }
        final long seqAbs = fwd.unwrap(seq);

        if (rst)
        {
            onRst(flow, dir, fwd, rev, p, seqAbs, wireLen, frame, ts);
        }
        else
        {
            checkAfterRst(flow, dir, fwd, rev, p, wireLen, frame, ts);
        }

        final long nextSeqBefore = fwd.nextSeqKnown ? fwd.nextSeq : Long.MIN_VALUE;
        final long deliverNextBefore = fwd.deliverNext;
        final long flags = analyse(flow, dir, fwd, rev, p, seqAbs, wireLen, ack, frame, ts);

        if ((flags & (bit(RETRANSMISSION) | bit(FAST_RETRANSMISSION) | bit(SPURIOUS_RETRANSMISSION))) != 0)
        {
            facts.irregularities(fwd).retransmittedBytes += wireLen;
            flow.addHistory(dir, TcpFlow.H_RETRANSMISSION);
        }

        handshake(flow, dir, fwd, rev, p, frame, ts);

        final long dataStart = seqAbs + (syn ? 1 : 0);
        if (wireLen > 0)
        {
            final long end = dataStart + wireLen;
            if (dataStart < nextSeqBefore && end > deliverNextBefore)
            {
                final long filled = Math.min(end, nextSeqBefore) - Math.max(dataStart, deliverNextBefore);
                if (filled > 0)
                {
                    facts.irregularities(fwd).holeFillBytes += filled;
                }
            }
            if (!fwd.dataSeen)
            {
                fwd.dataSeen = true;
                fwd.dataStartAbs = dataStart;
                fwd.dataEndAbs = end;
            }
            else
            {
                fwd.dataStartAbs = Math.min(fwd.dataStartAbs, dataStart);
                fwd.dataEndAbs = Math.max(fwd.dataEndAbs, end);
            }
            fwd.lastDataFrame = frame;
            fwd.lastDataTsNanos = ts;
            flow.addHistory(dir, TcpFlow.H_DATA);
            if (!rst)
            {
                reassemble(flow, dir, fwd, p.payload(), 0, p.payloadLength(), dataStart, end, frame, ts);
            }
        }
        if (fin)
        {
            if (null == fwd.fin)
            {
                final FinFacts first = facts.finFacts(fwd);
                first.position = dataStart + wireLen;
                first.frame = frame;
                first.tsNanos = ts;
                first.seq = (int)seq;
                first.ttl = (short)p.ttl();
            }
            flow.addHistory(dir, TcpFlow.H_FIN);
        }
        checkFin(flow, dir, fwd, frame, ts);

        if (ackFlag && rev.seqKnown)
        {
            final long ackAbs = rev.unwrap(ack);
            if (!rev.ackReceived || ackAbs > rev.highestAckReceivedAbs)
            {
                rev.highestAckReceivedAbs = ackAbs;
                rev.ackReceived = true;
            }
            ackedPast(flow, 1 - dir, rev, ackAbs, frame, ts);
        }
        fwd.advanceRef(seqAbs);

        updateStates(flow, dir, fwd, rev, syn, fin, rst, ackFlag);
        if (!p.checksumValid())
        {
            flow.addHistory(dir, TcpFlow.H_BAD_CHECKSUM);
        }
    }

    private void trackSilence(final TcpFlow flow, final long frame, final long ts)
    {
        if (flow.lastFrame >= 0)
        {
            final long silence = ts - flow.lastTsNanos;
            boolean outstanding = false;
            for (int d = 0; d < 2; d++)
            {
                final TcpEndpoint ep = flow.endpoint(d);
                if (ep.dataSeen && (!ep.ackReceived || ep.dataEndAbs > ep.highestAckReceivedAbs))
                {
                    outstanding = true;
                    if (silence > ep.longestStallNanos)
                    {
                        ep.longestStallNanos = silence;
                        ep.longestStallEndFrame = frame;
                    }
                }
            }
            if (outstanding && silence > flow.longestSilenceNanos)
            {
                flow.longestSilenceNanos = silence;
                flow.longestSilenceEndFrame = frame;
            }
        }
        if (flow.firstFrame < 0)
        {
            flow.firstFrame = frame;
            flow.firstTsNanos = ts;
        }
        flow.lastFrame = frame;
        flow.lastTsNanos = Math.max(flow.lastTsNanos, ts);
    }

    private void updateFacts(
        final TcpFlow flow, final int dir, final TcpEndpoint fwd, final DecodedPacket p, final long frame,
        final long ts)
    {
        fwd.packets++;
        fwd.rawPayloadBytes += p.payloadWireLength();
        if (fwd.firstFrame < 0)
        {
            fwd.firstFrame = frame;
            fwd.firstTsNanos = ts;
            fwd.ipv4 = 4 == p.ipVersion();
        }
        fwd.lastFrame = frame;
        fwd.lastTsNanos = Math.max(fwd.lastTsNanos, ts);

        final int ttl = p.ttl();
        if (fwd.ttlFirst < 0)
        {
            fwd.ttlFirst = (short)ttl;
        }
        else if (ttl != fwd.ttlLast)
        {
            facts.ttlChanges(fwd).add(frame, ttl);
            emit(flow, TTL_CHANGE, dir, frame, ts, fwd.ttlLast, ttl);
        }
        fwd.ttlLast = (short)ttl;

        if (4 == p.ipVersion())
        {
            final int ipId = p.ipId();
            if (fwd.ipIdSamples > 0)
            {
                final int delta = (ipId - fwd.lastIpId) & 0xffff;
                if (delta >= 1 && delta <= IpIdBehaviour.MAX_INCREMENT)
                {
                    fwd.ipIdIncrements++;
                }
            }
            if (0 == ipId)
            {
                fwd.ipIdZeros++;
            }
            fwd.ipIdSamples++;
            if (!p.rst())
            {
                fwd.lastIpId = (char)ipId;
            }
        }
        if (p.hasTimestamps())
        {
            fwd.timestamps = true;
        }

        if ((p.tcpFlags() & SFR) == 0)
        {
            if (0 == p.window())
            {
                final ZeroWindowSpans spans = facts.zeroWindowSpans(fwd);
                if (!spans.open)
                {
                    spans.open = true;
                    spans.count++;
                    spans.openSinceNanos = ts;
                    if (spans.firstStartFrame < 0)
                    {
                        spans.firstStartFrame = frame;
                    }
                    spans.lastStartFrame = frame;
                    flow.addHistory(dir, TcpFlow.H_ZERO_WINDOW);
                }
            }
            else if (null != fwd.zeroWindows && fwd.zeroWindows.open)
            {
                final ZeroWindowSpans spans = fwd.zeroWindows;
                spans.open = false;
                spans.totalNanos += ts - spans.openSinceNanos;
                spans.lastEndFrame = frame;
            }
        }
    }

    private void onRst(
        final TcpFlow flow, final int dir, final TcpEndpoint fwd, final TcpEndpoint rev, final DecodedPacket p,
        final long seqAbs, final int wireLen, final long frame, final long ts)
    {
        int bits = 0;
        if (rev.lastAckValid)
        {
            bits |= RST_RECEIVER_STATE_KNOWN;
            final long rcvNxt = fwd.unwrap(rev.lastAck());
            if (seqAbs == rcvNxt)
            {
                bits |= RST_IN_WINDOW | RST_EXACT;
            }
            else if (seqAbs > rcvNxt && seqAbs < rcvNxt + Math.max(1, rev.window))
            {
                bits |= RST_IN_WINDOW;
            }
        }
        if (p.hasAck())
        {
            bits |= RST_WITH_ACK;
        }
        if (wireLen > 0)
        {
            bits |= RST_WITH_DATA;
        }
        final ResetFacts resets = facts.resetFacts(fwd);
        resets.count++;
        if (resets.frame < 0)
        {
            resets.frame = frame;
            resets.tsNanos = ts;
            resets.seq = (int)p.seq();
            resets.ttl = (short)p.ttl();
            resets.flags = bits;
            if (fwd.ipv4 && fwd.ipIdSamples > 1)
            {
                resets.ipIdDelta = (p.ipId() - fwd.lastIpId) & 0xffff;
            }
        }
        if ((bits & RST_IN_WINDOW) != 0 && (bits & RST_EXACT) == 0)
        {
            facts.resetFacts(rev).pendingChallengeRstFrame = frame;
        }
        flow.addHistory(dir, TcpFlow.H_RST);
        emit(flow, RST, dir, frame, ts, bits, p.seq());
        streamListener.onRst(flow, dir, frame, ts);
    }

    private void checkAfterRst(
        final TcpFlow flow, final int dir, final TcpEndpoint fwd, final TcpEndpoint rev, final DecodedPacket p,
        final int wireLen, final long frame, final long ts)
    {
        final ResetFacts resets = fwd.resets;
        if (null == resets)
        {
            return;
        }
        if (resets.frame >= 0 && resets.postActivityFrame < 0)
        {
            resets.postActivityFrame = frame;
            emit(flow, POST_RST_ACTIVITY, dir, frame, ts, resets.frame, ts - resets.tsNanos);
        }
        if (resets.pendingChallengeRstFrame >= 0)
        {
            if (p.hasAck() && 0 == wireLen && !p.syn() && !p.fin() && fwd.lastAckValid && p.ack() == fwd.lastAck())
            {
                emit(flow, CHALLENGE_ACK, dir, frame, ts, resets.pendingChallengeRstFrame, 0);
                if (resets.challengeAckFrame < 0)
                {
                    resets.challengeAckFrame = frame;
                }
            }
            resets.pendingChallengeRstFrame = -1;
        }
    }

    /**
     * Wireshark's tcp_analyze_sequence_number for one segment (field guide §4), in its order of checks.
     *
     * @return the bit set of event types raised for this segment.
     */
    private long analyse(
        final TcpFlow flow, final int dir, final TcpEndpoint fwd, final TcpEndpoint rev, final DecodedPacket p,
        final long seqAbs, final int seglen, final long ack, final long frame, final long ts)
    {
        final int tcpFlags = p.tcpFlags();
        final boolean sfr = (tcpFlags & SFR) != 0;
        final boolean synOrFin = (tcpFlags & (DecodedPacket.TCP_SYN | DecodedPacket.TCP_FIN)) != 0;
        final boolean syn = p.syn();
        final long window = scaledWindow(fwd, rev, p.window(), syn);
        long flags = 0;

        analysis:
        {
            if (1 == seglen && fwd.nextSeqKnown && seqAbs == fwd.nextSeq && rev.windowKnown && 0 == rev.window)
            {
                flags |= raise(flow, ZERO_WINDOW_PROBE, dir, frame, ts, rel(fwd, seqAbs), 1);
                break analysis;
            }
            if (0 == window && !sfr)
            {
                flags |= raise(flow, ZERO_WINDOW, dir, frame, ts, 0, 0);
            }
            if (fwd.nextSeqKnown && seqAbs > fwd.nextSeq && !p.rst())
            {
                flags |= raise(flow, PREVIOUS_SEGMENT_NOT_CAPTURED, dir, frame, ts, seqAbs - fwd.nextSeq, 0);
            }
            if (seglen <= 1 && fwd.nextSeqKnown && seqAbs == fwd.nextSeq - 1 && !sfr)
            {
                flags |= raise(flow, KEEP_ALIVE, dir, frame, ts, rel(fwd, seqAbs), seglen);
            }
            final boolean sameSeqAck = fwd.nextSeqKnown && seqAbs == fwd.nextSeq && fwd.lastAckValid &&
                ack == fwd.lastAck();
            if (0 == seglen && 0 != window && fwd.windowKnown && window != fwd.window && sameSeqAck && !sfr)
            {
                flags |= raise(flow, WINDOW_UPDATE, dir, frame, ts, window, 0);
            }
            if (seglen > 0 && windowScaleKnown(fwd, rev) && rev.lastAckValid && !sfr &&
                seqAbs + seglen == fwd.unwrap(rev.lastAck()) + rev.window)
            {
                flags |= raise(flow, WINDOW_FULL, dir, frame, ts, 0, 0);
            }
            if (0 == seglen && 0 != window && fwd.windowKnown && window == fwd.window && sameSeqAck && !sfr &&
                (rev.lastSegmentFlags & bit(KEEP_ALIVE)) != 0)
            {
                flags |= raise(flow, KEEP_ALIVE_ACK, dir, frame, ts, 0, 0);
                break analysis;
            }
            if (0 == seglen && 0 == window && fwd.windowKnown && window == fwd.window && sameSeqAck && !sfr &&
                (rev.lastSegmentFlags & bit(ZERO_WINDOW_PROBE)) != 0)
            {
                flags |= raise(flow, ZERO_WINDOW_PROBE_ACK, dir, frame, ts, 0, 0);
                break analysis;
            }
            if (0 == seglen && 0 != window && fwd.windowKnown && window == fwd.window && sameSeqAck && !sfr)
            {
                fwd.dupAckNum++;
                flags |= raise(flow, DUPLICATE_ACK, dir, frame, ts, fwd.dupAckNum, fwd.lastNonDupAckFrame);
            }
        }

        if (!fwd.lastAckValid || ack != fwd.lastAck())
        {
            fwd.lastNonDupAckFrame = frame;
            fwd.dupAckNum = 0;
        }

        if (p.hasAck() && rev.maxSeqToBeAckedKnown && rev.seqKnown)
        {
            final long ackAbs = rev.unwrap(ack);
            if (ackAbs > rev.maxSeqToBeAcked)
            {
                flags |= raise(flow, ACKED_UNSEEN_SEGMENT, dir, frame, ts, ackAbs - rev.maxSeqToBeAcked, 0);
                rev.maxSeqToBeAcked = rev.nextSeq;
            }
        }

        if ((seglen > 0 || synOrFin) && fwd.nextSeqKnown && seqAbs < fwd.nextSeq &&
            (flags & bit(KEEP_ALIVE)) == 0 && !(seglen > 1 && fwd.nextSeq - 1 == seqAbs))
        {
            final long rel = rel(fwd, seqAbs);
            if (seglen > 0 && rev.lastAckValid && seqAbs + seglen <= fwd.unwrap(rev.lastAck()))
            {
                flags |= raise(flow, SPURIOUS_RETRANSMISSION, dir, frame, ts, rel, seglen);
            }
            else if (rev.dupAckNum >= 2 && rev.lastAckValid && rev.lastAck() == p.seq() &&
                ts - rev.lastAckTs < FAST_RETRANSMISSION_WINDOW_NANOS)
            {
                flags |= raise(flow, FAST_RETRANSMISSION, dir, frame, ts, rel, seglen);
            }
            else if (ts - fwd.nextSeqTs < outOfOrderThreshold(flow) &&
                fwd.nextSeq != seqAbs + seglen + (synOrFin ? 1 : 0))
            {
                flags |= raise(flow, OUT_OF_ORDER, dir, frame, ts, rel, seglen);
            }
            else
            {
                flags |= raise(flow, RETRANSMISSION, dir, frame, ts, rel, seglen);
            }
        }

        final long nextSeq = seqAbs + seglen + (synOrFin ? 1 : 0);
        final boolean zeroWindowProbe = (flags & bit(ZERO_WINDOW_PROBE)) != 0;
        if ((!fwd.nextSeqKnown || nextSeq > fwd.nextSeq) && !zeroWindowProbe)
        {
            fwd.nextSeq = nextSeq;
            fwd.nextSeqKnown = true;
            fwd.nextSeqTs = ts;
        }
        if ((!fwd.maxSeqToBeAckedKnown || seqAbs == fwd.maxSeqToBeAcked) && !zeroWindowProbe)
        {
            fwd.maxSeqToBeAcked = fwd.nextSeq;
            fwd.maxSeqToBeAckedKnown = true;
        }

        fwd.window = (int)window;
        fwd.rawWindow = p.window();
        fwd.windowKnown = true;
        fwd.lastAckRaw = (int)ack;
        fwd.lastAckValid = p.hasAck();
        fwd.lastAckTs = ts;
        fwd.lastSegmentFlags = (int)flags;
        return flags;
    }

    private long outOfOrderThreshold(final TcpFlow flow)
    {
        final long irtt = flow.initialRttNanos();
        return irtt > 0 ? irtt : OUT_OF_ORDER_DEFAULT_NANOS;
    }

    private static boolean windowScaleKnown(final TcpEndpoint a, final TcpEndpoint b)
    {
        return a.synSeen && b.synSeen;
    }

    private static long scaledWindow(final TcpEndpoint fwd, final TcpEndpoint rev, final int raw, final boolean syn)
    {
        if (syn || !windowScaleKnown(fwd, rev) || fwd.windowScaleOption < 0 || rev.windowScaleOption < 0)
        {
            return raw;
        }
        return (long)raw << Math.min(14, fwd.windowScaleOption);
    }

    private static long rel(final TcpEndpoint ep, final long seqAbs)
    {
        return seqAbs - ep.baseAbs;
    }

    private void handshake(
        final TcpFlow flow, final int dir, final TcpEndpoint fwd, final TcpEndpoint rev, final DecodedPacket p,
        final long frame, final long ts)
    {
        if (p.syn())
        {
            flow.addHistory(dir, p.hasAck() ? TcpFlow.H_SYN_ACK : TcpFlow.H_SYN);
            if (1 == dir && p.hasAck() && flow.synAckFrame < 0)
            {
                flow.synAckFrame = frame;
                flow.synAckTsNanos = ts;
            }
        }
        else if (p.hasAck())
        {
            if (0 == dir && flow.synAckFrame >= 0 && flow.handshakeAckFrame < 0 && rev.synSeen &&
                p.ack() == ((rev.baseAbs + 1) & 0xffff_ffffL))
            {
                flow.handshakeAckFrame = frame;
                flow.handshakeAckTsNanos = ts;
            }
            if (0 == p.payloadWireLength() && !p.fin() && !p.rst())
            {
                flow.addHistory(dir, TcpFlow.H_ACK);
            }
        }
    }

    private void updateStates(
        final TcpFlow flow, final int dir, final TcpEndpoint fwd, final TcpEndpoint rev,
        final boolean syn, final boolean fin, final boolean rst, final boolean ackFlag)
    {
        if (rst)
        {
            fwd.zeekState = TcpEndpoint.Z_RESET;
        }
        else if (fin)
        {
            if (TcpEndpoint.Z_RESET != fwd.zeekState)
            {
                fwd.zeekState = TcpEndpoint.Z_CLOSED;
            }
        }
        else if (syn)
        {
            if (!ackFlag && TcpEndpoint.Z_INACTIVE == fwd.zeekState)
            {
                fwd.zeekState = TcpEndpoint.Z_SYN_SENT;
            }
            else if (ackFlag && (TcpEndpoint.Z_INACTIVE == fwd.zeekState || TcpEndpoint.Z_SYN_SENT == fwd.zeekState))
            {
                fwd.zeekState = TcpEndpoint.Z_SYN_ACK_SENT;
            }
        }
        else
        {
            if (TcpEndpoint.Z_INACTIVE == fwd.zeekState)
            {
                fwd.zeekState = TcpEndpoint.Z_PARTIAL;
            }
            else if (ackFlag &&
                (TcpEndpoint.Z_SYN_SENT == fwd.zeekState || TcpEndpoint.Z_SYN_ACK_SENT == fwd.zeekState))
            {
                fwd.zeekState = TcpEndpoint.Z_ESTABLISHED;
            }
            if (ackFlag && 0 == dir && TcpEndpoint.Z_SYN_ACK_SENT == rev.zeekState)
            {
                rev.zeekState = TcpEndpoint.Z_ESTABLISHED;
            }
        }

        final TcpEndpoint a = flow.initiator;
        final TcpEndpoint b = flow.responder;
        final boolean effectiveRst = (a.rstFrame() >= 0 && a.postRstActivityFrame() < 0) ||
            (b.rstFrame() >= 0 && b.postRstActivityFrame() < 0);
        final int fins = (null != a.fin ? 1 : 0) + (null != b.fin ? 1 : 0);
        if (effectiveRst || 2 == fins)
        {
            flow.state = TcpFlow.STATE_CLOSED;
        }
        else if (1 == fins)
        {
            flow.state = TcpFlow.STATE_HALF_CLOSED;
        }
        else if (!syn || TcpFlow.STATE_HANDSHAKE != flow.state)
        {
            flow.state = TcpFlow.STATE_ESTABLISHED;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reassembly

    private void reassemble(
        final TcpFlow flow, final int dir, final TcpEndpoint ep, final DirectBuffer buffer, final int offset,
        final int capturedLength, final long start, final long end, final long frame, final long ts)
    {
        if (end <= ep.deliverNext)
        {
            return;
        }
        if (start > ep.deliverNext)
        {
            storeOutOfOrder(flow, dir, ep, buffer, offset, capturedLength, start, end, frame, ts);
        }
        else
        {
            deliverInOrder(flow, dir, ep, buffer, offset, start, start + capturedLength, end, frame, ts);
        }
    }

    private void deliverInOrder(
        final TcpFlow flow, final int dir, final TcpEndpoint ep, final DirectBuffer buffer, final int offset,
        final long start, final long capturedEnd, final long end, final long frame, final long ts)
    {
        long pos = ep.deliverNext;
        while (pos < end)
        {
            final ReorderBuffer rb = ep.reorder;
            if (null != rb && !rb.isEmpty() && rb.firstStart() <= pos)
            {
                final long rangeEnd = rb.firstEnd();
                final long compareEnd = Math.min(rangeEnd, Math.min(end, capturedEnd));
                if (compareEnd > pos)
                {
                    final long conflicts = rb.conflicts(pos, buffer, offset + (int)(pos - start),
                        (int)(compareEnd - pos));
                    if (conflicts > 0)
                    {
                        overlapConflicts++;
                        emit(flow, OVERLAP_CONFLICT, dir, frame, ts, rb.lastConflictOffset() - ep.baseAbs, conflicts);
                    }
                }
                deliverBuffered(flow, dir, ep, rangeEnd, frame, ts);
                pos = ep.deliverNext;
                continue;
            }
            final long limit = null != rb && !rb.isEmpty() ? Math.min(end, rb.firstStart()) : end;
            if (pos < capturedEnd)
            {
                final long chunkEnd = Math.min(limit, capturedEnd);
                if (flow.deliverPayload)
                {
                    streamListener.onData(flow, dir, buffer, offset + (int)(pos - start), (int)(chunkEnd - pos),
                        frame, ts);
                    ep.deliveredBytes += chunkEnd - pos;
                }
                pos = chunkEnd;
            }
            else
            {
                emitGap(flow, dir, ep, limit - pos, GAP_TRUNCATED, frame, ts);
                pos = limit;
            }
            ep.deliverNext = pos;
            if (null != rb)
            {
                rb.discardBelow(pos);
            }
        }
        drain(flow, dir, ep, frame, ts);
    }

    private void deliverBuffered(
        final TcpFlow flow, final int dir, final TcpEndpoint ep, final long rangeEnd, final long frame, final long ts)
    {
        final ReorderBuffer rb = ep.reorder;
        long pos = ep.deliverNext;
        if (rb.withBytes() && flow.deliverPayload)
        {
            while (pos < rangeEnd)
            {
                final int n = ReorderBuffer.chunkLength(pos, rangeEnd);
                streamListener.onData(flow, dir, rb.bufferOf(pos), rb.offsetOf(pos), n, frame, ts);
                ep.deliveredBytes += n;
                pos += n;
            }
        }
        else if (flow.deliverPayload)
        {
            // bytes buffered while delivery was off are not held: they can only be reported as a gap
            emitGap(flow, dir, ep, rangeEnd - pos, GAP_CAP, frame, ts);
        }
        ep.deliverNext = rangeEnd;
        rb.discardBelow(rangeEnd);
        if (rb.isEmpty())
        {
            releaseBuffer(ep);
        }
    }

    private void drain(final TcpFlow flow, final int dir, final TcpEndpoint ep, final long frame, final long ts)
    {
        while (null != ep.reorder && !ep.reorder.isEmpty() && ep.reorder.firstStart() <= ep.deliverNext)
        {
            deliverBuffered(flow, dir, ep, ep.reorder.firstEnd(), frame, ts);
        }
    }

    private void storeOutOfOrder(
        final TcpFlow flow, final int dir, final TcpEndpoint ep, final DirectBuffer buffer, final int offset,
        final int capturedLength, final long start, final long end, final long frame, final long ts)
    {
        if (capturedLength <= 0)
        {
            return;
        }
        final long storeEnd = start + capturedLength;
        if (storeEnd - ep.deliverNext > reorderCap)
        {
            perFlowCapHits++;
            final long skipped = skipTo(flow, dir, ep, storeEnd - reorderCap, GAP_CAP, frame, ts);
            emit(flow, REASSEMBLY_CAP_HIT, dir, frame, ts, 1, skipped);
            if (start <= ep.deliverNext)
            {
                if (end > ep.deliverNext)
                {
                    deliverInOrder(flow, dir, ep, buffer, offset, start, storeEnd, end, frame, ts);
                }
                return;
            }
        }
        ReorderBuffer rb = ep.reorder;
        if (null == rb)
        {
            rb = acquireBuffer(flow.deliverPayload);
            ep.reorder = rb;
        }
        if (null == rb || rb.rangesFull() || !rb.store(start, buffer, offset, capturedLength))
        {
            final int which = null == rb || !rb.rangesFull() ? 2 : 1;
            if (2 == which)
            {
                globalCapHits++;
            }
            else
            {
                perFlowCapHits++;
            }
            final long skipped = skipTo(flow, dir, ep, start, GAP_CAP, frame, ts);
            emit(flow, REASSEMBLY_CAP_HIT, dir, frame, ts, which, skipped);
            if (end > ep.deliverNext)
            {
                deliverInOrder(flow, dir, ep, buffer, offset, start, storeEnd, end, frame, ts);
            }
            return;
        }
        if (rb.lastConflictBytes() > 0)
        {
            overlapConflicts++;
            emit(flow, OVERLAP_CONFLICT, dir, frame, ts, rb.lastConflictOffset() - ep.baseAbs, rb.lastConflictBytes());
        }
        final Irregularities irregularities = facts.irregularities(ep);
        irregularities.bufferedPeakBytes = Math.max(irregularities.bufferedPeakBytes, rb.bufferedBytes());
    }

    /** Advances the delivery point to at least {@code target}, delivering buffered bytes and gaps for holes. */
    private long skipTo(
        final TcpFlow flow, final int dir, final TcpEndpoint ep, final long target, final int cause,
        final long frame, final long ts)
    {
        long skipped = 0;
        while (ep.deliverNext < target)
        {
            final ReorderBuffer rb = ep.reorder;
            if (null != rb && !rb.isEmpty() && rb.firstStart() <= ep.deliverNext)
            {
                deliverBuffered(flow, dir, ep, rb.firstEnd(), frame, ts);
                continue;
            }
            final long gapEnd = null != rb && !rb.isEmpty() ? Math.min(target, rb.firstStart()) : target;
            emitGap(flow, dir, ep, gapEnd - ep.deliverNext, cause, frame, ts);
            skipped += gapEnd - ep.deliverNext;
            ep.deliverNext = gapEnd;
            if (null != rb)
            {
                rb.discardBelow(gapEnd);
            }
        }
        drain(flow, dir, ep, frame, ts);
        return skipped;
    }

    /** The peer acknowledged up to {@code ackAbs}: any hole below it is data the capture missed. */
    private void ackedPast(
        final TcpFlow flow, final int dir, final TcpEndpoint ep, final long ackAbs, final long frame, final long ts)
    {
        if (!ep.seqKnown)
        {
            return;
        }
        long target = ackAbs;
        final long finPos = ep.finPos();
        if (finPos >= 0 && target > finPos)
        {
            target = finPos;
        }
        if (target > ep.deliverNext && target - ep.deliverNext < (1L << 31))
        {
            skipTo(flow, dir, ep, target, GAP_ACKED_UNSEEN, frame, ts);
            checkFin(flow, dir, ep, frame, ts);
        }
    }

    private void flushDirection(final TcpFlow flow, final int dir, final long frame, final long ts)
    {
        final TcpEndpoint ep = flow.endpoint(dir);
        while (null != ep.reorder && !ep.reorder.isEmpty())
        {
            skipTo(flow, dir, ep, ep.reorder.firstStart(), GAP_FLOW_END, frame, ts);
            drain(flow, dir, ep, frame, ts);
        }
        final long finPos = ep.finPos();
        if (finPos >= 0 && ep.deliverNext < finPos && finPos - ep.deliverNext < (1L << 31))
        {
            skipTo(flow, dir, ep, finPos, GAP_FLOW_END, frame, ts);
        }
        if (null != ep.fin && !ep.fin.delivered)
        {
            ep.fin.delivered = true;
            streamListener.onFin(flow, dir, frame, ts);
        }
        if (null != ep.reorder)
        {
            releaseBuffer(ep);
        }
    }

    private void checkFin(final TcpFlow flow, final int dir, final TcpEndpoint ep, final long frame, final long ts)
    {
        final FinFacts fin = ep.fin;
        if (null != fin && !fin.delivered && (ep.deliverNext >= fin.position || !flow.deliverPayload))
        {
            fin.delivered = true;
            streamListener.onFin(flow, dir, frame, ts);
        }
    }

    private void emitGap(
        final TcpFlow flow, final int dir, final TcpEndpoint ep, final long bytes, final int cause, final long frame,
        final long ts)
    {
        if (bytes <= 0)
        {
            return;
        }
        final Irregularities irregularities = facts.irregularities(ep);
        irregularities.gapBytes += bytes;
        if (GAP_ACKED_UNSEEN == cause)
        {
            irregularities.missedBytes += bytes;
        }
        flow.addHistory(dir, TcpFlow.H_GAP);
        if (flow.deliverPayload)
        {
            streamListener.onGap(flow, dir, bytes, frame, ts);
        }
        emit(flow, STREAM_GAP, dir, frame, ts, bytes, cause);
    }

    private ReorderBuffer acquireBuffer(final boolean withBytes)
    {
        ReorderBuffer rb = null;
        if (freeBufferCount > 0)
        {
            rb = freeBuffers[--freeBufferCount];
        }
        else if (buffersCreated < maxBuffers)
        {
            rb = new ReorderBuffer(pagePool, reorderCap);
            buffersCreated++;
        }
        if (null != rb)
        {
            rb.withBytes(withBytes);
            buffersInUse++;
        }
        return rb;
    }

    private void releaseBuffer(final TcpEndpoint ep)
    {
        final ReorderBuffer rb = ep.reorder;
        ep.reorder = null;
        rb.clear();
        freeBuffers[freeBufferCount++] = rb;
        buffersInUse--;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // events

    private long raise(
        final TcpFlow flow, final int type, final int dir, final long frame, final long ts, final long a, final long b)
    {
        emit(flow, type, dir, frame, ts, a, b);
        return bit(type);
    }

    private void emit(
        final TcpFlow flow, final int type, final int dir, final long frame, final long ts, final long a, final long b)
    {
        flow.eventMask |= bit(type);
        facts.eventCounts(flow.endpoint(dir))[type]++;
        eventListener.onEvent(flow, type, dir, frame, ts, a, b);
    }
}
