package dev.ftp426.bench.capture;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.ftp426.capture.live.FrameRing;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pcap.LinkType;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Unloaded one-way handoff latency: the producer stamps {@link System#nanoTime()} into the frame's time stamp and
 * offers only when the ring is empty, the consumer records (now - stamp) in an HdrHistogram. The percentiles are
 * printed at the end of the trial (the JMH score itself is just the polling rate).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class RingLatencyBenchmark implements FrameHandler
{
    @Param({"64", "512", "1514"})
    public int frameSize;

    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
    private FrameRing ring;
    private UnsafeBuffer source;
    private volatile boolean recording;

    @Setup(Level.Trial)
    public void setup()
    {
        ring = new FrameRing(1024 * 1024);
        source = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    }

    @Setup(Level.Iteration)
    public void startIteration(final IterationParams iteration)
    {
        recording = IterationType.MEASUREMENT == iteration.getType();
    }

    @TearDown(Level.Trial)
    public void report()
    {
        System.out.printf("%nring handoff latency, %d-byte frames, %d samples: p50=%dns p90=%dns p99=%dns " +
            "p99.9=%dns p99.99=%dns max=%dns%n",
            frameSize, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
            histogram.getValueAtPercentile(99.99), histogram.getMaxValue());
    }

    @Benchmark
    @Group("unloaded")
    @GroupThreads(1)
    public boolean producer()
    {
        if (0 != ring.size())
        {
            Thread.onSpinWait();
            return false;
        }
        return ring.offer(source, 0, frameSize, frameSize, System.nanoTime(), LinkType.ETHERNET, 0);
    }

    @Benchmark
    @Group("unloaded")
    @GroupThreads(1)
    public int consumer()
    {
        return ring.poll(this, 16);
    }

    public void onFrame(final Frame frame)
    {
        final long latency = System.nanoTime() - frame.timestampNanos();
        if (recording)
        {
            histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
        }
    }
}
