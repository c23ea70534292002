package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import org.junit.jupiter.api.Test;

import static dev.ftp426.tcp.Harness.CISN;
import static dev.ftp426.tcp.Harness.SISN;
import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.PSH;
import static dev.ftp426.tcp.TestPackets.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** The flow table and reassembly buffers stay inside their configured budgets, and say when they hit them. */
class TcpMemoryLimitsTest
{
    @Test
    void millionSynOnlyFlowsStayInsideASmallBudget()
    {
        final long budget = 16L << 20;
        final TcpConfig config = new TcpConfig().memoryBudgetBytes(budget);
        final int[] evictedCloses = new int[1];
        final TcpTracker tracker = new TcpTracker(config, new StreamListener()
        {
            public boolean onOpen(final TcpFlow flow)
            {
                return true;
            }

            public void onClose(final TcpFlow flow, final int reason)
            {
                if (CloseReason.EVICTED == reason)
                {
                    evictedCloses[0]++;
                }
            }
        }, null);

        final Runtime runtime = Runtime.getRuntime();
        final long before = usedAfterGc(runtime);
        final DecodedPacket p = new DecodedPacket();
        final int flows = 1_000_000;
        for (int i = 0; i < flows; i++)
        {
            p.reset(i + 1, TestPackets.ms(0) + i * 1000L, 60);
            // 198.51.100.0/24 x 64k ports towards 203.0.113.9:21, all distinct 5-tuples
            p.ipv4(0xC633_6400 | (i >>> 16) & 0xff, TestPackets.SERVER_IP, 64, i & 0xffff, true,
                DecodedPacket.PROTO_TCP);
            p.tcp(1024 + (i & 0xffff) % 64000, 21, i * 7919L & 0xffff_ffffL, 0, SYN, 65535, 0);
            tracker.onPacket(p);
        }
        final long after = usedAfterGc(runtime);

        assertThat(tracker.flowsOpened()).isEqualTo(flows);
        assertThat(tracker.activeFlows()).isLessThanOrEqualTo(tracker.maxFlows());
        assertThat(tracker.flowsEvicted()).isEqualTo(flows - tracker.activeFlows()).isEqualTo(evictedCloses[0]);
        assertThat(tracker.estimatedFlowBytes()).isLessThanOrEqualTo(budget);
        // measured heap growth (flow objects, table, pool bookkeeping) matches the estimate the budget is checked
        // against, within 1 MiB of slack for the pools' fixed arrays
        assertThat(after - before).isLessThan(budget).isLessThan(tracker.estimatedFlowBytes() + (1 << 20));
    }

    @Test
    void attackerSizedGapStaysInsideThePerFlowCap()
    {
        final int cap = 64 * 1024;
        final Harness h = new Harness(new TcpConfig().reorderBytesPerDirection(cap));
        h.handshake();
        // segments far ahead of a hole, scattered over 100 MB, never filling it
        final java.util.Random random = new java.util.Random(42);
        long maxPeak = 0;
        long streamEnd = 0;
        for (int i = 0; i < 5000; i++)
        {
            final long offset = 1 + 1000 + random.nextInt(100_000_000);
            final int len = 1 + random.nextInt(1400);
            streamEnd = Math.max(streamEnd, offset + len);
            h.c(10 + i, CISN + offset, SISN + 1, PSH | ACK, 65535, len);
            maxPeak = Math.max(maxPeak, h.tracker.bufferedPageBytes());
        }
        final TcpEndpoint client = h.flow().initiator();
        assertThat(client.bufferedPeakBytes()).isLessThanOrEqualTo(cap);
        assertThat(maxPeak).isLessThanOrEqualTo(cap + 2L * ReorderBuffer.PAGE_SIZE);
        assertThat(h.tracker.perFlowCapHits()).isPositive();
        assertThat(h.recorder.events(TcpEventType.REASSEMBLY_CAP_HIT)).isNotEmpty();
        h.tracker.closeAll();
        assertThat(h.tracker.bufferedPageBytes()).isZero();
        // every byte up to the highest one seen is accounted for, as data or as a gap
        assertThat(client.deliveredBytes() + client.gapBytes()).isEqualTo(streamEnd - 1);
    }

    @Test
    void globalCapBoundsOutOfOrderBytesAcrossFlows()
    {
        final TcpConfig config = new TcpConfig().memoryBudgetBytes(64L << 20).reorderBudgetBytes(256 * 1024);
        final Harness h = new Harness(config);
        for (int flow = 0; flow < 200; flow++)
        {
            h.packets.clientPort = 30000 + flow;
            h.handshake();
            for (int i = 0; i < 10; i++)
            {
                // a hole of 100 bytes, then 10 segments buffered behind it
                h.c(10 + i, CISN + 101 + i * 1000L, SISN + 1, PSH | ACK, 65535, 1000);
            }
        }
        assertThat(h.tracker.bufferedPageBytes()).isLessThanOrEqualTo(h.tracker.maxBufferedPageBytes());
        assertThat(h.tracker.maxBufferedPageBytes()).isLessThanOrEqualTo(128 * 1024);
        assertThat(h.tracker.globalCapHits()).isPositive();
        h.tracker.closeAll();
        assertThat(h.tracker.bufferedPageBytes()).isZero();
        long gaps = 0;
        for (final Recorder.Piece piece : h.recorder.pieces.get(0))
        {
            gaps += Math.max(0, piece.gap);
        }
        assertThat(h.recorder.dataOf(0).length + gaps).isEqualTo(200L * 10_100);
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
