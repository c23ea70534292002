package dev.ftp426.tcp;

import org.junit.jupiter.api.Test;

import static dev.ftp426.tcp.Harness.CISN;
import static dev.ftp426.tcp.Harness.SISN;
import static dev.ftp426.tcp.TcpEventType.*;
import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.FIN;
import static dev.ftp426.tcp.TestPackets.PSH;
import static dev.ftp426.tcp.TestPackets.RST;
import static dev.ftp426.tcp.TestPackets.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** One hand-built packet sequence per Wireshark tcp.analysis flag, plus the RST-related events. */
class TcpAnalysisTest
{
    private static final int PA = PSH | ACK;

    @Test
    void cleanHandshakeAndTransferRaisesNothing()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(20, SISN + 1, CISN + 101, PA, 65535, 50);
        h.c(30, CISN + 101, SISN + 51, ACK, 65535, 0);
        h.c(40, CISN + 101, SISN + 51, FIN | ACK, 65535, 0);
        h.s(50, SISN + 51, CISN + 102, FIN | ACK, 65535, 0);
        h.c(60, CISN + 102, SISN + 52, ACK, 65535, 0);
        assertThat(h.recorder.events).isEmpty();
        assertThat(h.flow().connState()).isEqualTo("SF");
        assertThat(h.flow().history()).isEqualTo("ShADdFf");
    }

    @Test
    void retransmissionAfterTimeout()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        final long again = h.c(510, CISN + 1, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(RETRANSMISSION)).containsExactly(again);
        assertThat(h.recorder.events(RETRANSMISSION).get(0).a).isEqualTo(1);
        assertThat(h.recorder.events(RETRANSMISSION).get(0).b).isEqualTo(100);
        assertThat(h.flow().initiator().retransmittedBytes()).isEqualTo(100);
        assertThat(h.flow().initiator().payloadBytes()).isEqualTo(100);
        assertThat(h.flow().initiator().rawPayloadBytes()).isEqualTo(200);
        assertThat(h.flow().history()).contains("T");
    }

    @Test
    void spuriousRetransmissionOfAcknowledgedData()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(20, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long again = h.c(600, CISN + 1, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(SPURIOUS_RETRANSMISSION)).containsExactly(again);
        assertThat(h.recorder.events(RETRANSMISSION)).isEmpty();
    }

    @Test
    void fastRetransmissionAfterTwoDuplicateAcks()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.c(10.1, CISN + 101, SISN + 1, PA, 65535, 100);
        h.c(10.2, CISN + 201, SISN + 1, PA, 65535, 100);
        final long original = h.s(20, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long dup1 = h.s(20.1, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long dup2 = h.s(20.2, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long fast = h.c(25, CISN + 101, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(DUPLICATE_ACK)).containsExactly(dup1, dup2);
        assertThat(h.recorder.events(DUPLICATE_ACK).get(1).a).isEqualTo(2);
        assertThat(h.recorder.events(DUPLICATE_ACK).get(1).b).isEqualTo(original);
        assertThat(h.recorder.framesOf(FAST_RETRANSMISSION)).containsExactly(fast);
        assertThat(h.flow().responder().eventCount(DUPLICATE_ACK)).isEqualTo(2);
        assertThat(h.flow().initiator().retransmissions()).isEqualTo(1);
    }

    @Test
    void outOfOrderAndPreviousSegmentNotCaptured()
    {
        final Harness h = new Harness().handshake();
        final long ahead = h.c(10, CISN + 101, SISN + 1, PA, 65535, 100);
        final long late = h.c(11, CISN + 1, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(PREVIOUS_SEGMENT_NOT_CAPTURED)).containsExactly(ahead);
        assertThat(h.recorder.events(PREVIOUS_SEGMENT_NOT_CAPTURED).get(0).a).isEqualTo(100);
        assertThat(h.recorder.framesOf(OUT_OF_ORDER)).containsExactly(late);
        assertThat(h.recorder.dataOf(0)).hasSize(200);
        assertThat(h.recorder.gapBytes(0)).isZero();
        assertThat(h.flow().initiator().holeFillBytes()).isEqualTo(100);
    }

    @Test
    void lateFillerIsARetransmissionNotOutOfOrder()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 101, SISN + 1, PA, 65535, 100);
        final long late = h.c(300, CISN + 1, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(RETRANSMISSION)).containsExactly(late);
        assertThat(h.recorder.events(OUT_OF_ORDER)).isEmpty();
    }

    @Test
    void ackedUnseenSegmentIsCaptureLossAndBecomesAGap()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        final long ack = h.s(20, SISN + 1, CISN + 501, ACK, 65535, 0);
        h.c(30, CISN + 501, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(ACKED_UNSEEN_SEGMENT)).containsExactly(ack);
        assertThat(h.recorder.events(ACKED_UNSEEN_SEGMENT).get(0).a).isEqualTo(400);
        assertThat(h.recorder.gapBytes(0)).isEqualTo(400);
        assertThat(h.flow().initiator().missedBytes()).isEqualTo(400);
        assertThat(h.recorder.dataOf(0)).hasSize(200);
        assertThat(h.flow().history()).contains("G");
        assertThat(h.recorder.events(STREAM_GAP).get(0).b).isEqualTo(GAP_ACKED_UNSEEN);
    }

    @Test
    void zeroWindowProbeAndItsAck()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        final long zero = h.s(20, SISN + 1, CISN + 101, ACK, 0, 0);
        final long probe = h.c(300, CISN + 101, SISN + 1, PA, 65535, 1);
        final long probeAck = h.s(301, SISN + 1, CISN + 101, ACK, 0, 0);
        final long open = h.s(900, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long resume = h.c(901, CISN + 101, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(ZERO_WINDOW)).containsExactly(zero, probeAck);
        assertThat(h.recorder.framesOf(ZERO_WINDOW_PROBE)).containsExactly(probe);
        assertThat(h.recorder.framesOf(ZERO_WINDOW_PROBE_ACK)).containsExactly(probeAck);
        assertThat(h.recorder.framesOf(WINDOW_UPDATE)).containsExactly(open);
        assertThat(h.recorder.events(RETRANSMISSION)).as("data after a probe is not a retransmission").isEmpty();
        assertThat(h.recorder.framesOf(OUT_OF_ORDER)).isEmpty();

        final TcpEndpoint server = h.flow().responder();
        assertThat(server.zeroWindowCount()).isEqualTo(1);
        assertThat(server.zeroWindowFirstStartFrame()).isEqualTo(zero);
        assertThat(server.zeroWindowLastEndFrame()).isEqualTo(open);
        assertThat(server.zeroWindowTotalNanos()).isEqualTo(880_000_000L);
        assertThat(resume).isPositive();
        assertThat(h.recorder.dataOf(0)).hasSize(200);
    }

    @Test
    void windowFullWhenDataReachesTheAdvertisedEdge()
    {
        final Harness h = new Harness().handshake();
        h.s(5, SISN + 1, CISN + 1, ACK, 200, 0);
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        final long full = h.c(10.5, CISN + 101, SISN + 1, PA, 65535, 100);
        assertThat(h.recorder.framesOf(WINDOW_FULL)).containsExactly(full);
    }

    @Test
    void windowFullHonoursNegotiatedScaling()
    {
        final Harness h = new Harness();
        h.packets.packet.reset(0, 0, 0);
        // SYN and SYN-ACK both carry window scale 2: the server's later window of 50 means 200 bytes
        h.tracker.onPacket(withScale(h.packets.tcp(Harness.nanos(0), true, CISN, 0, SYN, 65535, 0), 2));
        h.tracker.onPacket(withScale(h.packets.tcp(Harness.nanos(1), false, SISN, CISN + 1, SYN | ACK, 65535, 0), 2));
        h.c(2, CISN + 1, SISN + 1, ACK, 65535, 0);
        h.s(5, SISN + 1, CISN + 1, ACK, 50, 0);
        final long full = h.c(10, CISN + 1, SISN + 1, PA, 65535, 200);
        assertThat(h.recorder.framesOf(WINDOW_FULL)).containsExactly(full);
        assertThat(h.flow().initiator().windowScale()).isEqualTo(2);
        assertThat(h.flow().responder().lastWindow()).isEqualTo(200);
    }

    @Test
    void windowUpdateChangesOnlyTheWindow()
    {
        final Harness h = new Harness().handshake();
        h.c(4, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(5, SISN + 1, CISN + 101, ACK, 1000, 0);
        final long update = h.s(6, SISN + 1, CISN + 101, ACK, 2000, 0);
        assertThat(h.recorder.framesOf(WINDOW_UPDATE)).containsExactly(update);
        assertThat(h.recorder.events(DUPLICATE_ACK)).isEmpty();
    }

    @Test
    void keepAliveAndKeepAliveAck()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(20, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long keepAlive = h.c(60_000, CISN + 100, SISN + 1, ACK, 65535, 0);
        final long keepAliveAck = h.s(60_001, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long withByte = h.c(120_000, CISN + 100, SISN + 1, ACK, 65535, 1);
        assertThat(h.recorder.framesOf(KEEP_ALIVE)).containsExactly(keepAlive, withByte);
        assertThat(h.recorder.framesOf(KEEP_ALIVE_ACK)).containsExactly(keepAliveAck);
        assertThat(h.recorder.events(RETRANSMISSION)).isEmpty();
        assertThat(h.recorder.events(DUPLICATE_ACK)).isEmpty();
    }

    @Test
    void duplicateAckNeedsSameWindow()
    {
        final Harness h = new Harness().handshake();
        h.s(5, SISN + 1, CISN + 1, ACK, 1000, 0);
        final long dup = h.s(6, SISN + 1, CISN + 1, ACK, 1000, 0);
        h.s(7, SISN + 1, CISN + 1, ACK, 0, 0);
        assertThat(h.recorder.framesOf(DUPLICATE_ACK)).containsExactly(dup);
    }

    @Test
    void reusedPortsStartANewFlowInstance()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, FIN | ACK, 65535, 0);
        h.s(11, SISN + 1, CISN + 2, FIN | ACK, 65535, 0);
        h.c(12, CISN + 2, SISN + 2, ACK, 65535, 0);
        final long firstId = h.flow().id();
        final long syn = h.c(1000, 777_777, 0, SYN, 65535, 0);
        assertThat(h.recorder.opened).hasSize(2);
        assertThat(h.flow().id()).isNotEqualTo(firstId);
        assertThat(h.flow().reusedPorts()).isTrue();
        assertThat(h.recorder.framesOf(REUSED_PORTS)).containsExactly(syn);
        assertThat(h.recorder.lifecycle).contains("close " + firstId + " ports_reused");
        final long retransmittedSyn = h.c(2000, 777_777, 0, SYN, 65535, 0);
        assertThat(h.recorder.opened).hasSize(2);
        assertThat(h.recorder.framesOf(RETRANSMISSION)).containsExactly(retransmittedSyn);
    }

    @Test
    void rstExactlyAtRcvNxtIsInWindowAndExact()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(20, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long rst = h.c(30, CISN + 101, 0, RST, 0, 0);
        final Recorder.Event e = h.recorder.events(TcpEventType.RST).get(0);
        assertThat(e.frame).isEqualTo(rst);
        assertThat(e.a & (RST_RECEIVER_STATE_KNOWN | RST_IN_WINDOW | RST_EXACT))
            .isEqualTo(RST_RECEIVER_STATE_KNOWN | RST_IN_WINDOW | RST_EXACT);
        assertThat(e.b).isEqualTo(CISN + 101);
        final TcpEndpoint client = h.flow().initiator();
        assertThat(client.rstFrame()).isEqualTo(rst);
        assertThat(client.rstSeq()).isEqualTo(CISN + 101);
        assertThat(client.rstTtl()).isEqualTo(64);
        assertThat(h.flow().connState()).isEqualTo("RSTO");
        assertThat(h.flow().state()).isEqualTo(TcpFlow.STATE_CLOSED);
        assertThat(h.recorder.lifecycle).contains("rst " + h.flow().id() + " dir=0 frame=" + rst);
    }

    @Test
    void inWindowInexactRstAnsweredByChallengeAckWasNotAccepted()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(20, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long rst = h.c(30, CISN + 5101, 0, RST, 0, 0);
        final long challenge = h.s(30.2, SISN + 1, CISN + 101, ACK, 65535, 0);
        final long more = h.c(40, CISN + 101, SISN + 1, PA, 65535, 100);
        final Recorder.Event e = h.recorder.events(TcpEventType.RST).get(0);
        assertThat(e.a & RST_IN_WINDOW).isNotZero();
        assertThat(e.a & RST_EXACT).isZero();
        assertThat(h.recorder.framesOf(CHALLENGE_ACK)).containsExactly(challenge);
        assertThat(h.recorder.events(CHALLENGE_ACK).get(0).a).isEqualTo(rst);
        assertThat(h.recorder.framesOf(POST_RST_ACTIVITY)).containsExactly(more);
        assertThat(h.flow().initiator().postRstActivityFrame()).isEqualTo(more);
        assertThat(h.flow().state()).as("a RST its sender ignored does not close").isEqualTo(
            TcpFlow.STATE_ESTABLISHED);
    }

    @Test
    void outOfWindowRstIsFlaggedSo()
    {
        final Harness h = new Harness().handshake();
        h.s(5, SISN + 1, CISN + 1, ACK, 1000, 0);
        h.c(30, CISN + 900_000, 0, RST, 0, 0);
        final Recorder.Event e = h.recorder.events(TcpEventType.RST).get(0);
        assertThat(e.a & RST_RECEIVER_STATE_KNOWN).isNotZero();
        assertThat(e.a & RST_IN_WINDOW).isZero();
        assertThat(h.recorder.events(PREVIOUS_SEGMENT_NOT_CAPTURED)).as("RSTs are never lost-segment").isEmpty();
    }

    @Test
    void synAnsweredByRstIsRejected()
    {
        final Harness h = new Harness();
        h.c(0, CISN, 0, SYN, 65535, 0);
        h.s(1, 0, CISN + 1, RST | ACK, 0, 0);
        assertThat(h.flow().connState()).isEqualTo("REJ");
        assertThat(h.flow().responder().rstFrame()).isEqualTo(2);
    }

    @Test
    void icmpErrorIsTiedToTheFlow()
    {
        final Harness h = new Harness().handshake();
        final TestPackets p = h.packets;
        p.tcp(Harness.nanos(5), true, CISN + 1, SISN + 1, PA, 65535, 0);
        p.packet.icmpError(3, 4, 1400);
        h.tracker.onPacket(p.packet);
        final Recorder.Event e = h.recorder.events(ICMP_ERROR).get(0);
        assertThat(e.a).isEqualTo((3 << 8) | 4);
        assertThat(e.b).isEqualTo(1400);
        assertThat(e.dir).isZero();
    }

    private static dev.ftp426.decode.DecodedPacket withScale(final dev.ftp426.decode.DecodedPacket p, final int ws)
    {
        p.windowScale(ws);
        return p;
    }
}
