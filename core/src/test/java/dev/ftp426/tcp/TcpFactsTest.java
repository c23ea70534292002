package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import org.junit.jupiter.api.Test;

import static dev.ftp426.tcp.Harness.CISN;
import static dev.ftp426.tcp.Harness.SISN;
import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.FIN;
import static dev.ftp426.tcp.TestPackets.PSH;
import static dev.ftp426.tcp.TestPackets.RST;
import static dev.ftp426.tcp.TestPackets.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** Endpoint and flow facts, one concern per test. */
class TcpFactsTest
{
    private static final int PA = PSH | ACK;

    @Test
    void ttlBaselineChangesAndHopDistance()
    {
        final Harness h = new Harness().handshake();
        h.packets.clientTtl = 60;
        final long changed = h.c(10, CISN + 1, SISN + 1, PA, 65535, 10);
        h.packets.clientTtl = 64;
        final long back = h.c(20, CISN + 11, SISN + 1, PA, 65535, 10);
        final TcpEndpoint client = h.flow().initiator();
        assertThat(client.ttlFirst()).isEqualTo(64);
        assertThat(client.ttlMin()).isEqualTo(60);
        assertThat(client.ttlMax()).isEqualTo(64);
        assertThat(client.ttlChangeCount()).isEqualTo(2);
        assertThat(client.ttlChangeFrame(0)).isEqualTo(changed);
        assertThat(client.ttlChangeValue(0)).isEqualTo(60);
        assertThat(client.ttlChangeFrame(1)).isEqualTo(back);
        assertThat(client.hopDistance()).isZero();
        assertThat(h.flow().responder().initialTtlGuess()).isEqualTo(64);
        assertThat(h.flow().responder().hopDistance()).isEqualTo(12);
        assertThat(h.recorder.framesOf(TcpEventType.TTL_CHANGE)).containsExactly(changed, back);
    }

    @Test
    void ipIdBehaviourIsClassified()
    {
        final Harness h = new Harness().handshake();
        for (int i = 0; i < 10; i++)
        {
            h.packets.serverIpId = (i * 40503 + 12345) & 0xffff;
            h.s(10 + i, SISN + 1 + i, CISN + 1, PA, 65535, 1);
            h.c(10.5 + i, CISN + 1, SISN + 2 + i, ACK, 65535, 0);
        }
        assertThat(h.flow().initiator().ipIdBehaviour()).isEqualTo(IpIdBehaviour.INCREMENTING);
        assertThat(h.flow().responder().ipIdBehaviour()).isEqualTo(IpIdBehaviour.RANDOM);

        final Harness zero = new Harness().handshake();
        zero.s(10, SISN + 1, CISN + 1, PA, 65535, 1);
        zero.s(11, SISN + 2, CISN + 1, PA, 65535, 1);
        assertThat(zero.flow().responder().ipIdBehaviour()).isEqualTo(IpIdBehaviour.ZERO);
    }

    @Test
    void synOptionsAreRecorded()
    {
        final Harness h = new Harness();
        final DecodedPacket syn = h.packets.tcp(Harness.nanos(0), true, CISN, 0, SYN, 64240, 0);
        syn.mss(1460);
        syn.windowScale(7);
        syn.sackPermitted(true);
        syn.timestamps(111, 0);
        h.tracker.onPacket(syn);
        h.s(1, SISN, CISN + 1, SYN | ACK, 65535, 0);
        final TcpEndpoint client = h.flow().initiator();
        assertThat(client.mss()).isEqualTo(1460);
        assertThat(client.windowScale()).isEqualTo(7);
        assertThat(client.sackPermitted()).isTrue();
        assertThat(client.timestamps()).isTrue();
        assertThat(h.flow().responder().mss()).isEqualTo(-1);
        assertThat(h.flow().responder().sackPermitted()).isFalse();
        assertThat(client.initialSeq()).isEqualTo(CISN);
    }

    @Test
    void handshakeSplitShowsTheVantagePoint()
    {
        final Harness h = new Harness();
        h.c(0, CISN, 0, SYN, 65535, 0);
        h.s(30, SISN, CISN + 1, SYN | ACK, 65535, 0);
        final long ack = h.c(30.1, CISN + 1, SISN + 1, ACK, 65535, 0);
        final TcpFlow flow = h.flow();
        assertThat(flow.synToSynAckNanos()).isEqualTo(30_000_000L);
        assertThat(flow.synAckToAckNanos()).isEqualTo(100_000L);
        assertThat(flow.initialRttNanos()).isEqualTo(30_100_000L);
        assertThat(flow.handshakeAckFrame()).isEqualTo(ack);
        assertThat(flow.synFrame()).isEqualTo(1);
        assertThat(flow.synAckFrame()).isEqualTo(2);
        assertThat(flow.connState()).isEqualTo("S1");
    }

    @Test
    void bytesBySequenceSpaceDoNotCountRetransmissionsTwice()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 1000);
        h.c(11, CISN + 1001, SISN + 1, PA, 65535, 500);
        h.c(600, CISN + 1, SISN + 1, PA, 65535, 1000);
        h.s(610, SISN + 1, CISN + 1501, PA, 65535, 30);
        final TcpFlow flow = h.flow();
        assertThat(flow.initiator().payloadBytes()).isEqualTo(1500);
        assertThat(flow.initiator().rawPayloadBytes()).isEqualTo(2500);
        assertThat(flow.initiator().retransmittedBytes()).isEqualTo(1000);
        assertThat(flow.initiator().packets()).isEqualTo(5);
        assertThat(flow.responder().payloadBytes()).isEqualTo(30);
        assertThat(flow.initiator().lastDataTsNanos()).isEqualTo(Harness.nanos(600));
        assertThat(flow.responder().firstTsNanos()).isEqualTo(Harness.nanos(1));
        assertThat(flow.lastTsNanos()).isEqualTo(Harness.nanos(610));
        assertThat(h.recorder.dataOf(0)).hasSize(1500);
        assertThat(h.recorder.dataOf(1)).hasSize(30);
    }

    @Test
    void longestSilenceCountsOnlyWhileDataIsOutstanding()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(20, SISN + 1, CISN + 101, ACK, 65535, 0);
        // 10 s of idle with nothing outstanding: not a stall
        h.c(10_020, CISN + 101, SISN + 1, PA, 65535, 100);
        final long end = h.c(12_020, CISN + 101, SISN + 1, PA, 65535, 100);
        final TcpFlow flow = h.flow();
        assertThat(flow.longestSilenceNanos()).isEqualTo(2_000_000_000L);
        assertThat(flow.longestSilenceEndFrame()).isEqualTo(end);
        assertThat(flow.initiator().longestStallNanos()).isEqualTo(2_000_000_000L);
        assertThat(flow.responder().longestStallNanos()).isZero();
    }

    @Test
    void firstFinAndItsSender()
    {
        final Harness h = new Harness().handshake();
        h.packets.serverTtl = 50;
        final long fin = h.s(10, SISN + 1, CISN + 1, FIN | ACK, 65535, 0);
        final TcpFlow flow = h.flow();
        assertThat(flow.responder().finFrame()).isEqualTo(fin);
        assertThat(flow.responder().finTsNanos()).isEqualTo(Harness.nanos(10));
        assertThat(flow.responder().finSeq()).isEqualTo(SISN + 1);
        assertThat(flow.responder().finTtl()).isEqualTo(50);
        assertThat(flow.initiator().finFrame()).isEqualTo(-1);
        assertThat(flow.state()).isEqualTo(TcpFlow.STATE_HALF_CLOSED);
        assertThat(flow.connState()).isEqualTo("S3");
        assertThat(h.recorder.lifecycle).contains("fin " + flow.id() + " dir=1 frame=" + fin);
    }

    @Test
    void connStatesOfCommonEndings()
    {
        final Harness s0 = new Harness();
        s0.c(0, CISN, 0, SYN, 65535, 0);
        assertThat(s0.flow().connState()).isEqualTo("S0");
        assertThat(s0.flow().history()).isEqualTo("S");

        final Harness rstr = new Harness().handshake();
        rstr.s(10, SISN + 1, CISN + 1, RST | ACK, 0, 0);
        assertThat(rstr.flow().connState()).isEqualTo("RSTR");

        final Harness oth = new Harness();
        oth.c(0, CISN + 1, SISN + 1, PA, 65535, 10);
        oth.s(1, SISN + 1, CISN + 11, ACK, 65535, 0);
        assertThat(oth.flow().connState()).isEqualTo("OTH");
        assertThat(oth.flow().synFrame()).isEqualTo(-1);

        final Harness sh = new Harness();
        sh.c(0, CISN, 0, SYN, 65535, 0);
        sh.c(1, CISN + 1, 0, FIN, 65535, 0);
        assertThat(sh.flow().connState()).isEqualTo("SH");

        final Harness rstos0 = new Harness();
        rstos0.c(0, CISN, 0, SYN, 65535, 0);
        rstos0.c(1, CISN + 1, 0, RST, 0, 0);
        assertThat(rstos0.flow().connState()).isEqualTo("RSTOS0");

        final Harness flipped = new Harness();
        flipped.s(0, SISN, CISN + 1, SYN | ACK, 65535, 0);
        flipped.c(1, CISN + 1, SISN + 1, ACK, 65535, 0);
        assertThat(flipped.flow().initiator().port()).isEqualTo(TestPackets.CLIENT_PORT);
        assertThat(flipped.flow().history()).isEqualTo("^hA");
    }

    @Test
    void declinedFlowsGetFactsButNoBytes()
    {
        final Harness h = new Harness();
        h.recorder.deliver = false;
        h.handshake();
        h.c(10, CISN + 101, SISN + 1, PA, 65535, 100);
        final long fin = h.c(11, CISN + 201, SISN + 1, FIN | ACK, 65535, 0);
        h.s(12, SISN + 1, CISN + 1, ACK, 65535, 0);
        h.s(13, SISN + 1, CISN + 302, ACK, 65535, 0);
        h.tracker.closeAll();
        assertThat(h.recorder.pieces.get(0)).isEmpty();
        assertThat(h.flow().initiator().payloadBytes()).isEqualTo(100);
        assertThat(h.flow().initiator().missedBytes()).as("capture loss is known without payload").isEqualTo(100);
        assertThat(h.recorder.lifecycle).contains("fin " + h.flow().id() + " dir=0 frame=" + fin);
        assertThat(h.tracker.bufferedPageBytes()).isZero();
    }

    @Test
    void deliveryCanBeTurnedOnMidFlow()
    {
        final Harness h = new Harness();
        h.recorder.deliver = false;
        h.handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.flow().deliverPayload(true);
        h.c(11, CISN + 101, SISN + 1, PA, 65535, 40);
        assertThat(h.recorder.dataOf(0)).hasSize(40);
    }

    @Test
    void idleFlowsExpireByStateTimeout()
    {
        final Harness h = new Harness();
        h.c(0, CISN, 0, SYN, 65535, 0);
        final long synOnlyId = h.flow().id();
        h.packets.clientPort = 40001;
        h.handshake();
        final long establishedId = h.flow().id();
        h.packets.clientPort = 40002;
        h.handshake();
        h.c(3, CISN + 1, 0, RST, 0, 0);
        final long resetId = h.flow().id();

        h.tracker.expire(Harness.nanos(6_000));
        assertThat(h.recorder.lifecycle).contains("close " + resetId + " idle_timeout")
            .doesNotContain("close " + synOnlyId + " idle_timeout");
        h.tracker.expire(Harness.nanos(31_000));
        assertThat(h.recorder.lifecycle).contains("close " + synOnlyId + " idle_timeout")
            .doesNotContain("close " + establishedId + " idle_timeout");
        assertThat(h.tracker.activeFlows()).isEqualTo(1);
        h.tracker.closeAll();
        assertThat(h.recorder.lifecycle).contains("close " + establishedId + " end_of_capture");
        assertThat(h.tracker.flowsExpired()).isEqualTo(2);
    }

    @Test
    void ipv6FlowsWork()
    {
        final Harness h = new Harness();
        h.packets.ipv6 = true;
        h.handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 10);
        final TcpFlow flow = h.flow();
        assertThat(flow.ipVersion()).isEqualTo(6);
        assertThat(flow.initiator().addressLo()).isEqualTo(1);
        assertThat(flow.responder().addressLo()).isEqualTo(2);
        assertThat(flow.initiator().ipIdBehaviour()).isEqualTo(IpIdBehaviour.UNKNOWN);
        assertThat(h.recorder.dataOf(0)).hasSize(10);
        assertThat(flow.communityId(new dev.ftp426.flow.CommunityId(0))).startsWith("1:");
    }

    @Test
    void forgedResetSignals()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        h.s(20, SISN + 1, CISN + 101, ACK, 65535, 0);
        // a middlebox 3 hops from the capture resets both ends within a millisecond, with TTLs of its own
        h.packets.clientTtl = 61;
        h.packets.serverTtl = 61;
        final long toServer = h.c(30, CISN + 101, 0, RST, 0, 0);
        final long toClient = h.s(30.4, SISN + 1, 0, RST, 0, 0);
        final TcpFlow flow = h.flow();
        assertThat(flow.pairedResetGapNanos()).isEqualTo(400_000L);
        assertThat(flow.initiator().rstFrame()).isEqualTo(toServer);
        assertThat(flow.responder().rstFrame()).isEqualTo(toClient);
        assertThat(flow.initiator().rstHopDistance()).isEqualTo(3);
        assertThat(flow.initiator().rstTtlMismatch()).as("client baseline is 0 hops").isTrue();
        assertThat(flow.responder().rstTtlMismatch()).as("server baseline is 12 hops").isTrue();
        assertThat(flow.connState()).isEqualTo("RSTR");

        final Harness real = new Harness().handshake();
        real.c(10, CISN + 1, 0, RST, 0, 0);
        assertThat(real.flow().initiator().rstTtlMismatch()).isFalse();
        assertThat(real.flow().pairedResetGapNanos()).isEqualTo(-1);
    }

    @Test
    void challengeAckIsRecordedOnTheSideThatSentIt()
    {
        final Harness h = new Harness().handshake();
        h.s(5, SISN + 1, CISN + 1, ACK, 1000, 0);
        h.c(10, CISN + 500, 0, RST, 0, 0);
        final long challenge = h.s(10.1, SISN + 1, CISN + 1, ACK, 1000, 0);
        assertThat(h.flow().responder().challengeAckFrame()).isEqualTo(challenge);
        assertThat(h.flow().initiator().challengeAckFrame()).isEqualTo(-1);
    }

    @Test
    void streamPositionCountsDeliveredAndSkippedBytes()
    {
        final Harness h = new Harness().handshake();
        h.c(10, CISN + 1, SISN + 1, PA, 65535, 100);
        assertThat(h.flow().initiator().streamPosition()).isEqualTo(100);
        h.s(20, SISN + 1, CISN + 301, ACK, 65535, 0);
        assertThat(h.flow().initiator().streamPosition()).isEqualTo(300);
        assertThat(h.flow().responder().streamPosition()).isZero();
    }
}
