package dev.ftp426.tcp;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.flow.FlowTable;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.FIN;
import static dev.ftp426.tcp.TestPackets.PSH;
import static dev.ftp426.tcp.TestPackets.RST;
import static dev.ftp426.tcp.TestPackets.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an open flow costs on the heap, measured against the figures the memory budget charges: the layout constants
 * against the bytes the JVM allocates for each object, and a tracker holding many open flows against its own
 * estimate.
 */
class TcpFlowMemoryTest
{
    private static final int CISN = 100;
    private static final int SISN = 1000;

    @Test
    void layoutConstantsAreWhatTheJvmAllocates()
    {
        assumeTrue(compressedLayout(), "the constants assume compressed class pointers and references");
        assertThat(allocatedBytesEach(TcpFlow::new)).isEqualTo(TcpFlow.BASE_BYTES);
        assertThat(allocatedBytesEach(ResetFacts::new)).isEqualTo(ResetFacts.BYTES);
        assertThat(allocatedBytesEach(FinFacts::new)).isEqualTo(FinFacts.BYTES);
        assertThat(allocatedBytesEach(ZeroWindowSpans::new)).isEqualTo(ZeroWindowSpans.BYTES);
        assertThat(allocatedBytesEach(TtlChanges::new)).isEqualTo(TtlChanges.BYTES);
        assertThat(allocatedBytesEach(Irregularities::new)).isEqualTo(Irregularities.BYTES);
        assertThat(allocatedBytesEach(() -> new int[TcpEventType.MAX_TYPE + 1]))
            .isEqualTo(EndpointFactPool.EVENT_COUNTS_BYTES);
        // event masks are ints
        assertThat(TcpEventType.MAX_TYPE).isLessThan(32);
    }

    @Test
    void openFlowsCostWhatTheBudgetChargesAndLessThanOneKilobyte()
    {
        final TcpTracker tracker = new TcpTracker(new TcpConfig().memoryBudgetBytes(1L << 30), null, null);
        final Runtime runtime = Runtime.getRuntime();
        final long estimateBefore = tracker.estimatedFlowBytes();
        final long before = usedAfterGc(runtime);

        // a power of two, so the table's capacity is exactly the flow count
        final int flows = 1 << 16;
        final TestPackets packets = new TestPackets();
        for (int i = 0; i < flows; i++)
        {
            openFlow(tracker, packets, i);
        }
        final long after = usedAfterGc(runtime);
        final long estimated = tracker.estimatedFlowBytes() - estimateBefore;

        assertThat(tracker.activeFlows()).isEqualTo(flows);
        assertThat(tracker.flowsEvicted()).isZero();
        // some flows gathered side objects (every fourth a zero window, every eighth a RST)
        assertThat(tracker.sideObjectBytes()).isPositive();
        final double measuredPerFlow = (double)(after - before) / flows;
        assertThat(measuredPerFlow).isLessThan(1024);
        assertThat(measuredPerFlow).isBetween(0.9 * estimated / flows, 1.1 * estimated / flows);
        assertThat(measuredPerFlow + tracker.sideObjectBytes() / (double)flows)
            .isLessThan(TcpFlow.ESTIMATED_BYTES + FlowTable.BYTES_PER_FLOW);
    }

    @Test
    void sideObjectsPastTheBudgetEvictFlowsBeforeTheTableIsFull()
    {
        final long budget = 16L << 20;
        final TcpConfig config = new TcpConfig().memoryBudgetBytes(budget);
        final TcpTracker tracker = new TcpTracker(config, null, null);
        final TestPackets packets = new TestPackets();
        final int flows = 3 * config.maxFlows();
        long peak = 0;
        for (int i = 0; i < flows; i++)
        {
            openFlow(tracker, packets, i);
            // then every kind of rare event on both sides
            final long t = TestPackets.ms(1000) + i * 10_000L;
            packets.clientTtl = 60;
            tracker.onPacket(withClient(packets.tcp(t, true, CISN + 11, SISN + 11, PSH | ACK, 0, 10), i));
            packets.serverTtl = 40;
            tracker.onPacket(withClient(packets.tcp(t + 1, false, SISN + 11, CISN + 21, ACK, 0, 0), i));
            tracker.onPacket(withClient(packets.tcp(t + 2, false, SISN + 11, CISN + 21, RST | ACK, 0, 0), i));
            tracker.onPacket(withClient(packets.tcp(t + 3, true, CISN + 21, SISN + 11, RST, 0, 0), i));
            packets.clientTtl = 64;
            packets.serverTtl = 52;
            peak = Math.max(peak, tracker.estimatedFlowBytes());
        }
        final long flowShare = budget - config.effectiveReorderBudget();
        assertThat(tracker.flowsEvicted()).isPositive();
        assertThat(tracker.activeFlows()).isLessThan(tracker.maxFlows());
        // at most one packet's side objects beyond the share
        assertThat(peak).isLessThanOrEqualTo(flowShare + 2 * 1024);
    }

    /** Handshake, ten bytes each way and their ACKs; every fourth flow sees a zero window, every eighth a RST. */
    private static void openFlow(final TcpTracker tracker, final TestPackets packets, final int i)
    {
        packets.clientPort = 1024 + i % 60000;
        packets.clientIpId = 1000;
        final long t = TestPackets.ms(0) + i * 10_000L;
        tracker.onPacket(withClient(packets.tcp(t, true, CISN, 0, SYN, 65535, 0), i));
        tracker.onPacket(withClient(packets.tcp(t + 1, false, SISN, CISN + 1, SYN | ACK, 65535, 0), i));
        tracker.onPacket(withClient(packets.tcp(t + 2, true, CISN + 1, SISN + 1, ACK, 65535, 0), i));
        tracker.onPacket(withClient(packets.tcp(t + 3, true, CISN + 1, SISN + 1, PSH | ACK, 65535, 10), i));
        final int window = i % 4 == 0 ? 0 : 65535;
        tracker.onPacket(withClient(packets.tcp(t + 4, false, SISN + 1, CISN + 11, PSH | ACK, window, 10), i));
        tracker.onPacket(withClient(packets.tcp(t + 5, true, CISN + 11, SISN + 11, ACK, 65535, 0), i));
        if (i % 8 == 0)
        {
            tracker.onPacket(withClient(packets.tcp(t + 6, true, CISN + 11, SISN + 11, FIN | ACK, 65535, 0), i));
        }
    }

    /** Moves the client side of a packet to address 198.51.100.(i / 60000). */
    private static DecodedPacket withClient(final DecodedPacket p, final int i)
    {
        final int client = 0xC633_6400 | i / 60000;
        final boolean fromClient = p.srcPort() != TestPackets.SERVER_PORT;
        p.ipv4(fromClient ? client : TestPackets.SERVER_IP, fromClient ? TestPackets.SERVER_IP : client, p.ttl(),
            p.ipId(), true, DecodedPacket.PROTO_TCP);
        return p;
    }

    private static long allocatedBytesEach(final Supplier<?> factory)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final int n = 1000;
        final Object[] keep = new Object[n];
        for (int i = 0; i < n; i++)
        {
            keep[i] = factory.get();
        }
        final long start = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < n; i++)
        {
            keep[i] = factory.get();
        }
        final long bytes = threads.getThreadAllocatedBytes(thread) - start;
        assertThat(keep[n - 1]).isNotNull();
        return bytes / n;
    }

    private static boolean compressedLayout()
    {
        final HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return null != hotSpot && "true".equals(hotSpot.getVMOption("UseCompressedOops").getValue()) &&
            "true".equals(hotSpot.getVMOption("UseCompressedClassPointers").getValue());
    }

    private static long usedAfterGc(final Runtime runtime)
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
