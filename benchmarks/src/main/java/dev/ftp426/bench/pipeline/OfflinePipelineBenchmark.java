package dev.ftp426.bench.pipeline;

import dev.ftp426.bench.gen.CaptureGenerator;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The whole offline pipeline (read, decode, TCP, FTP, verdicts) on a generated capture held in memory: one operation
 * is one packet, so {@code -prof gc}'s {@code gc.alloc.rate.norm} is the heap allocated per packet, including the
 * per-capture set-up (flow table, rings) and the per-transfer records spread over the packets.
 * <p>
 * {@code java -jar benchmarks/target/benchmarks.jar OfflinePipelineBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g"})
public class OfflinePipelineBenchmark
{
    /** Packets analysed per invocation: the generated capture is cut to exactly this many. */
    static final int PACKETS = 200_000;

    /** Bulk TCP flows open at once in the generated capture (FTP sessions are mixed in). */
    @Param({"1000", "20000"})
    public int concurrentFlows;

    @Param({"1", "2"})
    public int workers;

    private byte[] capture;
    private AnalysisOptions options;
    private final CountingListener listener = new CountingListener();

    @Setup(Level.Trial)
    public void generate() throws IOException
    {
        final Path dir = Files.createTempDirectory("ftp426-jmh");
        final Path file = dir.resolve("capture.pcap");
        CaptureGenerator.generate("--out", file.toString(), "--packets", Integer.toString(PACKETS + PACKETS / 4),
            "--seed", "3", "--concurrent-flows", Integer.toString(concurrentFlows), "--ftp-sessions", "40",
            "--ftp-file-bytes", "64k", "--reorder", "0.001", "--retransmit", "0.001", "--loss", "0.001");
        capture = Files.readAllBytes(file);
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling("capture.pcap.truth.jsonl"));
        Files.deleteIfExists(dir);
        options = new AnalysisOptions().maxPackets(PACKETS).workers(workers);
    }

    @TearDown(Level.Trial)
    public void check()
    {
        if (listener.packets != PACKETS || listener.transfers == 0)
        {
            throw new IllegalStateException("analysed " + listener.packets + " packets, " + listener.transfers +
                " transfers");
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long analyse() throws IOException
    {
        final FileSummary summary = new OfflineAnalysis(options).analyze(new ByteArrayInputStream(capture),
            "capture.pcap", listener);
        return summary.tcpFlows();
    }

    /** Counts what the pipeline reports, so nothing is dead code. */
    static final class CountingListener implements AnalysisListener
    {
        long transfers;
        long verdicts;
        long packets;

        @Override
        public void onTransfer(final TransferReport report)
        {
            transfers++;
            if (report.hasVerdict())
            {
                verdicts++;
            }
        }

        @Override
        public void onSummary(final FileSummary summary)
        {
            packets = summary.capture().packets();
        }
    }
}
