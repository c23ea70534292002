package dev.ftp426.pipeline;

import dev.ftp426.attribution.Assessment;
import dev.ftp426.attribution.Attributor;
import dev.ftp426.attribution.CaptureContext;
import dev.ftp426.attribution.ConnectionEnd;
import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.TransferFacts;
import dev.ftp426.attribution.VantageEstimate;
import dev.ftp426.attribution.VantageInference;
import dev.ftp426.attribution.Verdict;
import dev.ftp426.ftp.FtpEventListener;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pipeline.facts.CaptureContextBuilder;
import dev.ftp426.report.DataFlowSummary;
import dev.ftp426.report.TransferReport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges each finished FTP transfer: joins the FTP record with its data connection's facts, infers the vantage point
 * over the data connections seen so far, asks the {@link Attributor} for a verdict, and reports the result.
 */
final class TransferJudge implements FtpEventListener
{
    /** Data connections the vantage inference looks at: recent ones are enough and keep this bounded. */
    private static final int VANTAGE_WINDOW = 64;

    private final Attributor attributor = new Attributor();
    private final AnalysisListener listener;
    private final DataFlows dataFlows;
    private final ArrayDeque<DataFlowFacts> recentFlows = new ArrayDeque<>();
    private final CaptureContextBuilder context = new CaptureContextBuilder();
    private ConnectionRouter router;
    private CaptureStats captureStats;
    private long transfers;
    private long verdicts;
    private long sessions;
    private final Map<String, Long> verdictsByParty = new TreeMap<>();

    TransferJudge(final AnalysisListener listener, final DataFlows dataFlows)
    {
        this.listener = listener;
        this.dataFlows = dataFlows;
    }

    void router(final ConnectionRouter router)
    {
        this.router = router;
    }

    void captureStats(final CaptureStats stats)
    {
        this.captureStats = stats;
    }

    void dropSample(final long tsNanos, final long cumulativeDrops)
    {
        context.dropSample(tsNanos, cumulativeDrops);
    }

    void linkType(final int linkType)
    {
        context.linkType(linkType);
    }

    long transfers()
    {
        return transfers;
    }

    long verdicts()
    {
        return verdicts;
    }

    long sessions()
    {
        return sessions;
    }

    Map<String, Long> verdictsByParty()
    {
        return verdictsByParty;
    }

    @Override
    public void onSessionStarted(final dev.ftp426.ftp.FtpSession session)
    {
        sessions++;
    }

    @Override
    public void onTransfer(final FtpTransfer transfer)
    {
        transfers++;
        final DataFlows.Entry data = transfer.dataFlowId() == FtpTransfer.NONE ? null :
            dataFlows.get(transfer.dataFlowId());
        final ConnectionRouter.ControlState control = router.control(transfer.controlFlowId());
        final ConnectionEnd controlEnd = control == null ? null : control.end;

        final long toServer = data == null ? -1 : data.recorder.payloadBytes(transfer.dataInitiatedByServer() ? 1 : 0);
        final long toClient = data == null ? -1 : data.recorder.payloadBytes(transfer.dataInitiatedByServer() ? 0 : 1);
        final TransferFacts facts = TransferFactsMapper.map(transfer, controlEnd, toServer, toClient);

        DataFlowFacts flowFacts = null;
        DataFlowSummary summary = null;
        if (data != null)
        {
            // The TCP initiator is the FTP client in passive mode and the FTP server in active mode.
            final int clientDirection = transfer.dataInitiatedByServer() ? 1 : 0;
            flowFacts = data.recorder.snapshot(clientDirection, facts.dataSender());
            summary = data.summary;
            context.observe(data.recorder);
            remember(flowFacts);
        }
        if (captureStats != null)
        {
            context.drops(captureStats);
        }
        final CaptureContext captureContext = context.build();
        final VantageEstimate vantage = VantageInference.infer(captureContext, new ArrayList<>(recentFlows));
        final Assessment assessment = attributor.assess(facts, flowFacts, captureContext, vantage);
        final Verdict verdict = assessment.verdict().orElse(null);
        if (verdict != null)
        {
            verdicts++;
            verdictsByParty.merge(verdict.party().code(), 1L, Long::sum);
        }
        listener.onTransfer(new TransferReport(transfer, facts, flowFacts, summary,
            control == null ? null : control.communityId, verdict, assessment.notes()));
    }

    private void remember(final DataFlowFacts facts)
    {
        recentFlows.addLast(facts);
        if (recentFlows.size() > VANTAGE_WINDOW)
        {
            recentFlows.removeFirst();
        }
    }
}
