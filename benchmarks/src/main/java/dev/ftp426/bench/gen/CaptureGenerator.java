package dev.ftp426.bench.gen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic capture generator for performance benchmarks and large accuracy tests: many interleaved
 * bulk TCP flows (flat-array state, scheduled by next send time) with scripted FTP sessions mixed in, some of which
 * fail in one of six ways whose truth is written to {@code <out>.truth.jsonl}. The same seed and options always give
 * the same bytes. Run with {@code --help} for the options.
 */
public final class CaptureGenerator
{
    /** Capture stamps start at 2026-01-01T00:00:00Z. */
    static final long EPOCH_SECONDS = 1_767_225_600L;
    private static final int BUFFER_BYTES = 8 << 20;

    private final GeneratorOptions options;

    /** What one run wrote. */
    public static final class Result
    {
        public final long frames;
        public final long fileBytes;
        public final long bulkFlows;
        public final long ftpTransfers;
        public final long failedTransfers;
        public final double seconds;

        Result(final long frames, final long fileBytes, final long bulkFlows, final long ftpTransfers,
            final long failedTransfers, final double seconds)
        {
            this.frames = frames;
            this.fileBytes = fileBytes;
            this.bulkFlows = bulkFlows;
            this.ftpTransfers = ftpTransfers;
            this.failedTransfers = failedTransfers;
            this.seconds = seconds;
        }
    }

    CaptureGenerator(final GeneratorOptions options)
    {
        this.options = options;
    }

    public static void main(final String[] args) throws IOException
    {
        final GeneratorOptions options;
        try
        {
            options = GeneratorOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.err.println(GeneratorOptions.HELP);
            System.exit(2);
            return;
        }
        if (options.help)
        {
            System.out.println(GeneratorOptions.HELP);
            return;
        }
        final Result r = new CaptureGenerator(options).run();
        final PrintStream out = System.out;
        out.printf("frames=%d bytes=%d bulk_flows=%d ftp_transfers=%d failed=%d seconds=%.3f MB/s=%.1f%n",
            r.frames, r.fileBytes, r.bulkFlows, r.ftpTransfers, r.failedTransfers, r.seconds,
            r.fileBytes / 1e6 / Math.max(r.seconds, 1e-9));
    }

    /** Generates with the given command-line arguments (for tests and tools). */
    public static Result generate(final String... args) throws IOException
    {
        return new CaptureGenerator(GeneratorOptions.parse(args)).run();
    }

    static Path truthPath(final Path capture)
    {
        return capture.resolveSibling(capture.getFileName() + ".truth.jsonl");
    }

    Result run() throws IOException
    {
        final long startNanos = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(options.seed);
        final Hosts hosts = new Hosts(random.split());
        final PayloadBlock block = new PayloadBlock(random.split());
        final ClientPorts ports = new ClientPorts();
        final int concurrent = options.concurrentFlows;
        final boolean bySize = options.sizeBytes > 0;
        final long target = bySize ? options.sizeBytes : options.packets > 0 ? options.packets : Long.MAX_VALUE;
        final long totalFlows = options.totalFlows >= 0 ? options.totalFlows : Long.MAX_VALUE;
        // FTP sessions outlast the bulk traffic around them, so leave room for their bytes: start them over the
        // first 85 % of what the target leaves after them, and stop bulk flows early enough for the open ones
        final double unitBytes = bySize ? 1.0 : 1000.0;
        final double ftpBytes = options.ftpSessions * (options.ftpFileBytes * 1.1 + 4000.0) / unitBytes;
        final double ftpSpan = 0.85 * Math.max(0.0, (target != Long.MAX_VALUE ? target :
            Math.max(1.0, (double)options.totalFlows * options.flowBytes * 1.05)) - ftpBytes);

        long flowsStarted = 0;
        long failed = 0;
        try (CaptureSink sink = new CaptureSink(options.out, options.format, BUFFER_BYTES, EPOCH_SECONDS);
            TruthLog truth = new TruthLog(truthPath(options.out)))
        {
            final PacketBuilder builder = new PacketBuilder(sink, hosts, block);
            final BulkFlows flows = new BulkFlows(concurrent, builder, hosts, random, ports, options);
            final EventQueue queue = new EventQueue(concurrent + 64);
            final FtpSession[] sessions = new FtpSession[options.ftpSessions];
            final long gap = flows.meanGapNs();
            for (int slot = 0; slot < concurrent && flowsStarted < totalFlows; slot++)
            {
                flows.open(slot);
                flowsStarted++;
                queue.add(random.nextLong(gap), slot);
            }
            int nextSession = 0;
            int activeSessions = 0;
            long activeFlows = flowsStarted;
            boolean draining = false;
            long now = 0;
            long events = 0;
            while (true)
            {
                if (nextSession < sessions.length &&
                    (draining || activeFlows == 0 || progress(sink, bySize) >= ftpSpan * nextSession / sessions.length))
                {
                    final FailureCause cause = causeOf(nextSession, options.failFraction);
                    sessions[nextSession] =
                        new FtpSession(nextSession + 1, cause, options, builder, hosts, random, ports, truth);
                    if (cause != FailureCause.NONE)
                    {
                        failed++;
                    }
                    queue.add(now, concurrent + nextSession);
                    nextSession++;
                    activeSessions++;
                    continue;
                }
                if (queue.size() == 0)
                {
                    break;
                }
                now = queue.peekTime();
                final int id = queue.peekId();
                queue.poll();
                if (id < concurrent)
                {
                    if (draining)
                    {
                        continue;
                    }
                    final long next = flows.step(id, now);
                    if (next >= 0)
                    {
                        queue.add(next, id);
                    }
                    else if (flowsStarted < totalFlows)
                    {
                        flows.open(id);
                        flowsStarted++;
                        queue.add(now + random.nextLong(gap / 4 + 1), id);
                    }
                    else
                    {
                        activeFlows--;
                    }
                }
                else
                {
                    final FtpSession session = sessions[id - concurrent];
                    final long next = session.step(now);
                    if (next >= 0)
                    {
                        queue.add(next, id);
                    }
                    else
                    {
                        sessions[id - concurrent] = null;
                        activeSessions--;
                    }
                }
                if (!draining && (++events & 1023) == 0 && target != Long.MAX_VALUE)
                {
                    long remaining = 0;
                    for (int i = 0; i < nextSession; i++)
                    {
                        remaining += sessions[i] != null ? sessions[i].remainingBytes() : 0;
                    }
                    if (progress(sink, bySize) + remaining / unitBytes >= target)
                    {
                        draining = true;
                    }
                }
                if (draining && activeSessions == 0 && nextSession == sessions.length)
                {
                    break;
                }
            }
            sink.close();
            final double seconds = (System.nanoTime() - startNanos) / 1e9;
            return new Result(sink.frames(), sink.fileBytes(), flowsStarted, truth.lines(), failed, seconds);
        }
    }

    private static long progress(final CaptureSink sink, final boolean bySize)
    {
        return bySize ? sink.fileBytes() : sink.frames();
    }

    /** Failures are spread evenly: transfer i fails when the running share of failures falls below the fraction. */
    static FailureCause causeOf(final int index, final double failFraction)
    {
        final long failuresBefore = (long)Math.floor(index * failFraction);
        final long failuresAfter = (long)Math.floor((index + 1) * failFraction);
        if (failuresAfter == failuresBefore)
        {
            return FailureCause.NONE;
        }
        return FailureCause.FAILURES[(int)(failuresBefore % FailureCause.FAILURES.length)];
    }
}
