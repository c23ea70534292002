package dev.ftp426.robustness;

import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nothing lost: an analysis stopped from another thread still reports every transfer finished so far and an
 * incomplete summary; a capture damaged away from the failure (cut short, garbage inserted) keeps its verdict.
 */
class InterruptedAndDamagedTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"))
        .resolve("dev");

    @TempDir
    Path dir;

    @Test
    void stopFromAnotherThreadKeepsEveryFinishedTransfer() throws Exception
    {
        // 40 sessions, each a completed transfer; the listener stops the run from another thread after the 10th
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureSink sink = CaptureSink.memory(bytes))
        {
            final TcpConversation.Clock clock = new TcpConversation.Clock(FtpCaptures.START_NANOS, 1_000_000L);
            for (int i = 0; i < 40; i++)
            {
                FtpCaptures.session(sink, clock, 40001 + 2 * i, 5_000 + i, 9_000 + i, 20_000, i == 5, c -> { });
                clock.advance(TimeUnit.SECONDS.toNanos(60));
            }
        }
        final Path pcap = Files.write(dir.resolve("sessions.pcap"), bytes.toByteArray());
        final OfflineAnalysis analysis = new OfflineAnalysis(new AnalysisOptions());
        final CountDownLatch tenth = new CountDownLatch(1);
        final List<String> transfers = new ArrayList<>();
        final List<FileSummary> summaries = new ArrayList<>();
        final Thread stopper = new Thread(() ->
        {
            try
            {
                tenth.await();
                analysis.stop();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        final FileSummary summary = analysis.analyze(pcap, new AnalysisListener()
        {
            @Override
            public void onTransfer(final TransferReport report)
            {
                transfers.add(report.hasVerdict() ? report.verdict().party().code() : "none");
                if (transfers.size() == 10)
                {
                    tenth.countDown();
                    // give the other thread time to call stop() while this one is still inside the packet
                    try
                    {
                        stopper.join(5_000);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void onSummary(final FileSummary s)
            {
                summaries.add(s);
            }
        });
        assertThat(summaries).containsExactly(summary);
        assertThat(summary.complete()).isFalse();
        assertThat(analysis.stopped()).isTrue();
        assertThat(transfers.size()).isBetween(10, 39);
        assertThat(transfers.get(5)).isEqualTo("server");
        assertThat(summary.transfers()).isEqualTo(transfers.size());
        assertThat(summary.capture().packets()).isLessThan(new OfflineAnalysis(new AnalysisOptions())
            .analyze(pcap, new Results()).capture().packets());
    }

    @Test
    void corpusCaptureCutShortAndWithGarbageKeepsItsVerdict() throws IOException
    {
        final Path original = DEV.resolve("server_reset-vsftpd-ftplib-pasv/server.pcap");
        assumeTrue(Files.isRegularFile(original), "dev corpus not present");
        final Results clean = new Results();
        new OfflineAnalysis(new AnalysisOptions()).analyze(original, clean);
        assertThat(clean.verdicts).containsExactly("server/server_abort 426");

        final byte[] bytes = Files.readAllBytes(original);
        final List<Integer> records = PcapRecords.pcapRecordOffsets(bytes);
        // the failure is at the end of the capture: damage the first half, away from it
        final int early = records.get(records.size() / 8);
        final int middle = records.get(records.size() / 2);
        final byte[] garbage = new byte[4096];
        new Random(426).nextBytes(garbage);
        final ByteArrayOutputStream damaged = new ByteArrayOutputStream();
        damaged.write(bytes, 0, early + 7);                          // cut inside a record header...
        damaged.write(garbage, 0, garbage.length);                   // ...then garbage...
        damaged.write(bytes, middle, bytes.length - middle);         // ...then the rest from the middle on
        final Path path = Files.write(dir.resolve("damaged.pcap"), damaged.toByteArray());

        final Results results = new Results();
        final FileSummary summary = new OfflineAnalysis(new AnalysisOptions()).analyze(path, results);
        assertThat(summary.capture().skippedBytes()).isPositive();
        assertThat(results.verdicts).containsExactly("server/server_abort 426");

        // cut off at the end instead, inside the last record: all before it still judged
        final Path cut = Files.write(dir.resolve("cut.pcap"),
            java.util.Arrays.copyOf(bytes, bytes.length - 3));
        final Results cutResults = new Results();
        final FileSummary cutSummary = new OfflineAnalysis(new AnalysisOptions()).analyze(cut, cutResults);
        assertThat(cutSummary.capture().truncatedAtEnd()).isTrue();
        assertThat(cutResults.verdicts).containsExactly("server/server_abort 426");
    }
}
