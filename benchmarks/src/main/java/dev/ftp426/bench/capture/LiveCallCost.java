package dev.ftp426.bench.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@link LivePcapCallBenchmark}'s operations timed in thread CPU time rather than wall time, so that a shared, busy
 * machine still gives the cost per packet (JMH's wall-clock scores grow with the load). Each operation runs
 * {@code --calls} times per round after three warm-up rounds; prints the fastest and the median round.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.ftp426.bench.capture.LiveCallCost [--pcap FILE] [--calls 1000000] [--rounds 7]
 * </pre>
 */
public final class LiveCallCost
{
    private LiveCallCost()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final LivePcapCallBenchmark benchmark = new LivePcapCallBenchmark();
        benchmark.capture = "";
        int calls = 1_000_000;
        int rounds = 7;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--pcap" -> benchmark.capture = args[++i];
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }

        benchmark.setup();
        try
        {
            time("jnrTrivialCall", benchmark::jnrTrivialCall, calls, rounds);
            time("nextEx", benchmark::nextEx, calls, rounds);
            time("nextExHeader", benchmark::nextExHeader, calls, rounds);
            time("captureStep", benchmark::captureStep, calls, rounds);
            time("ringStep", benchmark::ringStep, calls, rounds);
        }
        finally
        {
            benchmark.tearDown();
        }
    }

    private static void time(final String name, final LongSupplier operation, final int calls, final int rounds)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < calls; i++)
            {
                sink += operation.getAsLong();
            }
        }
        final double[] nanos = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++)
            {
                sink += operation.getAsLong();
            }
            nanos[round] = (double)(threads.getCurrentThreadCpuTime() - start) / calls;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-16s min %7.1f  median %7.1f ns/packet CPU  (%,.0f packets per CPU-second)" +
            "  [%d]%n", name, nanos[0], nanos[rounds / 2], 1e9 / nanos[rounds / 2], sink & 1);
    }
}
