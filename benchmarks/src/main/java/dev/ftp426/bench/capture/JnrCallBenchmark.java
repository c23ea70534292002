package dev.ftp426.bench.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.ftp426.capture.pcap.OfflineFilter;
import dev.ftp426.capture.pcap.PcapDumper;
import dev.ftp426.capture.pcap.PcapHandle;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call cost of the JNR-FFI binding: a trivial libpcap function ({@code pcap_datalink}), {@code pcap_next_ex} on
 * an offline handle over a generated file of small frames (page-cached; the handle is reopened at end of file), and
 * {@code pcap_offline_filter} with "tcp port 21" on a 64-byte frame (what {@code analyze} pays per frame for a
 * filter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class JnrCallBenchmark
{
    private static final int FRAMES = 200_000;

    private Path file;
    private PcapHandle offline;
    private PcapHandle dead;
    private OfflineFilter filter;
    private final Frame frame = new Frame();

    @Setup
    public void setup() throws IOException
    {
        final UnsafeBuffer packet = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        packet.putShort(12, (short)0x0800, ByteOrder.BIG_ENDIAN);
        packet.putByte(14, (byte)0x45);
        packet.putShort(16, (short)50, ByteOrder.BIG_ENDIAN);
        packet.putByte(23, (byte)6);
        packet.putInt(26, 0xC6336401, ByteOrder.BIG_ENDIAN);
        packet.putInt(30, 0xC6336402, ByteOrder.BIG_ENDIAN);
        packet.putShort(34, (short)40000, ByteOrder.BIG_ENDIAN);
        packet.putShort(36, (short)21, ByteOrder.BIG_ENDIAN);
        packet.putByte(46, (byte)0x50);

        file = Files.createTempFile("ftp426-jnr-bench", ".pcap");
        try (PcapDumper dumper = PcapDumper.open(file.toString(), LinkType.ETHERNET, 65535, false))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                frame.wrap(packet, 0, 64, 64, i * 1_000L, LinkType.ETHERNET, 0, i + 1, -1);
                dumper.write(frame);
            }
        }
        frame.wrap(packet, 0, 64, 64, 0, LinkType.ETHERNET, 0, 1, -1);
        offline = PcapHandle.openOffline(file, false);
        dead = PcapHandle.openDead(LinkType.ETHERNET, 65535, false);
        filter = OfflineFilter.compile(LinkType.ETHERNET, 65535, "tcp port 21");
        if (!filter.matches(frame))
        {
            throw new IllegalStateException("benchmark frame should match the filter");
        }
    }

    @TearDown
    public void tearDown() throws IOException
    {
        filter.close();
        dead.close();
        offline.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public int pcapDatalink()
    {
        return dead.dataLinkType();
    }

    @Benchmark
    public int pcapNextEx()
    {
        final int status = offline.next();
        if (PcapHandle.PACKET != status)
        {
            offline.close();
            offline = PcapHandle.openOffline(file, false);
            return offline.next();
        }
        return offline.capturedLength();
    }

    @Benchmark
    public boolean pcapOfflineFilter()
    {
        return filter.matches(frame);
    }
}
