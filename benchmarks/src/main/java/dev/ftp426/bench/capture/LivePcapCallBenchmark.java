package dev.ftp426.bench.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.ftp426.bench.gen.CaptureGenerator;
import dev.ftp426.capture.live.FrameRing;
import dev.ftp426.capture.pcap.PcapHandle;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * The capture thread's per-packet work, one operation per packet, on a libpcap savefile handle
 * ({@code pcap_open_offline}, the same {@code pcap_next_ex} as a live handle) over a generated capture
 * ({@code CaptureGenerator --size 64m --seed 1}: 66,785 frames, 975 bytes on average; reopened at end of file):
 * <ul>
 *   <li>{@code jnrTrivialCall}: {@code pcap_datalink}, the JNR-FFI call alone (nothing done in C);</li>
 *   <li>{@code nextEx}: {@code pcap_next_ex} alone, libpcap's savefile read (an {@code fread} copy) included;</li>
 *   <li>{@code nextExHeader}: plus the header reads (lengths, time stamp, data address) the capture thread does;</li>
 *   <li>{@code captureStep}: what {@code CaptureLoop} does per packet: the above, the copy into a 16 MiB
 *       {@link FrameRing} and the published counters. When the ring is full, a no-op consumer drains it on the same
 *       thread, so the consumer's ring read (record header, {@link Frame} wrap, zeroing) is included, amortised.</li>
 * </ul>
 * Compare with {@code benchmarks/c/pcap_next_ex.c}, the same loop in C. The file is page-cached; a live
 * (TPACKET_V3) handle does not copy in {@code pcap_next_ex}, so live calls cost less than these savefile ones.
 * <p>
 * {@code java -jar benchmarks/target/benchmarks.jar LivePcapCallBenchmark -prof gc [-p capture=FILE]}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class LivePcapCallBenchmark
{
    /** Capture file to read; empty generates {@code --size 64m --seed 1} into a temporary directory. */
    @Param("")
    public String capture;

    private Path file;
    private Path generatedDir;
    private PcapHandle pcap;
    private PcapHandle dead;
    private FrameRing ring;
    private int linkType;
    private long received;
    private long capturedBytes;
    private final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
    private final AtomicLong receivedCounter = new AtomicLong();
    private final AtomicLong capturedBytesCounter = new AtomicLong();
    private final FrameHandler drain = LivePcapCallBenchmark::ignore;

    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        if (capture.isEmpty())
        {
            generatedDir = Files.createTempDirectory("ftp426-live-bench");
            file = generatedDir.resolve("capture.pcap");
            CaptureGenerator.generate("--out", file.toString(), "--size", "64m", "--seed", "1");
        }
        else
        {
            file = Path.of(capture);
        }
        pcap = PcapHandle.openOffline(file, true);
        linkType = pcap.linkType();
        dead = PcapHandle.openDead(LinkType.ETHERNET, 65535, false);
        ring = new FrameRing(16 * 1024 * 1024);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        pcap.close();
        dead.close();
        if (null != generatedDir)
        {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling("capture.pcap.truth.jsonl"));
            Files.deleteIfExists(generatedDir);
        }
    }

    @Benchmark
    public long jnrTrivialCall()
    {
        return dead.dataLinkType();
    }

    @Benchmark
    public long nextEx()
    {
        return next();
    }

    @Benchmark
    public long nextExHeader()
    {
        next();
        return pcap.capturedLength() + pcap.originalLength() + pcap.timestampNanos() + pcap.dataAddress();
    }

    @Benchmark
    public long captureStep()
    {
        next();
        return ringStep();
    }

    /** The ring part of {@link #captureStep()} alone: the packet {@code pcap_next_ex} returned last, again. */
    @Benchmark
    public long ringStep()
    {
        final int capturedLength = pcap.capturedLength();
        final int originalLength = pcap.originalLength();
        final long frameNumber = ++received;
        capturedBytes += capturedLength;
        packet.wrap(pcap.dataAddress(), capturedLength);
        final long timestampNanos = pcap.timestampNanos();
        if (!ring.offer(packet, 0, capturedLength, originalLength, timestampNanos, linkType, frameNumber))
        {
            while (ring.poll(drain, Integer.MAX_VALUE) > 0)
            {
                // empties the ring
            }
            ring.offer(packet, 0, capturedLength, originalLength, timestampNanos, linkType, frameNumber);
        }
        capturedBytesCounter.lazySet(capturedBytes);
        receivedCounter.lazySet(received);
        return frameNumber;
    }

    private int next()
    {
        final int status = pcap.next();
        if (PcapHandle.PACKET == status)
        {
            return status;
        }
        pcap.close();
        pcap = PcapHandle.openOffline(file, true);
        return pcap.next();
    }

    private static void ignore(final Frame frame)
    {
    }
}
