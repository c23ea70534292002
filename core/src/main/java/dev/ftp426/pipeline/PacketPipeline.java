package dev.ftp426.pipeline;

import dev.ftp426.decode.DecodeCounters;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.flow.CommunityId;
import dev.ftp426.ftp.FtpCounters;
import dev.ftp426.ftp.FtpTracker;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.report.FileSummary;
import dev.ftp426.tcp.TcpFlow;
import dev.ftp426.tcp.TcpTracker;

/**
 * The one path every frame takes, whatever its source (file or live ring): decode, track TCP, follow FTP, judge.
 * One instance per input and per thread; the per-packet path allocates nothing.
 */
public final class PacketPipeline implements FrameHandler
{
    /** How often (capture time) the FTP tracker is told the time, to expire expectations and lingering transfers. */
    private static final long TICK_NANOS = 1_000_000_000L;
    /** Closed data connections kept for transfers the FTP tracker has not handed over yet. */
    private static final int CLOSED_DATA_FLOWS_KEPT = 4096;

    private final PacketDecoder decoder;
    private final DecodedPacket packet = new DecodedPacket();
    private final DataFlows dataFlows;
    private final TransferJudge judge;
    private final FtpTracker ftp;
    private final ConnectionRouter router;
    private final TcpTracker tcp;
    private int lastLinkType = -1;
    private long nowNanos;
    private long nextTickNanos;
    private boolean externalClock;

    public PacketPipeline(final AnalysisOptions options, final AnalysisListener listener)
    {
        decoder = new PacketDecoder(options.decodeLimits());
        dataFlows = new DataFlows(options.maxDataFlowRecorders(), Math.min(CLOSED_DATA_FLOWS_KEPT,
            options.maxDataFlowRecorders()));
        judge = new TransferJudge(listener, dataFlows);
        ftp = new FtpTracker(options.ftpConfig(), judge);
        router = new ConnectionRouter(ftp, dataFlows, new CommunityId(options.communityIdSeed()),
            options.maxControlConnections());
        judge.router(router);
        router.tlsKeyLog(options.tlsKeyLog());
        tcp = new TcpTracker(options.tcpConfig().memoryBudgetBytes(options.memoryBudgetBytes()), router, router);
    }

    /** The capture's own statistics (drop counters) for the verdicts' capture context. */
    public void captureStats(final CaptureStats stats)
    {
        judge.captureStats(stats);
    }

    /**
     * A reading of the capture's cumulative drop counter (live capture): a rise between readings marks a window in
     * which verdicts lose confidence.
     */
    public void dropSample(final long tsNanos, final long cumulativeDrops)
    {
        judge.dropSample(tsNanos, cumulativeDrops);
    }

    @Override
    public void onFrame(final Frame frame)
    {
        if (frame.linkType() != lastLinkType)
        {
            lastLinkType = frame.linkType();
            judge.linkType(lastLinkType);
        }
        if (decoder.decode(frame, packet))
        {
            onPacket(packet);
        }
    }

    private void onPacket(final DecodedPacket packet)
    {
        tcp.onPacket(packet);
        final TcpFlow flow = tcp.lastFlow();
        if (flow != null)
        {
            final Object attachment = flow.attachment();
            if (attachment instanceof DataFlows.Entry)
            {
                ((DataFlows.Entry)attachment).recorder.onPacket(flow, tcp.lastDirection(), packet);
            }
            else if (packet.urg() && flow.deliverPayload())
            {
                ftp.onUrgent(flow.id(), tcp.lastDirection() == 0, packet.frameNumber(), packet.timestampNanos());
            }
        }
        if (!externalClock)
        {
            advanceClock(packet.timestampNanos());
        }
    }

    /**
     * Lets the caller drive capture time through {@link #advanceClock(long)} instead of each decoded packet: a worker
     * of the parallel pipeline sees only its share of the packets, so the reader ticks every worker at the moments a
     * single pipeline would have ticked.
     */
    public PacketPipeline externalClock(final boolean external)
    {
        this.externalClock = external;
        return this;
    }

    /** Capture time moved to {@code ts}: once a second (capture time) the FTP tracker expires what waited too long. */
    public void advanceClock(final long ts)
    {
        if (ts > nowNanos)
        {
            nowNanos = ts;
            if (ts >= nextTickNanos)
            {
                nextTickNanos = ts + TICK_NANOS;
                ftp.onTime(ts);
            }
        }
    }

    /**
     * Live capture on a quiet link: lets capture time pass without a packet, so that connections closed for longer
     * than their linger are reported closed and their transfers judged now, not when the next packet arrives. Never
     * moves time back; a later packet with an older time stamp is processed as usual.
     *
     * @param tsNanos a time the capture has certainly reached (e.g. the wall clock less the capture's buffering delay).
     */
    public void advanceTime(final long tsNanos)
    {
        if (tsNanos > nowNanos)
        {
            tcp.expire(tsNanos);
            advanceClock(tsNanos);
        }
    }

    /** TCP connections started so far; each new one takes the next flow id. */
    public long flowsOpened()
    {
        return tcp.flowsOpened();
    }

    /** FTP sessions confirmed so far; each new one takes the next session id. */
    public long sessionsStarted()
    {
        return judge.sessions();
    }

    public DecodeCounters decodeCounters()
    {
        return decoder.counters();
    }

    /** Verdicts produced so far. */
    public long verdicts()
    {
        return judge.verdicts();
    }

    /** Ends the input: closes every flow, hands over every pending transfer, and completes the summary. */
    public void finish(final FileSummary summary)
    {
        decoder.finish();
        tcp.closeAll();
        ftp.flush(nowNanos);
        summary.counts(tcp.flowsOpened(), judge.sessions(), judge.transfers());
        judge.verdictsByParty().forEach(summary::countVerdicts);

        final DecodeCounters counters = decoder.counters();
        summary.limitHit("ip_fragments_dropped_by_limit", counters.fragmentsDroppedByLimit());
        summary.limitHit("tcp_flows_evicted", tcp.flowsEvicted());
        summary.limitHit("tcp_reorder_per_flow_cap", tcp.perFlowCapHits());
        summary.limitHit("tcp_reorder_global_cap", tcp.globalCapHits());
        summary.limitHit("data_flow_recorders", dataFlows.refused());
        summary.limitHit("data_flow_recorders_closed", dataFlows.forgotten());
        summary.limitHit("control_connections", router.controlsForgotten());
        summary.anomaly("ip_fragments_expired", counters.fragmentsExpired());
        summary.anomaly("ip_fragment_overlap_conflict", counters.conflictingOverlaps());
        summary.anomaly("ip_fragment_bad", counters.badFragments());
        summary.anomaly("ip_bad_header", counters.badIpHeader());
        summary.anomaly("tcp_bad_header", counters.badTcpHeader());
        summary.anomaly("tcp_overlap_conflict", tcp.overlapConflicts());
        final FtpCounters f = ftp.counters();
        summary.anomaly("ftp_line_truncated", f.linesTruncated());
        summary.anomaly("ftp_line_dropped_after_gap", f.linesDroppedAfterGap());
        summary.anomaly("ftp_reply_not_numeric", f.replyNotNumeric());
        summary.anomaly("ftp_reply_block_bounded", f.replyBlocksBounded());
        summary.anomaly("ftp_reply_block_foreign_end", f.replyBlocksEndedByForeignCode());
        summary.anomaly("ftp_reply_unsolicited", f.unsolicitedReplies());
        summary.anomaly("ftp_reply_resynchronised", f.repliesResynchronised());
        summary.anomaly("ftp_control_gap", f.controlGaps());
        summary.anomaly("ftp_setup_reply_unparsed", f.setupReplyUnparsed());
        summary.anomaly("ftp_expectation_expired", f.expectationsExpired());
        summary.limitHit("ftp_pending_commands", f.pendingCommandsOverflow());
        summary.limitHit("ftp_reply_text", f.replyTextTruncated());
        summary.limitHit("ftp_expectations", f.expectationsOverLimit());
        summary.limitHit("ftp_sessions", f.sessionsOverLimit());
        summary.limitHit("ftp_candidates", f.candidatesOverLimit());
    }
}
