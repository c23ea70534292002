package dev.ftp426.bench.tcp;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.tcp.StreamListener;
import dev.ftp426.tcp.TcpConfig;
import dev.ftp426.tcp.TcpFlow;
import dev.ftp426.tcp.TcpTracker;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Cost per segment of the whole TCP stage (flow lookup, analysis, facts, reassembly into a listener) for one bulk
 * transfer of 1448-byte segments with an ACK every second segment: in order (zero-copy delivery), and with every
 * pair of segments swapped (each first one buffered and copied). Sequence numbers run on across the 2^32 wrap.
 * A second case spreads the same traffic over 10,000 concurrent flows to include table misses in caches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class ReassemblyBenchmark
{
    private static final int SEGMENT = 1448;
    private static final int BATCH = 1024;
    private static final int CLIENT = 0xC633_6401;
    private static final int SERVER = 0xCB00_7109;

    @Param({"inOrder", "reordered"})
    public String order;

    @Param({"1", "10000"})
    public int flows;

    private final DecodedPacket packet = new DecodedPacket();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[SEGMENT]);
    private TcpTracker tracker;
    private long[] nextSeq;
    private long frame;
    private long ts = 1_700_000_000_000_000_000L;
    private long delivered;

    @Setup(Level.Trial)
    public void setup()
    {
        final StreamListener listener = new StreamListener()
        {
            public boolean onOpen(final TcpFlow flow)
            {
                return true;
            }

            public void onData(
                final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset, final int length,
                final long frame, final long tsNanos)
            {
                delivered += length + buffer.getByte(offset);
            }
        };
        tracker = new TcpTracker(new TcpConfig(), listener, null);
        nextSeq = new long[flows];
        for (int f = 0; f < flows; f++)
        {
            nextSeq[f] = 0xffff_ffffL - 100L * SEGMENT * f % 0xffff_ffffL;
            send(f, true, nextSeq[f] - 1, 0, DecodedPacket.TCP_SYN, 0);
            send(f, false, 7000, nextSeq[f], DecodedPacket.TCP_SYN | DecodedPacket.TCP_ACK, 0);
            send(f, true, nextSeq[f], 7001, DecodedPacket.TCP_ACK, 0);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long segments()
    {
        final boolean swap = "reordered".equals(order);
        for (int i = 0; i < BATCH; i += 2)
        {
            final int f = (int)((frame >>> 1) % flows);
            final long seq = nextSeq[f];
            if (swap)
            {
                send(f, true, seq + SEGMENT, 7001, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, SEGMENT);
                send(f, true, seq, 7001, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, SEGMENT);
            }
            else
            {
                send(f, true, seq, 7001, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, SEGMENT);
                send(f, true, seq + SEGMENT, 7001, DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH, SEGMENT);
            }
            nextSeq[f] = seq + 2 * SEGMENT;
            send(f, false, 7001, nextSeq[f], DecodedPacket.TCP_ACK, 0);
        }
        return delivered;
    }

    private void send(final int f, final boolean fromClient, final long seq, final long ack, final int flags,
        final int length)
    {
        ts += 10_000;
        packet.reset(++frame, ts, 54 + length);
        final int clientIp = CLIENT + (f >>> 14);
        final int clientPort = 1024 + (f & 0x3fff);
        if (fromClient)
        {
            packet.ipv4(clientIp, SERVER, 64, (int)frame & 0xffff, true, DecodedPacket.PROTO_TCP);
            packet.tcp(clientPort, 20, seq & 0xffff_ffffL, ack & 0xffff_ffffL, flags, 1024, 0);
        }
        else
        {
            packet.ipv4(SERVER, clientIp, 60, 0, true, DecodedPacket.PROTO_TCP);
            packet.tcp(20, clientPort, seq & 0xffff_ffffL, ack & 0xffff_ffffL, flags, 1024, 0);
        }
        packet.payload(payload, 0, length, length);
        tracker.onPacket(packet);
    }
}
