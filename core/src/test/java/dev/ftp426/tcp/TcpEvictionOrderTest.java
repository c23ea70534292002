package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the flow table is full, flows the listener retains (FTP control and data connections) are evicted only after
 * every other flow, whatever their state; they still time out like any flow, and a table full of retained flows
 * still evicts.
 */
class TcpEvictionOrderTest
{
    private static final int FTP_PORT = 21;
    private static final long BUDGET = 1L << 20;

    private final List<String> closes = new ArrayList<>();
    private final TcpTracker tracker = new TcpTracker(new TcpConfig().memoryBudgetBytes(BUDGET), new StreamListener()
    {
        public boolean onOpen(final TcpFlow flow)
        {
            flow.retainUnderPressure(flow.responder().port() == FTP_PORT);
            return false;
        }

        public void onClose(final TcpFlow flow, final int reason)
        {
            if (flow.retainedUnderPressure())
            {
                closes.add(flow.initiator().port() + ":" + reason);
            }
        }
    }, null);
    private final DecodedPacket p = new DecodedPacket();
    private long frame;

    @Test
    void anIdleControlConnectionOutlivesAFloodOfBusyBulkFlows()
    {
        packet(0, 40000, FTP_PORT, ACK);
        final int bulk = tracker.maxFlows() * 4;
        for (int i = 0; i < bulk; i++)
        {
            packet(1 + i, 1024 + i % 60000, 443 + i / 60000, ACK);
        }
        assertThat(tracker.flowsEvicted()).isEqualTo(bulk + 1 - tracker.maxFlows());
        assertThat(closes).isEmpty();
    }

    @Test
    void aRetainedHandshakeOutlivesNewerHandshakes()
    {
        packet(0, 40000, FTP_PORT, SYN);
        final int scans = tracker.maxFlows() * 3;
        for (int i = 0; i < scans; i++)
        {
            packet(1 + i, 1024 + i % 60000, 80 + i / 60000, SYN);
        }
        assertThat(tracker.flowsEvicted()).isPositive();
        assertThat(closes).isEmpty();
    }

    @Test
    void retainedFlowsAreEvictedOldestFirstWhenNothingElseIsLeft()
    {
        final int flows = tracker.maxFlows() + 10;
        for (int i = 0; i < flows; i++)
        {
            packet(i, 1024 + i, FTP_PORT, ACK);
        }
        assertThat(tracker.flowsEvicted()).isEqualTo(10);
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            expected.add((1024 + i) + ":" + CloseReason.EVICTED);
        }
        assertThat(closes).containsExactlyElementsOf(expected);
    }

    @Test
    void aClosedFlowGoesBeforeOlderHandshakes()
    {
        final List<String> evicted = new ArrayList<>();
        final TcpTracker t = new TcpTracker(new TcpConfig().memoryBudgetBytes(BUDGET), new StreamListener()
        {
            public boolean onOpen(final TcpFlow flow)
            {
                return false;
            }

            public void onClose(final TcpFlow flow, final int reason)
            {
                if (CloseReason.EVICTED == reason)
                {
                    evicted.add(Integer.toString(flow.initiator().port()));
                }
            }
        }, null);
        for (int i = 0; i < t.maxFlows() - 1; i++)
        {
            send(t, i, 1024 + i, 80, SYN);
        }
        send(t, 10_000, 40000, 443, ACK);
        send(t, 10_001, 40000, 443, TestPackets.RST | ACK);
        assertThat(t.activeFlows()).isEqualTo(t.maxFlows());
        // the newest flow is closed, the older ones are handshakes: the closed one is the cheapest to lose
        send(t, 10_002, 50000, 80, SYN);
        assertThat(evicted).containsExactly("40000");
        send(t, 10_003, 50001, 80, SYN);
        assertThat(evicted).containsExactly("40000", "1024");
    }

    @Test
    void retainedFlowsStillTimeOutWithTheirState()
    {
        packet(0, 40000, FTP_PORT, SYN);
        packet(1, 40001, FTP_PORT, ACK);
        // 31 s later: the unanswered SYN is past the 30 s handshake timeout, the established flow is not
        packet(31_000, 50000, 443, ACK);
        assertThat(closes).containsExactly(40000 + ":" + CloseReason.IDLE_TIMEOUT);
        tracker.closeAll();
        assertThat(closes).containsExactly(40000 + ":" + CloseReason.IDLE_TIMEOUT, 40001 + ":" +
            CloseReason.END_OF_CAPTURE);
    }

    @Test
    void expiryTakesRetainedAndOtherFlowsInTheOrderTheyWereLastSeen()
    {
        final List<Integer> order = new ArrayList<>();
        final TcpTracker t = new TcpTracker(new TcpConfig(), new StreamListener()
        {
            public boolean onOpen(final TcpFlow flow)
            {
                flow.retainUnderPressure(flow.responder().port() == FTP_PORT);
                return false;
            }

            public void onClose(final TcpFlow flow, final int reason)
            {
                order.add(flow.initiator().port());
            }
        }, null);
        for (int i = 0; i < 6; i++)
        {
            p.reset(++frame, TestPackets.ms(i), 60);
            p.ipv4(TestPackets.CLIENT_IP, TestPackets.SERVER_IP, 64, 1, true, DecodedPacket.PROTO_TCP);
            p.tcp(40000 + i, i % 2 == 0 ? FTP_PORT : 443, 1000, 1, ACK, 65535, 0);
            t.onPacket(p);
        }
        t.closeAll();
        assertThat(order).containsExactly(40000, 40001, 40002, 40003, 40004, 40005);
    }

    private void send(final TcpTracker t, final long millis, final int clientPort, final int serverPort,
        final int flags)
    {
        p.reset(++frame, TestPackets.ms(millis), 60);
        p.ipv4(TestPackets.CLIENT_IP, TestPackets.SERVER_IP, 64, 1, true, DecodedPacket.PROTO_TCP);
        p.tcp(clientPort, serverPort, 1000, flags == SYN ? 0 : 1, flags, 65535, 0);
        t.onPacket(p);
    }

    private void packet(final long millis, final int clientPort, final int serverPort, final int flags)
    {
        send(tracker, millis, clientPort, serverPort, flags);
    }
}
