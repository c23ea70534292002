package dev.ftp426.pipeline.parallel;

import dev.ftp426.decode.DecodeCounters;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.report.DataFlowSummary;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The joining stage: gives the workers' transfers the session and connection numbers a single pipeline would have
 * given (both count up in the order of the frames that started them), puts them in one deterministic order
 * ({@link #ORDER}), and adds the workers' counts into one {@link FileSummary}.
 */
final class ResultJoiner
{
    /**
     * Transfers by the frame of their event (the final reply, else the ABOR's reply, else the data connection's end,
     * else the command), then by session, command and connections: a total order that does not depend on which worker
     * judged a transfer or when its connections timed out.
     */
    static final Comparator<TransferReport> ORDER = Comparator
        .comparingLong(ResultJoiner::eventFrame)
        .thenComparingLong(r -> r.transfer().sessionId())
        .thenComparingLong(r -> r.transfer().commandFrame())
        .thenComparingLong(r -> r.transfer().controlFlowId())
        .thenComparingLong(r -> r.transfer().dataFlowId());

    private final List<ShardWorker> workers;

    ResultJoiner(final List<ShardWorker> workers)
    {
        this.workers = workers;
    }

    /** Hands every transfer to the listener, in order; returns their count. */
    long deliverTransfers(final AnalysisListener listener)
    {
        final LongArrayList[] flowStarts = new LongArrayList[workers.size()];
        final LongArrayList[] sessionStarts = new LongArrayList[workers.size()];
        int total = 0;
        for (int w = 0; w < workers.size(); w++)
        {
            flowStarts[w] = workers.get(w).flowStarts();
            sessionStarts[w] = workers.get(w).sessionStarts();
            total += workers.get(w).emitted().size();
        }
        final List<TransferReport> all = new ArrayList<>(total);
        for (final ShardWorker worker : workers)
        {
            final int w = worker.index();
            for (final TransferReport report : worker.emitted())
            {
                final FtpTransfer t = report.transfer();
                t.renumber(
                    globalNumber(sessionStarts, w, t.sessionId()),
                    globalNumber(flowStarts, w, t.controlFlowId()),
                    globalNumber(flowStarts, w, t.dataFlowId()));
                all.add(renumbered(report, t));
            }
        }
        all.sort(ORDER);
        for (final TransferReport report : all)
        {
            listener.onTransfer(report);
        }
        return all.size();
    }

    /** The frame that made the transfer's outcome known. */
    static long eventFrame(final TransferReport report)
    {
        final FtpTransfer t = report.transfer();
        if (t.completion() != null)
        {
            return t.completion().frame();
        }
        if (t.abortReply() != null)
        {
            return t.abortReply().frame();
        }
        if (t.dataClosedFrame() != FtpTransfer.NONE)
        {
            return t.dataClosedFrame();
        }
        return t.commandFrame();
    }

    /** One summary for the file: the reader's statistics, and every worker's counts added up. */
    FileSummary summary(final String name, final CaptureStats stats, final boolean complete)
    {
        final DecodeCounters decode = new DecodeCounters();
        long flows = 0;
        long sessions = 0;
        long transfers = 0;
        for (final ShardWorker worker : workers)
        {
            decode.add(worker.decodeCounters());
            final FileSummary s = worker.summary();
            flows += s.tcpFlows();
            sessions += s.ftpSessions();
            transfers += s.transfers();
        }
        final FileSummary summary = new FileSummary(name, stats, decode);
        summary.counts(flows, sessions, transfers);
        final Set<String> warnings = new LinkedHashSet<>();
        for (final ShardWorker worker : workers)
        {
            final FileSummary s = worker.summary();
            for (final Map.Entry<String, Long> e : s.verdictsByParty().entrySet())
            {
                summary.countVerdicts(e.getKey(), e.getValue());
            }
            for (final Map.Entry<String, Long> e : s.limitsHit().entrySet())
            {
                summary.limitHit(e.getKey(), e.getValue());
            }
            for (final Map.Entry<String, Long> e : s.anomalies().entrySet())
            {
                summary.anomaly(e.getKey(), e.getValue());
            }
            warnings.addAll(s.warnings());
        }
        warnings.forEach(summary::warn);
        if (!complete)
        {
            summary.incomplete();
        }
        return summary;
    }

    private static TransferReport renumbered(final TransferReport report, final FtpTransfer t)
    {
        final DataFlowSummary d = report.dataFlow();
        if (d == null || t.dataFlowId() == FtpTransfer.NONE)
        {
            return report;
        }
        return new TransferReport(t, report.facts(), report.data(),
            new DataFlowSummary(t.dataFlowId(), d.communityId(), d.connState(), d.history(), d.missedBytes()),
            report.controlCommunityId(), report.verdict(), report.notes());
    }

    /**
     * The number one pipeline would have given the {@code local}-th start of worker {@code w}: one more than the
     * starts, over all workers, at earlier frames.
     */
    static long globalNumber(final LongArrayList[] starts, final int w, final long local)
    {
        if (local == FtpTransfer.NONE || local < 1 || local > starts[w].size())
        {
            return local;
        }
        final long frame = starts[w].getLong((int)(local - 1));
        long earlier = 0;
        for (int v = 0; v < starts.length; v++)
        {
            earlier += v == w ? local - 1 : countBelow(starts[v], frame);
        }
        return earlier + 1;
    }

    private static int countBelow(final LongArrayList sorted, final long value)
    {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (sorted.getLong(mid) < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
