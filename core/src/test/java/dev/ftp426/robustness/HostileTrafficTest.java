package dev.ftp426.robustness;

import dev.ftp426.decode.DecodeLimits;
import dev.ftp426.decode.PacketBuilder;
import dev.ftp426.ftp.FtpTrackerConfig;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.ftp426.robustness.FtpCaptures.CLIENT;
import static dev.ftp426.robustness.FtpCaptures.SERVER;
import static dev.ftp426.robustness.FtpCaptures.START_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile traffic through the whole offline pipeline, each capture generated here: the analysis must end normally,
 * keep its live heap under a bound (sampled after GC, a bound check only), name the limit or anomaly that contained
 * the input in the summary, and still give the right verdict where a transfer failed. Results are also written to
 * {@code target/robustness/hostile.tsv} for docs/robustness.md.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileTrafficTest
{
    private static final long MB = 1024 * 1024;
    private static final List<String> ROWS = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void millionConcurrentHalfOpenFlows() throws IOException
    {
        final Path pcap = write("half-open.pcap", (sink, clock) ->
        {
            for (int i = 0; i < 1_000_000; i++)
            {
                final String source = "198.51.100." + (1 + i % 250);
                sink.packet(clock.next(), new PacketBuilder().ipv4(source, SERVER)
                    .tcp(1024 + i / 250, (i & 1) == 0 ? 21 : 8080).seq(i * 7919L).ack(0).flags(0x02).build());
            }
        });
        final Run run = analyze(pcap, new AnalysisOptions().memoryBudgetBytes(64 * MB), "1,000,000 half-open flows");
        assertThat(run.summary.capture().packets()).isEqualTo(1_000_000);
        assertThat(run.summary.tcpFlows()).isEqualTo(1_000_000);
        // the 500,000 flows to port 8080 go by eviction; those to port 21 are kept as possible FTP control
        // connections (evicted last), so most of them reach the 30 s handshake timeout in the table first
        assertThat(run.summary.limitsHit().get("tcp_flows_evicted")).isGreaterThan(450_000L);
        assertThat(run.peakHeap).isLessThan(256 * MB);
        assertThat(run.results.verdicts).isEmpty();
    }

    @Test
    void giganticOutOfOrderGaps() throws IOException
    {
        final Path pcap = write("gaps.pcap", (sink, clock) ->
        {
            final Random random = new Random(426);
            final byte[] segment = new byte[1400];
            for (int flow = 0; flow < 100; flow++)
            {
                final TcpConversation c = new TcpConversation(sink, clock, CLIENT, 20000 + flow, SERVER, 8080,
                    random.nextInt(), random.nextInt()).handshake();
                for (int i = 0; i < 2_000; i++)
                {
                    // each segment far ahead of the stream, never filling the hole before it
                    c.segmentAt(false, 1 + (long)random.nextInt(1 << 30), segment);
                }
                c.reset(true);
            }
        });
        final Run run = analyze(pcap, new AnalysisOptions().memoryBudgetBytes(64 * MB), "gigantic out-of-order gaps");
        // every flow's buffer fills to its 1 MiB cap and then skips holes (counted); far segments are not kept
        assertThat(run.summary.limitsHit().get("tcp_reorder_per_flow_cap")).isGreaterThanOrEqualTo(100L);
        assertThat(run.peakHeap).isLessThan(256 * MB);
    }

    @Test
    void overlappingSegmentsWithConflictingBytes() throws IOException
    {
        final byte[] a = new byte[1000];
        final byte[] b = new byte[1000];
        Arrays.fill(a, (byte)'a');
        Arrays.fill(b, (byte)'b');
        final Path pcap = write("overlaps.pcap", (sink, clock) ->
        {
            final TcpConversation c = new TcpConversation(sink, clock, CLIENT, 20001, SERVER, 8080, 1, 2).handshake();
            for (int i = 0; i < 10_000; i++)
            {
                c.segmentAt(false, 1000, a);          // buffered out of order
                c.segmentAt(false, 1500, b);          // overlaps it with other bytes
                c.segment(false, a);                  // fills the hole: both delivered
                c.skip(false, 1500);
                c.ack(true);
            }
            c.close(true);
        });
        final Run run = analyze(pcap, new AnalysisOptions(), "overlapping segments, conflicting bytes");
        // counted once per flow direction: the anomaly says the flow had conflicting retransmissions
        assertThat(run.summary.anomalies().get("tcp_overlap_conflict")).isPositive();
        assertThat(run.peakHeap).isLessThan(128 * MB);
    }

    @Test
    void tenMegabyteLineAndHundredThousandLineReply() throws IOException
    {
        final Path pcap = write("long-lines.pcap", (sink, clock) -> FtpCaptures.session(sink, clock, 40001, 777,
            9_000_000L, 200_000, true, control ->
            {
                control.client("NOOP " + "A".repeat(10 * 1024 * 1024) + "\r\n");
                control.server("500 Unknown command.\r\n");
                control.client("STAT\r\n");
                final StringBuilder reply = new StringBuilder(2_000_000);
                for (int i = 0; i < 100_000; i++)
                {
                    reply.append("211-line ").append(i).append("\r\n");
                }
                control.server(reply.append("211 End of status\r\n").toString());
            }));
        final Run run = analyze(pcap, new AnalysisOptions(), "10 MB command line, 100,000-line reply");
        assertThat(run.summary.anomalies()).containsKeys("ftp_line_truncated", "ftp_reply_block_bounded");
        assertThat(run.results.verdicts).containsExactly("server/server_abort 426");
        assertThat(run.peakHeap).isLessThan(128 * MB);
    }

    @Test
    void thousandsOfPassiveExpectationsNeverUsed() throws IOException
    {
        final Path pcap = write("expectations.pcap", (sink, clock) ->
        {
            for (int s = 0; s < 5_000; s++)
            {
                final TcpConversation control = new TcpConversation(sink, clock, "198.51.100." + (1 + s % 200),
                    10000 + s, SERVER, 21, s, 1000L * s).handshake();
                control.server("220 ready\r\n").client("USER a\r\n").server("331 pw\r\n").client("PASS b\r\n")
                    .server("230 in\r\n").client("PASV\r\n")
                    .server("227 Entering Passive Mode (203,0,113,10," + (100 + s / 256) + "," + s % 256 + ").\r\n");
            }
            clock.advance(TimeUnit.MINUTES.toNanos(10));
            new TcpConversation(sink, clock, CLIENT, 9999, SERVER, 8080, 1, 1).handshake();
        });
        final FtpTrackerConfig ftp = new FtpTrackerConfig();
        ftp.maxExpectations = 1_000;
        final Run run = analyze(pcap, new AnalysisOptions().ftpConfig(ftp), "5,000 PASV expectations never used");
        assertThat(run.summary.limitsHit().get("ftp_expectations")).isGreaterThan(0L);
        assertThat(run.summary.anomalies().get("ftp_expectation_expired")).isGreaterThan(0L);
        assertThat(run.peakHeap).isLessThan(256 * MB);
    }

    @Test
    void sequenceNumbersWrapMidTransfer() throws IOException
    {
        final Path pcap = write("wrap.pcap", (sink, clock) ->
        {
            // the data connection's ISN 300,000 bytes before 2^32: a completed and an aborted transfer across it
            FtpCaptures.session(sink, clock, 40001, 0xffff_fff0L, 0xffff_ffffL - 300_000, 1_000_000, false, c -> { });
            FtpCaptures.session(sink, clock, 40002, 0xffff_ff00L, 0xffff_ffffL - 300_000, 1_000_000, true, c -> { });
        });
        final Run run = analyze(pcap, new AnalysisOptions(), "sequence numbers wrapping mid-transfer");
        assertThat(run.results.transfers).containsExactly("none", "server/server_abort");
        assertThat(run.summary.anomalies()).doesNotContainKeys("tcp_overlap_conflict", "ftp_control_gap");
    }

    @Test
    void fragmentsThatNeverComplete() throws IOException
    {
        final Path pcap = write("fragments.pcap", (sink, clock) ->
        {
            final byte[] payload = new byte[200];
            for (int i = 0; i < 200_000; i++)
            {
                sink.packet(clock.next(), new PacketBuilder().ipv4("198.51.100." + (1 + i % 200), SERVER)
                    .ipId(i & 0xffff).fragmentId(i).tcp(20000 + i % 1000, 21).payload(payload).fragment(0, 96)
                    .build());
            }
        });
        final Run run = analyze(pcap, new AnalysisOptions().decodeLimits(new DecodeLimits()),
            "200,000 fragments that never complete");
        assertThat(run.summary.limitsHit().get("ip_fragments_dropped_by_limit")).isGreaterThan(100_000L);
        assertThat(run.summary.anomalies().get("ip_fragments_expired")).isGreaterThan(0L);
        assertThat(run.summary.decode().datagramsReassembled()).isZero();
        assertThat(run.peakHeap).isLessThan(128 * MB);
    }

    @Test
    void sameFlowReusedWithNewIsns() throws IOException
    {
        final Path pcap = write("reuse.pcap", (sink, clock) ->
        {
            final Random random = new Random(21);
            for (int i = 0; i < 1_000; i++)
            {
                new TcpConversation(sink, clock, CLIENT, 45000, SERVER, 8080, random.nextInt(), random.nextInt())
                    .handshake().client("GET " + i + "\r\n").server("OK\r\n").close(i % 2 == 0);
            }
            // two FTP sessions on the same control and data 4-tuples, new ISNs: the second one fails
            FtpCaptures.session(sink, clock, 40001, 1_000, 2_000, 50_000, false, c -> { });
            FtpCaptures.session(sink, clock, 40001, 0x8000_0000L, 0x9000_0000L, 50_000, true, c -> { });
        });
        final Run run = analyze(pcap, new AnalysisOptions(), "one 4-tuple reused 1,000 times, new ISNs");
        assertThat(run.summary.tcpFlows()).isGreaterThanOrEqualTo(1_004);
        assertThat(run.results.transfers).containsExactly("none", "server/server_abort");
    }

    @AfterAll
    static void writeTable() throws IOException
    {
        final Path out = Paths.get("target/robustness");
        Files.createDirectories(out);
        Files.write(out.resolve("hostile.tsv"), ROWS);
    }

    private interface Writer
    {
        void write(CaptureSink sink, TcpConversation.Clock clock) throws IOException;
    }

    private Path write(final String name, final Writer writer) throws IOException
    {
        final Path path = dir.resolve(name);
        try (CaptureSink sink = CaptureSink.file(path))
        {
            writer.write(sink, new TcpConversation.Clock(START_NANOS, 1_000_000L));
        }
        return path;
    }

    private static final class Run
    {
        final Results results = new Results();
        FileSummary summary;
        long peakHeap;
    }

    private static Run analyze(final Path pcap, final AnalysisOptions options, final String label) throws IOException
    {
        final Run run = new Run();
        final HeapProbe probe = new HeapProbe(8);
        final long start = System.nanoTime();
        run.summary = new OfflineAnalysis(options.progress(probe)).analyze(pcap, run.results);
        final long millis = (System.nanoTime() - start) / 1_000_000;
        run.peakHeap = probe.peakAboveBaseline();
        assertThat(run.results.summaries).containsExactly(run.summary);
        assertThat(run.summary.complete()).isTrue();
        final String row = String.join("\t", label, Long.toString(run.summary.capture().packets()),
            run.summary.limitsHit().toString(), run.summary.anomalies().toString(),
            (run.peakHeap / MB) + " MiB", millis + " ms", run.results.verdicts.toString());
        ROWS.add(row);
        System.out.println("HOSTILE " + row);
        return run;
    }
}
