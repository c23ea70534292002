package dev.ftp426.cli.command;

import dev.ftp426.capture.live.CaptureStatistics;
import dev.ftp426.capture.live.IdleAwareFrameHandler;
import dev.ftp426.capture.live.LiveCapture;
import dev.ftp426.capture.live.LiveCaptureOptions;
import dev.ftp426.capture.pcap.Interfaces;
import dev.ftp426.capture.pcap.PcapException;
import dev.ftp426.cli.ExitCodes;
import dev.ftp426.cli.HelpOptions;
import dev.ftp426.cli.UserError;
import dev.ftp426.cli.output.OutputFormat;
import dev.ftp426.cli.output.ReportWriter;
import dev.ftp426.cli.output.ReportWriters;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.PacketPipeline;
import dev.ftp426.report.FileSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ftp426 capture}: live capture through libpcap, verdicts printed as they happen. */
@Command(
    name = "capture",
    description = {
        "Capture live from an interface and judge FTP transfers as they fail.",
        "",
        "Flags follow tcpdump. Needs root or CAP_NET_RAW. Ctrl-C or SIGTERM stops cleanly: pending transfers are "
            + "judged, the summary and the capture statistics are printed.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftp426 capture -i eth0",
        "  ftp426 capture -i 1 -c 100000 -w ftp.pcap port 21 or portrange 30000-31000",
        "  ftp426 capture -i eth0 --duration 10m --format jsonl -o verdicts.jsonl",
    })
public final class CaptureCommand implements Callable<Integer>
{
    private static final long STATS_EVERY_NANOS = 10_000_000_000L;
    /** How often a quiet link lets the analysis clock move on. */
    private static final long IDLE_TICK_NANOS = 250_000_000L;
    /**
     * How far behind the wall clock the analysis clock stays when moved without packets: frames still in the kernel
     * buffer (its block timeout is 100 ms) must not arrive after their connection was expired.
     */
    static final long IDLE_CLOCK_MARGIN_NANOS = 2_000_000_000L;

    @CommandLine.Mixin
    HelpOptions helpOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-i", paramLabel = "IFACE", required = true,
        description = "Interface name, or its number from 'ftp426 interfaces'.")
    String iface;

    @Parameters(paramLabel = "FILTER", arity = "0..*", description = "BPF filter expression (pcap-filter(7)).")
    List<String> filterWords = new ArrayList<>();

    @Option(names = {"-f", "--filter"}, paramLabel = "BPF", description = "BPF filter (instead of trailing words).")
    String filter;

    @Option(names = "-F", paramLabel = "FILE", description = "Read the BPF filter from FILE.")
    Path filterFile;

    @Option(names = {"-s", "--snapshot-length"}, paramLabel = "SNAPLEN", defaultValue = "0",
        description = "Bytes kept per packet (default 262144; 0 means the default).")
    int snaplen;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "KiB", defaultValue = "0",
        description = "Kernel capture buffer in KiB, as tcpdump (default: libpcap's).")
    int bufferKiB;

    @Option(names = "-c", paramLabel = "N", defaultValue = "0", description = "Stop after N packets.")
    long count;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after D (e.g. 30s, 10m, 1h, or seconds).")
    String duration;

    @Option(names = "-w", paramLabel = "FILE", description = "Also write the captured packets to FILE (pcap).")
    String writeFile;

    @Option(names = {"-p", "--no-promiscuous-mode"}, description = "Do not put the interface in promiscuous mode.")
    boolean noPromiscuous;

    @Option(names = "--immediate-mode", description = "Deliver packets as soon as they arrive.")
    boolean immediate;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "human",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Option(names = "--flow-memory", paramLabel = "SIZE", defaultValue = "512m", converter = ByteSize.class,
        description = "Memory for TCP connection state, with k, m or g (default: ${DEFAULT-VALUE}). When full, the "
            + "least recently active connections not used by FTP are forgotten first (counted).")
    long flowMemory;

    @Option(names = {"-q", "--quiet"}, description = "No periodic statistics on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws IOException
    {
        final LiveCaptureOptions options = LiveCaptureOptions.forInterface(resolveInterface())
            .filter(filterExpression())
            .snaplen(snaplen)
            .bufferSizeKiB(bufferKiB)
            .packetLimit(count)
            .duration(parseDuration(duration))
            .promiscuous(!noPromiscuous)
            .immediateMode(immediate)
            .nanosecondTimestamps(true);
        if (writeFile != null)
        {
            options.dumpFile(writeFile);
        }
        final PrintStream err = System.err;
        try (LiveCapture capture = open(options);
            OutputStream out = output == null ? StandardOutput.open() : Files.newOutputStream(output);
            ReportWriter writer = ReportWriters.create(format, out))
        {
            // Installed before the first message and kept until the summary is out: a Ctrl-C at any moment only
            // asks for the stop (again), instead of killing the JVM with results unwritten.
            try (Interrupts ignored = Interrupts.install(capture::stop))
            {
                for (final String warning : capture.warnings())
                {
                    err.println("ftp426: warning: " + warning);
                }
                if (!quiet)
                {
                    err.printf("ftp426: listening on %s, link type %d, snapshot length %d bytes%n",
                        options.interfaceName(), capture.linkType(), capture.snaplen());
                }
                final String name = options.interfaceName();
                final ReportWriters.Bridge bridge = new ReportWriters.Bridge(writer, name, true);
                final PacketPipeline pipeline =
                    new PacketPipeline(new AnalysisOptions().memoryBudgetBytes(flowMemory), bridge);
                final CaptureStats stats = CaptureStats.forLiveCapture(name, capture.linkType(), capture.snaplen(),
                    capture.isNanosecondPrecision());
                final FileSummary summary = new FileSummary(name, stats, pipeline.decodeCounters());
                final CaptureStatistics finalStats =
                    capture.run(new CountingHandler(stats, pipeline, capture, err, quiet));
                pipeline.finish(summary);
                summary.captureDrops(finalStats.totalDrops());
                bridge.onSummary(summary);
                writer.flush();
                bridge.rethrowOutputFailure();
                printStatistics(err, finalStats);
            }
            return ExitCodes.OK;
        }
        catch (final PcapException ex)
        {
            throw new UserError(ex.userMessage());
        }
        catch (final IOException ex)
        {
            if (BrokenPipe.is(ex))
            {
                return ExitCodes.OK;
            }
            throw new UserError("cannot write output: " + ex.getMessage());
        }
    }

    private static LiveCapture open(final LiveCaptureOptions options)
    {
        return LiveCapture.open(options);
    }

    private String resolveInterface()
    {
        try
        {
            return Interfaces.resolve(iface);
        }
        catch (final PcapException ex)
        {
            throw new UserError(ex.userMessage());
        }
    }

    private String filterExpression() throws IOException
    {
        if (filterFile != null)
        {
            try
            {
                return Files.readString(filterFile).trim();
            }
            catch (final IOException ex)
            {
                throw new UserError(filterFile + ": cannot read the filter file: " + ex.getMessage());
            }
        }
        if (filter != null)
        {
            return filter;
        }
        return filterWords.isEmpty() ? null : String.join(" ", filterWords);
    }

    static Duration parseDuration(final String text)
    {
        if (text == null)
        {
            return null;
        }
        final String t = text.trim().toLowerCase();
        try
        {
            final char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit))
            {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            final long value = Long.parseLong(t.substring(0, t.length() - 1));
            switch (unit)
            {
                case 's': return Duration.ofSeconds(value);
                case 'm': return Duration.ofMinutes(value);
                case 'h': return Duration.ofHours(value);
                default: break;
            }
        }
        catch (final NumberFormatException | IndexOutOfBoundsException ignored)
        {
            // reported below
        }
        throw new UserError("--duration " + text + ": not a duration (use e.g. 30s, 10m, 1h or seconds)");
    }

    /**
     * tcpdump's lines with tcpdump's meaning: "received by filter" is the kernel's count of packets that passed the
     * filter, those it dropped included ({@code ps_recv}), so that captured + dropped adds up as it does for tcpdump;
     * without kernel statistics it is what libpcap handed over.
     */
    static void printStatistics(final PrintStream err, final CaptureStatistics stats)
    {
        err.printf("%,d packets captured%n", stats.delivered());
        err.printf("%,d packets received by filter%n",
            stats.kernelStatisticsAvailable() ? stats.kernelReceived() : stats.received());
        if (stats.kernelStatisticsAvailable())
        {
            err.printf("%,d packets dropped by kernel%n", stats.kernelDrops());
            err.printf("%,d packets dropped by interface%n", stats.interfaceDrops());
        }
        err.printf("%,d packets dropped by the analysis ring%n", stats.ringDrops());
        err.printf("%,d packets truncated by the snapshot length%n", stats.truncated());
    }

    /**
     * Counts frames for the summary, samples capture drops for the verdicts, prints periodic statistics, and on a
     * quiet link moves the analysis clock with the wall clock, so verdicts come out when due, not at the next packet.
     */
    private static final class CountingHandler implements IdleAwareFrameHandler
    {
        private final CaptureStats stats;
        private final PacketPipeline pipeline;
        private final LiveCapture capture;
        private final PrintStream err;
        private final boolean quiet;
        private long nextSampleNanos = System.nanoTime() + 1_000_000_000L;
        private long nextPrintNanos = System.nanoTime() + STATS_EVERY_NANOS;
        private long nextIdleTickNanos = System.nanoTime() + IDLE_TICK_NANOS;

        CountingHandler(final CaptureStats stats, final PacketPipeline pipeline, final LiveCapture capture,
            final PrintStream err, final boolean quiet)
        {
            this.stats = stats;
            this.pipeline = pipeline;
            this.capture = capture;
            this.err = err;
            this.quiet = quiet;
        }

        @Override
        public void onFrame(final Frame frame)
        {
            stats.count(frame);
            pipeline.onFrame(frame);
            if ((stats.packets() & 1023) == 0)
            {
                final long now = System.nanoTime();
                if (now >= nextSampleNanos)
                {
                    nextSampleNanos = now + 1_000_000_000L;
                    final CaptureStatistics snapshot = capture.statistics();
                    pipeline.dropSample(frame.timestampNanos(), snapshot.totalDrops());
                    if (!quiet && now >= nextPrintNanos)
                    {
                        nextPrintNanos = now + STATS_EVERY_NANOS;
                        err.printf("ftp426: %,d packets received, %,d dropped, %,d verdicts%n",
                            snapshot.received(), snapshot.totalDrops(), pipeline.verdicts());
                    }
                }
            }
        }

        @Override
        public void onIdle()
        {
            final long now = System.nanoTime();
            if (now >= nextIdleTickNanos)
            {
                nextIdleTickNanos = now + IDLE_TICK_NANOS;
                pipeline.advanceTime(System.currentTimeMillis() * 1_000_000L - IDLE_CLOCK_MARGIN_NANOS);
            }
        }
    }
}
