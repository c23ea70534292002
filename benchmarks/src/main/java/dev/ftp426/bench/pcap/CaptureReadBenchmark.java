package dev.ftp426.bench.pcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Capture reading throughput in packets per second, one operation per packet.
 * <p>
 * Each invocation opens a generated capture of {@link #PACKETS} Ethernet/IPv4/TCP frames (documentation addresses,
 * a mix of full-size data segments and bare ACKs) and reads it to the end, either memory-mapped from a temp file (in
 * the page cache after the first pass) or through the stream path from a byte array. The handler touches the header
 * fields and the last byte of each frame. Run with {@code -prof gc}: the per-packet allocation should be about 0 B,
 * what remains is the per-file cost of opening a reader spread over the packets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(CaptureReadBenchmark.PACKETS)
public class CaptureReadBenchmark
{
    static final int PACKETS = 100_000;
    private static final int FULL_FRAME = 1514;
    private static final int ACK_FRAME = 66;

    @Param({"pcap", "pcapng"})
    public String format;

    @Param({"mapped", "stream"})
    public String input;

    private Path file;
    private byte[] bytes;
    private Consumer consumer;

    /** Touches what a decoder would: the header fields and the frame bytes. */
    static final class Consumer implements FrameHandler
    {
        private final Blackhole blackhole;

        Consumer(final Blackhole blackhole)
        {
            this.blackhole = blackhole;
        }

        @Override
        public void onFrame(final Frame frame)
        {
            blackhole.consume(frame.timestampNanos() + frame.frameNumber() + frame.originalLength());
            blackhole.consume(frame.buffer().getByte(frame.capturedLength() - 1));
        }
    }

    @Setup(Level.Trial)
    public void setUp(final Blackhole blackhole) throws IOException
    {
        bytes = "pcapng".equals(format) ? generatePcapng() : generatePcap();
        file = Files.createTempFile("capture-read-benchmark", "." + format);
        Files.write(file, bytes);
        consumer = new Consumer(blackhole);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long readAll() throws IOException
    {
        try (CaptureReader reader = "mapped".equals(input) ?
            CaptureReaders.open(file) : CaptureReaders.open(new ByteArrayInputStream(bytes), "-"))
        {
            final long count = reader.readAll(consumer);
            if (PACKETS != count)
            {
                throw new IllegalStateException("read " + count + " of " + PACKETS + " packets");
            }
            return count;
        }
    }

    private static int frameLength(final int i)
    {
        return i % 3 == 2 ? ACK_FRAME : FULL_FRAME;
    }

    private static byte[] generatePcap()
    {
        final ByteBuffer out = ByteBuffer.allocate(24 + PACKETS * (16 + FULL_FRAME)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(262_144).putInt(1);
        final long start = 1_700_000_000L * 1_000_000;
        for (int i = 0; i < PACKETS; i++)
        {
            final long micros = start + i * 7L;
            final int length = frameLength(i);
            out.putInt((int)(micros / 1_000_000)).putInt((int)(micros % 1_000_000)).putInt(length).putInt(length);
            putFrame(out, i, length);
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] generatePcapng()
    {
        final ByteBuffer out = ByteBuffer.allocate(64 + PACKETS * (32 + FULL_FRAME + 3)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1L)
            .putInt(28);
        out.putInt(1).putInt(20).putShort((short)1).putShort((short)0).putInt(262_144).putInt(20);
        final long start = 1_700_000_000L * 1_000_000;
        for (int i = 0; i < PACKETS; i++)
        {
            final long micros = start + i * 7L;
            final int length = frameLength(i);
            final int padded = (length + 3) & ~3;
            final int blockLength = 32 + padded;
            out.putInt(6).putInt(blockLength).putInt(0).putInt((int)(micros >>> 32)).putInt((int)micros)
                .putInt(length).putInt(length);
            putFrame(out, i, length);
            for (int p = length; p < padded; p++)
            {
                out.put((byte)0);
            }
            out.putInt(blockLength);
        }
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    /** Ethernet, IPv4 198.51.100.10 -> 203.0.113.20, TCP 20 -> 50000, then payload filler. */
    private static void putFrame(final ByteBuffer out, final int i, final int length)
    {
        final int start = out.position();
        out.order(ByteOrder.BIG_ENDIAN);
        out.putInt(0x02000000).putShort((short)0x0001).putInt(0x02000000).putShort((short)0x0002).putShort((short)0x0800);
        out.put((byte)0x45).put((byte)0).putShort((short)(length - 14)).putShort((short)i).putShort((short)0x4000)
            .put((byte)64).put((byte)6).putShort((short)0)
            .put((byte)198).put((byte)51).put((byte)100).put((byte)10)
            .put((byte)203).put((byte)0).put((byte)113).put((byte)20);
        out.putShort((short)20).putShort((short)50000).putInt(1 + i * 1448).putInt(1)
            .putShort((short)0x5010).putShort((short)502).putShort((short)0).putShort((short)0);
        while (out.position() < start + length)
        {
            out.put((byte)'x');
        }
        out.order(ByteOrder.LITTLE_ENDIAN);
    }
}
