package dev.ftp426.bench.pipeline;

import dev.ftp426.bench.gen.CaptureGenerator;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.pipeline.parallel.ParallelAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a generated capture with many FTP sessions among bulk flows (reordering, retransmissions, loss, VLANs, IPv6),
 * the parallel pipeline reports exactly the records of one pipeline, whatever the number of workers.
 */
class ParallelEquivalenceTest
{
    @TempDir
    Path dir;

    @Test
    void manySessionsGiveTheSameRecordsWithOneTwoAndThreeWorkers() throws IOException
    {
        final Path capture = dir.resolve("many-sessions.pcap");
        final CaptureGenerator.Result generated = CaptureGenerator.generate("--out", capture.toString(),
            "--size", "24m", "--seed", "7", "--concurrent-flows", "300", "--ftp-sessions", "160",
            "--ftp-file-bytes", "24k", "--transfers-per-session", "3", "--reorder", "0.002", "--retransmit", "0.002",
            "--loss", "0.002");

        final Recorded one = analyse(capture, 1);
        final List<String> expected = one.inOrder();
        assertThat(expected).as("transfers reported").hasSizeGreaterThanOrEqualTo((int)generated.ftpTransfers);
        assertThat(one.verdicts).as("verdicts reported").isGreaterThanOrEqualTo(generated.failedTransfers / 2);
        for (final int workers : new int[] {2, 3, 4})
        {
            final Recorded many = analyse(capture, workers);
            final List<String> actual = many.asReported();
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
            {
                assertThat(actual.get(i)).as("%d workers, record %d", workers, i).isEqualTo(expected.get(i));
            }
            assertThat(actual).as("%d workers", workers).hasSameSizeAs(expected);
            assertThat(many.summary).as("%d workers", workers).isEqualTo(one.summary);
        }
    }

    private static Recorded analyse(final Path capture, final int workers) throws IOException
    {
        final Recorded recorded = new Recorded();
        new OfflineAnalysis(new AnalysisOptions().workers(workers)).analyze(capture, recorded);
        return recorded;
    }

    /** Every record rendered as text. */
    private static final class Recorded implements AnalysisListener
    {
        final List<TransferReport> reports = new ArrayList<>();
        String summary;
        long verdicts;

        @Override
        public void onTransfer(final TransferReport report)
        {
            if (report.hasVerdict())
            {
                verdicts++;
            }
            reports.add(report);
        }

        List<String> asReported()
        {
            final List<String> out = new ArrayList<>();
            reports.forEach(r -> out.add(render(r)));
            return out;
        }

        List<String> inOrder()
        {
            final List<TransferReport> sorted = new ArrayList<>(reports);
            sorted.sort(ParallelAnalysis.TRANSFER_ORDER);
            final List<String> out = new ArrayList<>();
            sorted.forEach(r -> out.add(render(r)));
            return out;
        }

        private static String render(final TransferReport report)
        {
            final FtpTransfer t = report.transfer();
            return report + " data[" + t.dataOpenedFrame() + ".." + t.dataClosedFrame() + " toClient=" +
                t.bytesToClient() + " toServer=" + t.bytesToServer() + " setup=" + t.setupFrame() + " command=" +
                t.commandFrame() + "]";
        }

        @Override
        public void onSummary(final FileSummary s)
        {
            summary = "flows=" + s.tcpFlows() + " sessions=" + s.ftpSessions() + " transfers=" + s.transfers() +
                " verdicts=" + s.verdictsByParty() + " limits=" + s.limitsHit() + " anomalies=" + s.anomalies() +
                " warnings=" + s.warnings() + " complete=" + s.complete() + " packets=" + s.capture().packets() +
                " decode=" + s.decode();
        }
    }
}
