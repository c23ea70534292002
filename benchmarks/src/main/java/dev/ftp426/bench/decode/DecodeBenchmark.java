package dev.ftp426.bench.decode;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Packets per second through {@link PacketDecoder} over frames prebuilt in memory: a mix of Ethernet IPv4 TCP with
 * timestamps (data and pure ACKs with SACK), 802.1Q IPv4, Ethernet IPv6 and Linux SLL2, as an FTP transfer looks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class DecodeBenchmark
{
    private static final int FRAMES = 256;

    private final Frame[] frames = new Frame[FRAMES];
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    @Setup
    public void setup()
    {
        for (int i = 0; i < FRAMES; i++)
        {
            final int kind = i % 8;
            final byte[] bytes;
            final int linkType;
            if (kind == 6)
            {
                bytes = ipv6Ethernet(i);
                linkType = LinkType.ETHERNET;
            }
            else if (kind == 7)
            {
                bytes = sll2(ipv4Tcp(i, kind % 2 == 0 ? 1448 : 0));
                linkType = LinkType.LINUX_SLL2;
            }
            else
            {
                bytes = ethernet(ipv4Tcp(i, kind % 2 == 0 ? 1448 : 0), kind == 5 ? 100 : -1, 0x0800);
                linkType = LinkType.ETHERNET;
            }
            frames[i] = new Frame().wrap(new UnsafeBuffer(bytes), 0, bytes.length, bytes.length,
                1_700_000_000_000_000_000L + i * 1000L, linkType, 0, i + 1, -1);
            if (!decoder.decode(frames[i], out) || !out.isTcp())
            {
                throw new IllegalStateException("benchmark frame " + i + " does not decode as TCP");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long decode()
    {
        long tcp = 0;
        for (final Frame frame : frames)
        {
            if (decoder.decode(frame, out))
            {
                tcp += out.seq() + out.payloadLength();
            }
        }
        return tcp;
    }

    private static byte[] ipv4Tcp(final int i, final int payload)
    {
        final int tcpHeader = payload == 0 ? 20 + 12 + 12 : 20 + 12;
        final ByteBuffer ip = ByteBuffer.allocate(20 + tcpHeader + payload).order(ByteOrder.BIG_ENDIAN);
        ip.put((byte)0x45).put((byte)0).putShort((short)ip.capacity()).putShort((short)i).putShort((short)0x4000)
            .put((byte)64).put((byte)6).putShort((short)0).putInt(0xcb007101).putInt(0xc6336402);
        tcp(ip, i, tcpHeader, payload);
        return ip.array();
    }

    private static byte[] ipv6Ethernet(final int i)
    {
        final int tcpHeader = 20 + 12;
        final ByteBuffer ip = ByteBuffer.allocate(40 + tcpHeader + 1428).order(ByteOrder.BIG_ENDIAN);
        ip.putInt(0x60000000).putShort((short)(tcpHeader + 1428)).put((byte)6).put((byte)64)
            .putLong(0x20010db800000000L).putLong(1).putLong(0x20010db800000000L).putLong(2);
        tcp(ip, i, tcpHeader, 1428);
        return ethernet(ip.array(), -1, 0x86dd);
    }

    private static void tcp(final ByteBuffer ip, final int i, final int header, final int payload)
    {
        ip.putShort((short)20).putShort((short)50000).putInt(1000 + i * 1448).putInt(77)
            .put((byte)((header / 4) << 4)).put((byte)0x18).putShort((short)502).putShort((short)0).putShort((short)0);
        if (header > 32)
        {
            ip.put(new byte[]{1, 1, 5, 10}).putInt(10).putInt(20);
        }
        ip.put(new byte[]{1, 1, 8, 10}).putInt(i).putInt(i + 1);
        ip.put(new byte[payload]);
    }

    private static byte[] ethernet(final byte[] ip, final int vlan, final int etherType)
    {
        final ByteBuffer frame = ByteBuffer.allocate(14 + (vlan >= 0 ? 4 : 0) + ip.length);
        frame.put(new byte[]{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        if (vlan >= 0)
        {
            frame.putShort((short)0x8100).putShort((short)vlan);
        }
        frame.putShort((short)etherType).put(ip);
        return frame.array();
    }

    private static byte[] sll2(final byte[] ip)
    {
        final ByteBuffer frame = ByteBuffer.allocate(20 + ip.length);
        frame.putShort((short)0x0800).putShort((short)0).putInt(2).putShort((short)1).put((byte)0).put((byte)6)
            .put(new byte[8]).put(ip);
        return frame.array();
    }
}
