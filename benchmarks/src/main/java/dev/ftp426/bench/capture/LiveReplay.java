package dev.ftp426.bench.capture;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

import dev.ftp426.capture.live.BackPressure;
import dev.ftp426.capture.live.CaptureStatistics;
import dev.ftp426.capture.live.LiveCapture;
import dev.ftp426.capture.live.LiveCaptureOptions;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pipeline.PacketPipeline;

/**
 * Live capture end to end on one replayed file, without a network: {@link LiveCapture} over a libpcap savefile
 * handle ({@link LiveCaptureOptions#forFile}, the same {@code pcap_next_ex} loop, ring and worker as an interface),
 * the analysis thread running the {@link PacketPipeline} as {@code ftp426 capture} does. Prints, per thread, the CPU
 * time and heap allocated per packet (so "packets/s on one core" = 10^9 / CPU ns per packet, whatever else the
 * machine runs), the wall-clock rate, and the ring drops.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.ftp426.bench.capture.LiveReplay --pcap FILE [--passes 6] [--handler pipeline|noop] [--drop] [--ring MiB]
 *     [--inline]
 * </pre>
 * {@code --handler noop} counts frames only (the ring read without analysis); {@code --drop} replays with live
 * back-pressure (a full ring drops the frame) instead of waiting for room. The first pass is warm-up and left out of
 * the totals. {@code --ring} sets the ring's capacity (default 16 MiB, as {@code ftp426 capture}); {@code --inline}
 * captures and analyses on one thread ({@link LiveCaptureOptions#inline(boolean)}), without ring.
 */
public final class LiveReplay
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private LiveReplay()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        Path file = null;
        int passes = 6;
        boolean analyse = true;
        boolean drop = false;
        int ringMiB = 0;
        boolean inline = false;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--pcap" -> file = Path.of(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--handler" -> analyse = "pipeline".equals(args[++i]);
                case "--drop" -> drop = true;
                case "--ring" -> ringMiB = Integer.parseInt(args[++i]);
                case "--inline" -> inline = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (null == file)
        {
            throw new IllegalArgumentException("--pcap FILE is required");
        }

        final Totals totals = new Totals();
        for (int pass = 0; pass < passes; pass++)
        {
            final Totals one = replay(file, analyse, drop, ringMiB, inline);
            System.out.println(one.format(0 == pass ? "warm-up" : "pass " + pass));
            if (pass > 0)
            {
                totals.add(one);
            }
        }
        System.out.println(totals.format("total"));
    }

    private static Totals replay(
        final Path file, final boolean analyse, final boolean drop, final int ringMiB, final boolean inline)
        throws Exception
    {
        final Totals totals = new Totals();
        totals.inline = inline;
        final LiveCaptureOptions options = LiveCaptureOptions.forFile(file)
            .backPressure(drop ? BackPressure.DROP : BackPressure.WAIT).inline(inline);
        if (ringMiB > 0)
        {
            options.ringCapacityBytes(ringMiB * 1024 * 1024);
        }
        try (LiveCapture capture = LiveCapture.open(options))
        {
            final FrameHandler handler = analyse ? new CaptureAnalysisHandler(capture.linkType(), capture.snaplen(),
                () -> capture.statistics().totalDrops()) : new CountingHandler();
            final ThreadSampler sampler = new ThreadSampler("ftp426-capture");
            sampler.start();
            final long self = Thread.currentThread().getId();
            final long cpu0 = THREADS.getThreadCpuTime(self);
            final long bytes0 = THREADS.getThreadAllocatedBytes(self);
            final long wall0 = System.nanoTime();
            final CaptureStatistics statistics = capture.run(handler);
            totals.wallNanos = System.nanoTime() - wall0;
            totals.analysisCpuNanos = THREADS.getThreadCpuTime(self) - cpu0;
            totals.analysisBytes = THREADS.getThreadAllocatedBytes(self) - bytes0;
            sampler.finish();
            totals.captureCpuNanos = sampler.cpuNanos;
            totals.captureBytes = sampler.allocatedBytes;
            totals.packets = statistics.delivered();
            totals.received = statistics.received();
            totals.ringDrops = statistics.ringDrops();
            if (handler instanceof CaptureAnalysisHandler)
            {
                totals.transfers = ((CaptureAnalysisHandler)handler).finish();
            }
        }
        return totals;
    }

    /** Samples one thread's CPU time and allocation until it ends (the last sample is at most 1 ms old). */
    static final class ThreadSampler extends Thread
    {
        private final String name;
        private volatile boolean done;
        volatile long cpuNanos;
        volatile long allocatedBytes;

        ThreadSampler(final String name)
        {
            super("sampler");
            setDaemon(true);
            this.name = name;
        }

        public void run()
        {
            long id = -1;
            while (!done)
            {
                if (id < 0)
                {
                    for (final Thread thread : Thread.getAllStackTraces().keySet())
                    {
                        if (name.equals(thread.getName()))
                        {
                            id = thread.getId();
                        }
                    }
                }
                if (id >= 0)
                {
                    final long cpu = THREADS.getThreadCpuTime(id);
                    final long bytes = THREADS.getThreadAllocatedBytes(id);
                    if (cpu > 0)
                    {
                        cpuNanos = cpu;
                    }
                    if (bytes > 0)
                    {
                        allocatedBytes = bytes;
                    }
                }
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }

        void finish() throws InterruptedException
        {
            done = true;
            join();
        }
    }

    /** Counts frames only: the ring read and the hand-over, without analysis. */
    static final class CountingHandler implements FrameHandler
    {
        long frames;
        long bytes;

        public void onFrame(final Frame frame)
        {
            frames++;
            bytes += frame.capturedLength();
        }
    }

    /** One replay's, or several replays', counts and costs. */
    static final class Totals
    {
        long packets;
        long received;
        long ringDrops;
        long transfers;
        long wallNanos;
        long captureCpuNanos;
        long analysisCpuNanos;
        long captureBytes;
        long analysisBytes;
        boolean inline;

        void add(final Totals other)
        {
            inline = other.inline;
            packets += other.packets;
            received += other.received;
            ringDrops += other.ringDrops;
            transfers += other.transfers;
            wallNanos += other.wallNanos;
            captureCpuNanos += other.captureCpuNanos;
            analysisCpuNanos += other.analysisCpuNanos;
            captureBytes += other.captureBytes;
            analysisBytes += other.analysisBytes;
        }

        String format(final String label)
        {
            if (inline)
            {
                final double perPacket = (double)analysisCpuNanos / Math.max(1, packets);
                return String.format(Locale.ROOT,
                    "%-8s packets=%,d transfers=%,d | inline, one thread: %.1f ns/packet CPU (%,.0f packets per " +
                    "CPU-second), %.2f B/packet | wall %,.0f packets/s",
                    label, packets, transfers, perPacket, 1e9 / perPacket, (double)analysisBytes / Math.max(1, packets),
                    packets * 1e9 / wallNanos);
            }
            final double capturePerPacket = (double)captureCpuNanos / received;
            final double analysisPerPacket = (double)analysisCpuNanos / Math.max(1, packets);
            return String.format(Locale.ROOT,
                "%-8s packets=%,d ring_drops=%,d transfers=%,d | capture thread %.1f ns/packet CPU (%,.0f packets " +
                "per CPU-second), %.2f B/packet | analysis thread %.1f ns/packet CPU (%,.0f packets per CPU-second)" +
                ", %.2f B/packet | wall %,.0f packets/s",
                label, packets, ringDrops, transfers,
                capturePerPacket, 1e9 / capturePerPacket, (double)captureBytes / received,
                analysisPerPacket, 1e9 / analysisPerPacket, (double)analysisBytes / Math.max(1, packets),
                packets * 1e9 / wallNanos);
        }
    }
}
