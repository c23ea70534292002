package dev.ftp426.pipeline.facts;

import java.util.List;

import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.EndpointFacts;
import dev.ftp426.attribution.FtpRole;
import dev.ftp426.attribution.IdleSpan;
import dev.ftp426.attribution.ResetPair;
import dev.ftp426.attribution.RetransmissionRun;
import dev.ftp426.attribution.TtlBaseline;
import dev.ftp426.attribution.ZeroWindowSpan;
import org.junit.jupiter.api.Test;

import static dev.ftp426.pipeline.facts.Rig.ACK;
import static dev.ftp426.pipeline.facts.Rig.FIN;
import static dev.ftp426.pipeline.facts.Rig.PSH;
import static dev.ftp426.pipeline.facts.Rig.RST;
import static dev.ftp426.pipeline.facts.Rig.nanos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-built packet sequences through a real TCP tracker into a {@link DataFlowRecorder}. */
class DataFlowRecorderTest
{
    /** A download: the server sends {@code segments} segments of 1000 bytes from 20 ms, 1 ms apart, all ACKed. */
    private static Rig download(final Rig rig, final int segments)
    {
        rig.handshake();
        for (int i = 0; i < segments; i++)
        {
            rig.s(20 + i, 1001 + 1000L * i, 101, ACK | PSH, 502, 1000);
            rig.c(20.5 + i, 101, 1001 + 1000L * (i + 1), ACK, 502, 0);
        }
        return rig;
    }

    @Test
    void ttlBaselinesLeaveResetsOutAndKeepTheBand()
    {
        final Rig rig = download(new Rig(), 3);
        rig.serverTtl = 51;
        rig.s(30, 4001, 101, ACK, 502, 1000);
        rig.send(31, false, 5001, 0, RST, 0, 0, 255);

        final DataFlowFacts f = rig.facts(FtpRole.SERVER);
        assertThat(f.server().ttl()).isEqualTo(new TtlBaseline(52, 51, 52, 5));
        assertThat(f.client().ttl()).isEqualTo(new TtlBaseline(64, 64, 64, 5));
        assertThat(f.server().ttl().matches(255)).isFalse();
        assertThat(f.server().rst().ttl()).isEqualTo(255);
        assertThat(f.client().ttl().hopDistance()).isZero();
        assertThat(f.server().ttl().hopDistance()).isEqualTo(12);
    }

    @Test
    void firstFinAndFirstRstOfEachSide()
    {
        final Rig rig = download(new Rig(), 2);
        final long serverFin = rig.s(30, 3001, 101, ACK | FIN, 502, 0);
        rig.s(230, 3001, 101, ACK | FIN, 502, 0);
        final long clientRst = rig.c(240, 101, 0, RST, 0, 0);
        rig.c(241, 101, 0, RST, 0, 0);

        final DataFlowFacts f = rig.facts(FtpRole.SERVER);
        assertThat(f.server().fin().frame()).isEqualTo(serverFin);
        assertThat(f.server().fin().tsNanos()).isEqualTo(nanos(30));
        assertThat(f.server().fin().ttl()).isEqualTo(52);
        assertThat(f.server().rst()).isNull();
        assertThat(f.client().fin()).isNull();
        assertThat(f.client().rst().frame()).isEqualTo(clientRst);
        assertThat(f.client().rstCount()).isEqualTo(2);
        assertThat(f.client().rst().copies()).isEqualTo(1);
        assertThat(f.client().rst().seq()).isEqualTo(101);
        assertThat(f.client().firstClose().frame()).isEqualTo(clientRst);
        assertThat(f.server().payloadBytes()).isEqualTo(2000);
        assertThat(f.client().payloadBytes()).isZero();
        assertThat(f.server().lastDataFrame()).isEqualTo(serverFin - 2);
    }

    @Test
    void activityAfterOwnResetIsCounted()
    {
        final Rig rig = download(new Rig(), 2);
        final long forged = rig.send(25, false, 3001, 101, RST | ACK, 0, 0, 64);
        final long next = rig.s(26, 3001, 101, ACK | PSH, 502, 1000);
        rig.c(26.5, 101, 4001, ACK, 502, 0);
        rig.s(27, 4001, 101, ACK, 502, 0);

        final DataFlowFacts f = rig.facts(FtpRole.SERVER);
        assertThat(f.server().rst().frame()).isEqualTo(forged);
        assertThat(f.server().afterRst().count()).isEqualTo(2);
        assertThat(f.server().afterRst().firstFrame()).isEqualTo(next);
        assertThat(f.server().afterRst().withData()).isEqualTo(1);
        assertThat(f.client().afterRst()).isNull();
        assertThat(f.server().rst().ttl()).isNotIn(f.server().ttl().min(), f.server().ttl().max());
    }

    @Test
    void resetsTowardsBothEndsWithinFiveMillisecondsFormAPair()
    {
        final Rig rig = download(new Rig(), 2);
        final long towardServer = rig.send(30, true, 101, 3001, RST | ACK, 0, 0, 64);
        rig.send(30.5, true, 101, 3001, RST | ACK, 0, 0, 64);
        final long towardClient = rig.send(32, false, 3001, 101, RST | ACK, 0, 0, 64);

        final List<ResetPair> pairs = rig.facts(FtpRole.SERVER).resetPairs();
        assertThat(pairs).containsExactly(new ResetPair(towardClient, towardServer, nanos(30), 2_000_000));

        final Rig apart = download(new Rig(), 2);
        apart.send(30, true, 101, 3001, RST | ACK, 0, 0, 64);
        apart.send(36, false, 3001, 101, RST | ACK, 0, 0, 64);
        assertThat(apart.facts(FtpRole.SERVER).resetPairs()).isEmpty();
    }

    @Test
    void backedOffRetransmissionsNeverAcknowledged()
    {
        final Rig rig = download(new Rig(), 2);
        final long original = rig.s(30, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(230, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(630, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(1430, 3001, 101, ACK | PSH, 502, 1000);
        final long last = rig.s(3030, 3001, 101, ACK | PSH, 502, 1000);

        final DataFlowFacts open = rig.facts(FtpRole.SERVER);
        final RetransmissionRun run = open.server().lastRun();
        assertThat(run.firstFrame()).isEqualTo(original);
        assertThat(run.lastFrame()).isEqualTo(last);
        assertThat(run.lastNanos()).isEqualTo(nanos(3030));
        assertThat(run.count()).isEqualTo(4);
        assertThat(run.segmentLength()).isEqualTo(1000);
        assertThat(run.backoff()).isTrue();
        assertThat(run.ackedBeforeEnd()).isFalse();
        assertThat(run.ackedNanos()).isEqualTo(-1);
        assertThat(open.server().retransmissions()).isEqualTo(4);
        assertThat(open.server().fin()).isNull();

        rig.tracker.closeAll();
        assertThat(rig.recorder.isClosed()).isTrue();
        assertThat(rig.facts(FtpRole.SERVER)).isEqualTo(open);
    }

    @Test
    void backoffIsJudgedOnTheTrailingGapsOfTheRun()
    {
        final Rig rig = download(new Rig(), 2);
        rig.s(30, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(230, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(232, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(632, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(1432, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(3032, 3001, 101, ACK | PSH, 502, 1000);

        final RetransmissionRun run = rig.facts(FtpRole.SERVER).server().lastRun();
        assertThat(run.count()).isEqualTo(5);
        assertThat(run.backoff()).isTrue();

        final Rig flat = download(new Rig(), 2);
        flat.s(30, 3001, 101, ACK | PSH, 502, 1000);
        flat.s(230, 3001, 101, ACK | PSH, 502, 1000);
        flat.s(630, 3001, 101, ACK | PSH, 502, 1000);
        flat.s(1430, 3001, 101, ACK | PSH, 502, 1000);
        flat.s(1530, 3001, 101, ACK | PSH, 502, 1000);
        assertThat(flat.facts(FtpRole.SERVER).server().lastRun().backoff()).isFalse();
    }

    /** The handshake as a forwarding capture shows it: every packet twice, the second copy one hop lower. */
    private static void forwardedHandshake(final Rig rig)
    {
        rig.send(0, true, 100, 0, Rig.SYN, 64240, 0, 64);
        rig.send(0.01, true, 100, 0, Rig.SYN, 64240, 0, 63);
        rig.send(10, false, 1000, 101, Rig.SYN | ACK, 65160, 0, 52);
        rig.send(10.01, false, 1000, 101, Rig.SYN | ACK, 65160, 0, 51);
        rig.send(10.1, true, 101, 1001, ACK, 502, 0, 64);
        rig.send(10.11, true, 101, 1001, ACK, 502, 0, 63);
    }

    @Test
    void packetsTheForwarderDidNotPassOnAreNoted()
    {
        final Rig rig = new Rig();
        forwardedHandshake(rig);
        long seq = 1001;
        for (int i = 0; i < 12; i++)
        {
            final double t = 20 + i;
            if (i == 3)
            {
                rig.send(t, false, seq, 101, ACK | PSH, 502, 1000, 52); // dropped: seen incoming only
            }
            else
            {
                rig.send(t, false, seq, 101, ACK | PSH, 502, 1000, 52);
                rig.send(t + 0.01, false, seq, 101, ACK | PSH, 502, 1000, 51);
            }
            seq += 1000;
        }
        final DataFlowFacts f = rig.facts(FtpRole.SERVER);
        assertThat(f.server().firstUnforwardedNanos()).isEqualTo(nanos(23));
        assertThat(f.client().firstUnforwardedNanos()).isEqualTo(-1);

        final Rig all = new Rig();
        forwardedHandshake(all);
        for (int i = 0; i < 12; i++)
        {
            all.send(20 + i, false, 1001 + 1000L * i, 101, ACK | PSH, 502, 1000, 52);
            all.send(20.01 + i, false, 1001 + 1000L * i, 101, ACK | PSH, 502, 1000, 51);
        }
        assertThat(all.facts(FtpRole.SERVER).server().firstUnforwardedNanos()).isEqualTo(-1);
    }

    @Test
    void evenGapsAreNoBackoffAndALateAckIsSeen()
    {
        final Rig rig = download(new Rig(), 2);
        rig.s(30, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(230, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(430, 3001, 101, ACK | PSH, 502, 1000);
        rig.s(630, 3001, 101, ACK | PSH, 502, 1000);
        rig.c(640, 101, 4001, ACK, 502, 0);
        rig.s(700, 4001, 101, ACK | FIN, 502, 0);

        final RetransmissionRun run = rig.facts(FtpRole.SERVER).server().lastRun();
        assertThat(run.count()).isEqualTo(3);
        assertThat(run.backoff()).isFalse();
        assertThat(run.ackedNanos()).isEqualTo(nanos(640));
        assertThat(run.ackedBeforeEnd()).isTrue();
    }

    @Test
    void zeroWindowThatReopens()
    {
        final Rig rig = download(new Rig(), 2);
        final long start = rig.c(25, 101, 3001, ACK, 0, 0);
        rig.c(225, 101, 3001, ACK, 0, 0);
        final long reopen = rig.c(425, 101, 3001, ACK, 502, 0);

        final List<ZeroWindowSpan> spans = rig.facts(FtpRole.SERVER).client().zeroWindows();
        assertThat(spans).containsExactly(new ZeroWindowSpan(start, nanos(25), reopen, nanos(425), true));
        assertThat(rig.facts(FtpRole.SERVER).server().zeroWindows()).isEmpty();
    }

    @Test
    void zeroWindowThatLastsToTheEnd()
    {
        final Rig rig = download(new Rig(), 2);
        rig.c(25, 101, 3001, ACK, 0, 0);
        final long start = rig.c(26, 101, 3001, ACK, 502, 0);
        rig.s(27, 3001, 101, ACK, 502, 1000);
        final long closed = rig.c(28, 101, 4001, ACK, 0, 0);
        rig.s(300, 4001, 101, ACK, 502, 1);
        final long lastZero = rig.c(300.1, 101, 4001, ACK, 0, 0);
        rig.c(5000, 101, 4001, ACK | RST, 0, 0);

        final List<ZeroWindowSpan> spans = rig.facts(FtpRole.SERVER).client().zeroWindows();
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).endFrame()).isEqualTo(start);
        assertThat(spans.get(1)).isEqualTo(new ZeroWindowSpan(closed, nanos(28), lastZero, nanos(300.1), false));
        assertThat(spans.get(1).closedAt(nanos(4000))).isTrue();
    }

    @Test
    void idleSenderWithNothingOutstandingAndAnOpenWindow()
    {
        final Rig rig = download(new Rig(), 3);
        final long lastData = rig.s(23, 4001, 101, ACK | PSH, 502, 500);
        rig.c(23.5, 101, 4501, ACK, 502, 0);
        rig.c(5023, 101, 4501, ACK | FIN, 502, 0);

        final IdleSpan idle = rig.facts(FtpRole.SERVER).senderIdle();
        assertThat(idle).isEqualTo(new IdleSpan(FtpRole.SERVER, lastData, nanos(23), -1, nanos(5023), 0, true));
        assertThat(idle.durationNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void idleSenderWaitingForAcknowledgements()
    {
        final Rig rig = download(new Rig(), 2);
        final long lastData = rig.s(22, 3001, 101, ACK | PSH, 502, 1000);
        rig.c(22.5, 101, 3001, ACK, 0, 0);
        final long next = rig.s(2022, 3001, 101, ACK | PSH, 502, 1000);

        final IdleSpan idle = rig.facts(FtpRole.SERVER).senderIdle();
        assertThat(idle.startFrame()).isEqualTo(lastData);
        assertThat(idle.endFrame()).isEqualTo(next);
        assertThat(idle.endNanos()).isEqualTo(nanos(2022));
        assertThat(idle.bytesOutstanding()).isEqualTo(1000);
        assertThat(idle.peerWindowOpen()).isFalse();
    }

    @Test
    void forwardedCopiesAreCountedOnceAndAnInjectedResetIsSeenOnce()
    {
        final Rig single = download(new Rig(), 3);
        single.send(30, false, 4001, 101, RST, 0, 0, 64);
        final Rig router = new Rig();
        router.forwarding = true;
        download(router, 3);
        router.forwarding = false;
        router.send(30, false, 4001, 101, RST, 0, 0, 64);
        router.forwarding = true;
        router.c(31, 101, 4001, ACK | RST, 0, 0);

        final DataFlowFacts a = single.facts(FtpRole.SERVER);
        final DataFlowFacts b = router.facts(FtpRole.SERVER);
        assertThat(router.recorder.forwardedCopies()).isEqualTo(10);
        assertThat(router.recorder.rawPackets()).isEqualTo(21);
        assertThat(b.server().packets()).isEqualTo(a.server().packets());
        assertThat(b.client().packets()).isEqualTo(a.client().packets() + 1);
        assertThat(b.server().retransmissions()).isZero();
        assertThat(b.client().dupAcks()).isZero();
        assertThat(b.server().ttl()).isEqualTo(new TtlBaseline(52, 51, 52, 8));
        assertThat(b.server().rst().copies()).isEqualTo(1);
        assertThat(b.client().rst().copies()).isEqualTo(2);
        assertThat(b.server().payloadBytes()).isEqualTo(3000);
        assertThat(b.handshake()).isEqualTo(a.handshake());
        assertThat(router.context().forwardedDuplicates()).isTrue();
        assertThat(single.context().forwardedDuplicates()).isFalse();
    }

    @Test
    void retransmissionTenMillisecondsLaterIsNoForwardedCopy()
    {
        final Rig rig = download(new Rig(), 2);
        rig.s(30, 3001, 101, ACK | PSH, 502, 1000);
        rig.serverTtl = 51;
        rig.s(40, 3001, 101, ACK | PSH, 502, 1000);
        assertThat(rig.recorder.forwardedCopies()).isZero();
        assertThat(rig.facts(FtpRole.SERVER).server().retransmissions()).isEqualTo(1);
    }

    @Test
    void rolesFollowTheEndpointsNotTheTcpDirection()
    {
        final Rig rig = new Rig();
        rig.s(0, 1000, 0, Rig.SYN, 64240, 0);
        rig.c(5, 100, 1001, Rig.SYN | ACK, 65160, 0);
        rig.s(5.1, 1001, 101, ACK, 502, 0);
        rig.s(6, 1001, 101, ACK | PSH, 502, 700);

        final DataFlowFacts f = rig.facts(null);
        assertThat(f.tcpOriginator()).isEqualTo(FtpRole.SERVER);
        assertThat(f.handshake().originator()).isEqualTo(FtpRole.SERVER);
        assertThat(f.handshake().delta1()).isEqualTo(5_000_000);
        assertThat(f.handshake().delta2()).isEqualTo(100_000);
        assertThat(f.clientEndpoint()).isEqualTo(Rig.CLIENT);
        assertThat(f.serverEndpoint()).isEqualTo(Rig.SERVER);
        assertThat(f.server().payloadBytes()).isEqualTo(700);
        assertThat(f.server().mss()).isEqualTo(1460);
        assertThat(f.senderIdle().sender()).isEqualTo(FtpRole.SERVER);
        assertThat(rig.recorder.directionOf(Rig.CLIENT)).isEqualTo(1);
        assertThatThrownBy(() -> rig.recorder.snapshot(new dev.ftp426.attribution.Endpoint("192.0.2.1", 1),
            new dev.ftp426.attribution.Endpoint("192.0.2.2", 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotSurvivesTheFlowBeingRecycled()
    {
        final Rig rig = download(new Rig(), 2);
        rig.s(30, 3001, 101, ACK | FIN, 502, 0);
        rig.c(30.1, 101, 3002, ACK | FIN, 502, 0);
        rig.s(30.2, 3002, 102, ACK, 502, 0);
        rig.tracker.closeAll();
        final DataFlowFacts closed = rig.facts(FtpRole.SERVER);

        final dev.ftp426.tcp.TcpFlow pooled = rig.flow;
        rig.c(40000, 5000, 0, Rig.SYN, 64240, 0);
        rig.s(40010, 9000, 5001, Rig.SYN | ACK, 65160, 0);
        rig.s(40020, 9001, 5001, ACK, 502, 1000);
        rig.recorder.onPacket(pooled, 1, rig.packet);

        assertThat(rig.facts(FtpRole.SERVER)).isEqualTo(closed);
        final EndpointFacts server = closed.server();
        assertThat(server.packets()).isEqualTo(5);
        assertThat(closed.lastFrame()).isEqualTo(10);
    }

    @Test
    void icmpFragmentationNeededQuotingTheConnection()
    {
        final Rig rig = download(new Rig(), 1);
        rig.frame++;
        rig.packet.reset(rig.frame, nanos(30), 70);
        rig.packet.ipv4(Rig.SERVER_IP, Rig.CLIENT_IP, 60, 1, true, dev.ftp426.decode.DecodedPacket.PROTO_TCP);
        rig.packet.tcp(Rig.SERVER_PORT, Rig.CLIENT_PORT, 2001, 101, ACK, 502, 0);
        rig.packet.icmpError(3, 4, 1280);
        rig.tracker.onPacket(rig.packet);

        final DataFlowFacts f = rig.facts(FtpRole.SERVER);
        assertThat(f.icmpFragNeeded().count()).isEqualTo(1);
        assertThat(f.icmpFragNeeded().firstFrame()).isEqualTo(rig.frame);
    }

    @Test
    void captureGapsComeFromTheTrackersAnalysis()
    {
        final Rig rig = download(new Rig(), 1);
        final long gap = rig.s(22, 3001, 101, ACK | PSH, 502, 1000);
        final long unseen = rig.c(22.5, 101, 5001, ACK, 502, 0);

        final DataFlowFacts f = rig.facts(FtpRole.SERVER);
        assertThat(f.previousSegmentNotCaptured().count()).isEqualTo(1);
        assertThat(f.previousSegmentNotCaptured().firstFrame()).isEqualTo(gap);
        assertThat(f.ackedUnseen().count()).isEqualTo(1);
        assertThat(f.ackedUnseen().firstFrame()).isEqualTo(unseen);
    }
}
