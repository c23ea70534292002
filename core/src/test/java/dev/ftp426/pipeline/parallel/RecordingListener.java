package dev.ftp426.pipeline.parallel;

import dev.ftp426.decode.DecodeCounters;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders every record of an analysis as text, so two runs can be compared record by record. */
public final class RecordingListener implements AnalysisListener
{
    public final List<TransferReport> reports = new ArrayList<>();
    public final List<String> summaries = new ArrayList<>();
    public long verdicts;

    /** Analyses a file with the given number of workers and returns what was reported. */
    public static RecordingListener analyse(final Path file, final int workers) throws IOException
    {
        final RecordingListener listener = new RecordingListener();
        new OfflineAnalysis(new AnalysisOptions().workers(workers)).analyze(file, listener);
        return listener;
    }

    @Override
    public void onTransfer(final TransferReport report)
    {
        if (report.hasVerdict())
        {
            verdicts++;
        }
        reports.add(report);
    }

    /** The transfers as text, in the order they were reported. */
    public List<String> transfers()
    {
        final List<String> out = new ArrayList<>();
        reports.forEach(r -> out.add(render(r)));
        return out;
    }

    /** The transfers as text, in the parallel pipeline's order. */
    public List<String> transfersInOrder()
    {
        final List<TransferReport> sorted = new ArrayList<>(reports);
        sorted.sort(ParallelAnalysis.TRANSFER_ORDER);
        final List<String> out = new ArrayList<>();
        sorted.forEach(r -> out.add(render(r)));
        return out;
    }

    static String render(final TransferReport report)
    {
        final FtpTransfer t = report.transfer();
        return report + " data[" + t.dataOpenedFrame() + ".." + t.dataClosedFrame() + " toClient=" +
            t.bytesToClient() + " toServer=" + t.bytesToServer() + " client=" + t.clientPort() + " server=" +
            t.serverPort() + " setup=" + t.setupFrame() + " command=" + t.commandFrame() + "]";
    }

    @Override
    public void onSummary(final FileSummary s)
    {
        final DecodeCounters d = s.decode();
        summaries.add("file=" + s.file() + " flows=" + s.tcpFlows() + " sessions=" + s.ftpSessions() +
            " transfers=" + s.transfers() + " verdicts=" + s.verdictsByParty() + " limits=" + s.limitsHit() +
            " anomalies=" + s.anomalies() + " warnings=" + s.warnings() + " complete=" + s.complete() +
            " packets=" + s.capture().packets() + " decode=" + d);
    }
}
