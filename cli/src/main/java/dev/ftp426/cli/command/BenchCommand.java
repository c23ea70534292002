package dev.ftp426.cli.command;

import dev.ftp426.cli.HelpOptions;
import dev.ftp426.cli.UserError;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.pcap.BadCaptureException;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ftp426 bench}: times the whole offline pipeline on one capture and prints throughput and memory, so a user
 * can see what this machine sustains before sizing a job. Records are counted, not written.
 */
@Command(
    name = "bench",
    description = {
        "Measure the analysis on this machine: MB/s, packets/s, flows/s, peak heap and resident memory.",
        "",
        "Runs the whole pipeline (read, decode, TCP, FTP, verdicts) on FILE without writing records. Make a large "
            + "synthetic capture with 'benchmarks/bench.sh --keep' or the generator in the benchmarks module.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftp426 bench capture.pcap",
        "  ftp426 bench capture.pcap --workers 2 --repeat 3",
        "  ftp426 bench capture.pcap --stages --tshark",
    })
public final class BenchCommand implements Callable<Integer>
{
    static final String GENERATE_HINT = "give a capture file; to make one: java -cp benchmarks/target/benchmarks.jar "
        + "dev.ftp426.bench.gen.CaptureGenerator --out /tmp/bench.pcap --size 512m (or benchmarks/bench.sh --keep)";

    @CommandLine.Mixin
    HelpOptions helpOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Capture to analyse (pcap or pcapng, gzip too).")
    Path file;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
        description = "Analysis threads (default: ${DEFAULT-VALUE}); each needs a free core to pay off.")
    int workers;

    @Option(names = "--flow-memory", paramLabel = "SIZE", defaultValue = "512m", converter = ByteSize.class,
        description = "Memory for TCP connection state, per worker, with k, m or g (default: ${DEFAULT-VALUE}).")
    long flowMemory;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
        description = "Runs of the whole pipeline; each is printed, then the best and the median (default: "
            + "${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--stages", description = "Also time reading alone and reading with decoding, to show where the "
        + "time goes.")
    boolean stages;

    @Option(names = "--tshark", description = "Also time tshark with a 426 display filter on the same file, when "
        + "tshark is installed.")
    boolean tshark;

    @Override
    public Integer call() throws IOException
    {
        if (file == null)
        {
            throw new UserError("no capture given: " + GENERATE_HINT);
        }
        if (!Files.isRegularFile(file))
        {
            throw new UserError(file + ": no such file");
        }
        if (workers < 1 || repeat < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers and --repeat must be at least 1");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final long bytes = Files.size(file);
        final double startupMillis = (System.currentTimeMillis() -
            ManagementFactory.getRuntimeMXBean().getStartTime());
        out.printf(Locale.ROOT, "file %s: %.1f MB, %d workers, %d cores, max heap %d MB, JVM start-up %.0f ms%n",
            file, bytes / 1e6, workers, Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().maxMemory() >> 20, startupMillis);

        try
        {
            if (stages)
            {
                final long readNanos = timeRead(file, false);
                final long decodeNanos = timeRead(file, true);
                out.printf(Locale.ROOT, "stage read only          %8.3f s %9.1f MB/s%n", readNanos / 1e9,
                    bytes * 1e3 / Math.max(readNanos, 1));
                out.printf(Locale.ROOT, "stage read + decode      %8.3f s %9.1f MB/s%n", decodeNanos / 1e9,
                    bytes * 1e3 / Math.max(decodeNanos, 1));
            }
            final double[] seconds = new double[repeat];
            Run last = null;
            for (int i = 0; i < repeat; i++)
            {
                last = timeAnalysis(file, workers, flowMemory);
                seconds[i] = last.nanos / 1e9;
                out.printf(Locale.ROOT, "run %d  %8.3f s %9.1f MB/s %11.0f packets/s %10.0f flows/s  cpu %.3f s " +
                    "(%d packets, %d tcp flows, %d transfers, %d verdicts)%n", i + 1, seconds[i],
                    bytes / 1e6 / seconds[i], last.packets / seconds[i], last.flows / seconds[i],
                    last.cpuNanos / 1e9, last.packets, last.flows, last.transfers, last.verdicts);
            }
            final double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            final double best = sorted[0];
            final double median = sorted[sorted.length / 2];
            out.printf(Locale.ROOT, "best   %8.3f s %9.1f MB/s %11.0f packets/s %10.0f flows/s%n", best,
                bytes / 1e6 / best, last.packets / best, last.flows / best);
            out.printf(Locale.ROOT, "median %8.3f s %9.1f MB/s %11.0f packets/s%n", median, bytes / 1e6 / median,
                last.packets / median);
            out.printf(Locale.ROOT, "memory peak heap %d MB (sum of the heap pools' peaks), peak RSS %s%n",
                peakHeapBytes() >> 20, procStatus("VmHWM"));
            if (!last.limitsHit.isEmpty())
            {
                out.println("limits hit " + last.limitsHit);
            }
            if (tshark)
            {
                runTshark(out, bytes, best);
            }
        }
        catch (final BadCaptureException ex)
        {
            throw new UserError(file + ": " + ex.getMessage());
        }
        out.flush();
        return 0;
    }

    /** One timed run of the whole pipeline. */
    private record Run(long nanos, long cpuNanos, long packets, long flows, long transfers, long verdicts,
        Map<String, Long> limitsHit)
    {
    }

    private static Run timeAnalysis(final Path file, final int workers, final long flowMemory) throws IOException
    {
        final long[] counts = new long[2];
        final FileSummary[] summary = new FileSummary[1];
        final AnalysisListener listener = new AnalysisListener()
        {
            @Override
            public void onTransfer(final TransferReport report)
            {
                counts[0]++;
                if (report.hasVerdict())
                {
                    counts[1]++;
                }
            }

            @Override
            public void onSummary(final FileSummary s)
            {
                summary[0] = s;
            }
        };
        final long cpuStart = processCpuNanos();
        final long start = System.nanoTime();
        new OfflineAnalysis(new AnalysisOptions().workers(workers).memoryBudgetBytes(flowMemory))
            .analyze(file, listener);
        final long nanos = System.nanoTime() - start;
        final long cpuNanos = processCpuNanos() - cpuStart;
        final FileSummary s = summary[0];
        return new Run(nanos, cpuNanos, s.capture().packets(), s.tcpFlows(), counts[0], counts[1], s.limitsHit());
    }

    private static long timeRead(final Path file, final boolean decode) throws IOException
    {
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = new DecodedPacket();
        final long[] sink = new long[1];
        final long start = System.nanoTime();
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            reader.readAll(frame ->
            {
                if (decode)
                {
                    if (decoder.decode(frame, packet))
                    {
                        sink[0] += packet.timestampNanos();
                    }
                }
                else
                {
                    sink[0] += frame.capturedLength();
                }
            });
        }
        return System.nanoTime() - start + (sink[0] == 42 ? 1 : 0);
    }

    /** CPU time of the whole process (all threads, GC and JIT included), or 0 when the JVM does not say. */
    private static long processCpuNanos()
    {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return ((com.sun.management.OperatingSystemMXBean)os).getProcessCpuTime();
        }
        return 0;
    }

    private static long peakHeapBytes()
    {
        long peak = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
        {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null)
            {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** A line of /proc/self/status (Linux), e.g. "VmHWM" is the peak resident set size; "-" elsewhere. */
    static String procStatus(final String key)
    {
        try
        {
            for (final String line : Files.readAllLines(Paths.get("/proc/self/status")))
            {
                if (line.startsWith(key + ":"))
                {
                    final String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                    return parts.length == 2 && "kB".equals(parts[1]) ?
                        (Long.parseLong(parts[0]) >> 10) + " MB" : line.substring(key.length() + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return "-";
        }
        return "-";
    }

    private void runTshark(final PrintWriter out, final long bytes, final double ftp426Seconds)
    {
        final Path tsharkPath = findTshark();
        if (tsharkPath == null)
        {
            out.println("tshark: not installed (not on PATH)");
            return;
        }
        final List<String> command = new ArrayList<>(List.of(tsharkPath.toString(), "-r", file.toString(), "-Y",
            "ftp.response.code == 426"));
        try
        {
            final long start = System.nanoTime();
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(1, TimeUnit.HOURS))
            {
                process.destroyForcibly();
                out.println("tshark: gave up after an hour");
                return;
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "tshark %8.3f s %9.1f MB/s (exit %d); ftp426 is %.1fx faster%n", seconds,
                bytes / 1e6 / seconds, process.exitValue(), seconds / ftp426Seconds);
        }
        catch (final IOException ex)
        {
            out.println("tshark: could not run: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static Path findTshark()
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return null;
        }
        for (final String dir : path.split(java.io.File.pathSeparator))
        {
            final Path candidate = Paths.get(dir, "tshark");
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
