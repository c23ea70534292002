package dev.ftp426.bench.capture;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.ftp426.capture.live.FrameRing;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Saturated handoff across two threads: a producer offering as fast as it can (counting refusals, as the capture
 * thread counts ring drops) and a consumer draining. The consumer's {@code frames} counter is the delivered rate;
 * {@code full} is the rate of refused offers (what live capture would drop at that offered load).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class RingThroughputBenchmark
{
    @Param({"64", "512", "1514"})
    public int frameSize;

    private FrameRing ring;
    private UnsafeBuffer source;

    /** Producer-side counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ProducerCounters
    {
        public long offered;
        public long full;

        @Setup(Level.Iteration)
        public void reset()
        {
            offered = 0;
            full = 0;
        }
    }

    /** Consumer-side counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ConsumerCounters implements FrameHandler
    {
        public long frames;
        public long checksum;

        @Setup(Level.Iteration)
        public void reset()
        {
            frames = 0;
        }

        public void onFrame(final Frame frame)
        {
            frames++;
            checksum += frame.capturedLength();
        }
    }

    @Setup
    public void setup()
    {
        ring = new FrameRing(16 * 1024 * 1024);
        source = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    }

    @Benchmark
    @Group("saturated")
    @GroupThreads(1)
    public boolean producer(final ProducerCounters counters)
    {
        final boolean offered = ring.offer(source, 0, frameSize, frameSize, 0, LinkType.ETHERNET, counters.offered);
        if (offered)
        {
            counters.offered++;
        }
        else
        {
            counters.full++;
        }
        return offered;
    }

    @Benchmark
    @Group("saturated")
    @GroupThreads(1)
    public int consumer(final ConsumerCounters counters)
    {
        return ring.poll(counters, 256);
    }
}
