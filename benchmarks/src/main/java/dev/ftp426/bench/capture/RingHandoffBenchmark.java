package dev.ftp426.bench.capture;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import dev.ftp426.capture.live.FrameRing;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of handing one frame from the capture thread to a worker through a {@link FrameRing}: the claim, the header,
 * the single copy from an off-heap source (as from libpcap's buffer), the commit, the read and the {@link Frame}
 * re-wrap, on one thread (no cross-core traffic). Frames/s = ops/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class RingHandoffBenchmark
{
    private static final int BATCH = 64;

    @Param({"64", "512", "1514"})
    public int frameSize;

    private FrameRing ring;
    private UnsafeBuffer source;
    private FrameHandler handler;
    private long sum;

    @Setup
    public void setup()
    {
        ring = new FrameRing(16 * 1024 * 1024);
        source = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
        for (int i = 0; i < source.capacity(); i++)
        {
            source.putByte(i, (byte)i);
        }
        handler = this::onFrame;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long offerThenPoll(final Blackhole blackhole)
    {
        for (int i = 0; i < BATCH; i++)
        {
            blackhole.consume(ring.offer(source, 0, frameSize, frameSize, i, LinkType.ETHERNET, i));
        }
        ring.poll(handler, BATCH);
        return sum;
    }

    private void onFrame(final Frame frame)
    {
        sum += frame.buffer().getByte(frame.capturedLength() - 1) + frame.timestampNanos();
    }
}
