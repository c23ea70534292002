package dev.ftp426.bench.gen;

import dev.ftp426.decode.IpAddress;
import dev.ftp426.ftp.FtpReplyRecord;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated capture is an accuracy test: every transfer its truth file lists must come out with the truth's final
 * reply, party and cause, also when far more connections are open than the TCP memory budget holds (flows are then
 * evicted, and the FTP connections must not be among them).
 */
class GeneratedVerdictTest
{
    @TempDir
    static Path dir;

    private static Path capture;
    private static List<TruthLine> truth;

    @BeforeAll
    static void generate() throws IOException
    {
        capture = dir.resolve("busy.pcap");
        CaptureGenerator.generate("--out", capture.toString(), "--size", "40m", "--seed", "11",
            "--concurrent-flows", "4000", "--ftp-sessions", "150", "--ftp-file-bytes", "32k",
            "--transfers-per-session", "3", "--reorder", "0.002", "--retransmit", "0.002", "--loss", "0.002");
        truth = TruthLine.read(Path.of(capture + ".truth.jsonl"));
        assertThat(truth).hasSizeGreaterThan(200);
    }

    @Test
    void everyTransferMatchesTheTruthWithRoomForEveryFlow() throws IOException
    {
        final Recorded recorded = analyse(new AnalysisOptions());
        assertThat(recorded.summary.limitsHit()).as("limits hit").isEmpty();
        assertMatchesTruth(recorded);
    }

    @Test
    void everyTransferMatchesTheTruthWhenTheFlowTableOverflows() throws IOException
    {
        // 8 MiB holds about 1,600 flows: less than half the 4,000 bulk flows open at once.
        final Recorded recorded = analyse(new AnalysisOptions().memoryBudgetBytes(8L << 20));
        assertThat(recorded.summary.limitsHit()).as("limits hit").containsKey("tcp_flows_evicted");
        assertThat(recorded.summary.limitsHit().get("tcp_flows_evicted")).isGreaterThan(10_000L);
        assertMatchesTruth(recorded);
    }

    private static void assertMatchesTruth(final Recorded recorded)
    {
        final List<String> wrong = new ArrayList<>();
        for (final TruthLine t : truth)
        {
            final String command = t.string("command");
            final String key = key(t.string("ip"), (int)t.number("port"), command,
                command.equals("LIST") ? "" : t.string("file"));
            final TransferReport report = recorded.byKey.get(key);
            final String expected = t.number("reply_code") + " " + t.string("party") + "/" + t.string("cause");
            final String actual = report == null ? "missing" : describe(report);
            if (!expected.equals(actual))
            {
                wrong.add(key + ": expected " + expected + ", got " + actual);
            }
        }
        assertThat(wrong).as("transfers that disagree with the truth (of %d)", truth.size()).isEmpty();
    }

    private static String describe(final TransferReport report)
    {
        final FtpReplyRecord reply = report.transfer().completion();
        final String verdict = report.hasVerdict() ?
            report.verdict().party().code() + "/" + report.verdict().cause().code() : "none/none";
        return (reply == null ? "no-reply" : String.valueOf(reply.code())) + " " + verdict;
    }

    private static String key(final String ip, final int port, final String command, final String arg)
    {
        return ip + " " + port + " " + command + " " + arg;
    }

    private static Recorded analyse(final AnalysisOptions options) throws IOException
    {
        final Recorded recorded = new Recorded();
        new OfflineAnalysis(options).analyze(capture, recorded);
        assertThat(recorded.summary).isNotNull();
        return recorded;
    }

    private static final class Recorded implements AnalysisListener
    {
        final Map<String, TransferReport> byKey = new HashMap<>();
        FileSummary summary;

        @Override
        public void onTransfer(final TransferReport report)
        {
            final FtpTransfer t = report.transfer();
            if (t.command() == null)
            {
                return;
            }
            final String arg = t.command().equals("LIST") || t.arg() == null ? "" : t.arg();
            byKey.putIfAbsent(key(IpAddress.format(t.clientHi(), t.clientLo()), t.clientPort(), t.command(), arg),
                report);
        }

        @Override
        public void onSummary(final FileSummary s)
        {
            summary = s;
        }
    }
}
