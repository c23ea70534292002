package dev.ftp426.attribution;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.ftp426.attribution.Scenario.t;
import static org.assertj.core.api.Assertions.assertThat;

/** Each signal function on hand-built facts: where it fires, how strongly, and where it must stay silent. */
class SignalsTest
{
    @Test
    void abortWithTelnetSynchIsFullStrengthAndPlainAbortSlightlyLess()
    {
        final Scenario oob = new Scenario();
        oob.transfer.abort(new Abort(450, Scenario.t(9.5), true, true, true))
            .following(List.of(new Reply(226, "ABOR successful.", 502, t(10.01))));
        final SignalResult r = oob.signal(Signal.ABOR_BEFORE_FAILURE);
        assertThat(r.strength()).isEqualTo(1.0);
        assertThat(r.evidence()).extracting(Evidence::frame).containsExactly(450L, 502L);

        final Scenario plain = new Scenario();
        plain.transfer.abort(new Abort(450, t(9.5), false, false, false));
        assertThat(plain.signal(Signal.ABOR_BEFORE_FAILURE).strength()).isEqualTo(0.9);
    }

    @Test
    void abortAfterTheReplyDidNotCauseIt()
    {
        final Scenario s = new Scenario();
        s.transfer.abort(new Abort(510, t(10.5), true, true, true));
        assertThat(s.signal(Signal.ABOR_BEFORE_FAILURE).present()).isFalse();
    }

    @Test
    void clientCloseMidDownloadWithItsOwnTtlIsGenuine()
    {
        final Scenario s = new Scenario().clientRst(430, 9.9, 64);
        final SignalResult r = s.signal(Signal.RECEIVER_CLOSED_EARLY);
        assertThat(r.strength()).isEqualTo(1.0);
        assertThat(r.headline()).contains("reset").contains("430");
    }

    @Test
    void clientCloseWithAForeignTtlIsWeak()
    {
        final Scenario s = new Scenario().clientRst(430, 9.9, 60);
        assertThat(s.signal(Signal.RECEIVER_CLOSED_EARLY).strength()).isLessThan(0.3);
    }

    @Test
    void clientCloseAfterTheServerFinishedIsNotEarly()
    {
        final Scenario s = new Scenario();
        s.server.fin(new PacketMark(420, t(8.0), 63));
        s.client.fin(new PacketMark(421, t(8.1), 64));
        assertThat(s.signal(Signal.RECEIVER_CLOSED_EARLY).present()).isFalse();
    }

    @Test
    void clientCloseAfterEveryAnnouncedByteIsWeak()
    {
        final Scenario s = new Scenario();
        s.server.payloadBytes(1_000_000);
        s.client.fin(new PacketMark(421, t(8.1), 64));
        assertThat(s.signal(Signal.RECEIVER_CLOSED_EARLY).strength()).isLessThan(0.5);
    }

    @Test
    void clientResetOnUploadOnlyCountsForUploads()
    {
        assertThat(new Scenario().upload().clientRst(430, 9.9, 64).signal(Signal.CLIENT_RESET_UPLOAD).strength())
            .isEqualTo(1.0);
        assertThat(new Scenario().clientRst(430, 9.9, 64).signal(Signal.CLIENT_RESET_UPLOAD).present()).isFalse();
        assertThat(new Scenario().upload().clientRst(430, 9.9, 64).signal(Signal.RECEIVER_CLOSED_EARLY).present())
            .isFalse();
    }

    @Test
    void zeroWindowStillClosedAtTheFailureIsAStall()
    {
        final Scenario s = new Scenario();
        s.client.zeroWindows(Scenario.zeroWindow(5.0, 9.8, false));
        final SignalResult r = s.signal(Signal.CLIENT_ZERO_WINDOW_AT_FAILURE);
        assertThat(r.strength()).isEqualTo(1.0);
        assertThat(s.signal(Signal.ZERO_WINDOW_RECOVERED).present()).isFalse();
    }

    @Test
    void zeroWindowThatReopenedBeforeTheTimeoutIsNoStall()
    {
        final Scenario s = new Scenario();
        s.client.zeroWindows(Scenario.zeroWindow(5.0, 7.0, true));
        assertThat(s.signal(Signal.CLIENT_ZERO_WINDOW_AT_FAILURE).present()).isFalse();
        assertThat(s.signal(Signal.ZERO_WINDOW_RECOVERED).present()).isTrue();
    }

    @Test
    void zeroWindowEndedByTheClientsOwnCloseIsNotAStall()
    {
        final Scenario s = new Scenario().clientRst(430, 9.0, 64);
        s.client.zeroWindows(Scenario.zeroWindow(5.0, 8.9, false));
        assertThat(s.signal(Signal.CLIENT_ZERO_WINDOW_AT_FAILURE).present()).isFalse();
    }

    @Test
    void timeoutReplies()
    {
        final Scenario s421 = new Scenario();
        s421.transfer.completion(new Reply(421, "Data timeout. Reconnect. Sorry.", 500, t(10)));
        assertThat(s421.signal(Signal.TIMEOUT_REPLY).strength()).isEqualTo(1.0);
        final Scenario s450 = new Scenario();
        s450.transfer.completion(new Reply(450, "Transfer aborted. Link to file server lost", 500, t(10)));
        assertThat(s450.signal(Signal.TIMEOUT_REPLY).strength()).isEqualTo(0.7);
        assertThat(new Scenario().signal(Signal.TIMEOUT_REPLY).present()).isFalse();
    }

    @Test
    void serverResetWithItsBaselineTtlIsGenuineUnlessItKeptTalking()
    {
        assertThat(new Scenario().serverRst(430, 9.9, 63).signal(Signal.SERVER_GENUINE_RESET).strength())
            .isEqualTo(1.0);
        final Scenario talking = new Scenario().serverRst(430, 9.9, 63);
        talking.server.afterRst(new PostResetActivity(3, 431, t(9.95), 3));
        assertThat(talking.signal(Signal.SERVER_GENUINE_RESET).strength()).isLessThan(0.3);
        final Scenario afterClient = new Scenario().serverRst(430, 9.9, 63).clientRst(429, 9.8, 64);
        assertThat(afterClient.signal(Signal.SERVER_GENUINE_RESET).present()).isFalse();
    }

    @Test
    void serverSilenceWithOpenWindowUntilTheClientGivesUp()
    {
        final Scenario s = new Scenario();
        s.flow.senderIdle(new IdleSpan(FtpRole.SERVER, 400, t(2.0), 460, t(9.5), 0, true));
        s.client.fin(new PacketMark(430, t(8.0), 64));
        assertThat(s.signal(Signal.SERVER_IDLE_OPEN_WINDOW).strength()).isEqualTo(1.0);

        final Scenario outstanding = new Scenario();
        outstanding.flow.senderIdle(new IdleSpan(FtpRole.SERVER, 400, t(2.0), 460, t(9.5), 1448, true));
        outstanding.client.fin(new PacketMark(430, t(8.0), 64));
        assertThat(outstanding.signal(Signal.SERVER_IDLE_OPEN_WINDOW).present()).isFalse();

        final Scenario shortPause = new Scenario();
        shortPause.flow.senderIdle(new IdleSpan(FtpRole.SERVER, 400, t(7.6), 460, t(9.5), 0, true));
        shortPause.client.fin(new PacketMark(430, t(8.0), 64));
        assertThat(shortPause.signal(Signal.SERVER_IDLE_OPEN_WINDOW).present()).isFalse();
    }

    @Test
    void dataStoppingUntilTheReplyWhileTheReceiverWaits()
    {
        final Scenario s = new Scenario();
        s.flow.senderIdle(new IdleSpan(FtpRole.SERVER, 400, t(5.0), -1, t(11.0), 0, true));
        assertThat(s.signal(Signal.DATA_STOPPED_THEN_FAILED).strength()).isEqualTo(1.0);
        s.client.fin(new PacketMark(430, t(8.0), 64));
        assertThat(s.signal(Signal.DATA_STOPPED_THEN_FAILED).present()).isFalse();
    }

    @Test
    void rtoBackoffNeverAcknowledged()
    {
        final Scenario s = new Scenario();
        s.server.retransmissions(5).lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 5, 400_001, 1448, true,
            false, -1));
        assertThat(s.signal(Signal.RTO_BACKOFF_UNACKED).strength()).isGreaterThanOrEqualTo(0.75);

        final Scenario acked = new Scenario();
        acked.server.retransmissions(2).lastRun(new RetransmissionRun(400, t(5.0), 401, t(5.2), 2, 400_001, 1448,
            false, true, t(5.25)));
        assertThat(acked.signal(Signal.RTO_BACKOFF_UNACKED).present()).isFalse();
    }

    @Test
    void rtoBackoffAfterAnAckThatPassedTheCapturePoint()
    {
        final Scenario s = new Scenario();
        s.server.retransmissions(4).lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 4, 400_001, 1448, true,
            true, t(5.001)));
        final SignalResult r = s.signal(Signal.RTO_BACKOFF_UNACKED);
        assertThat(r.strength()).isEqualTo(0.8);
        assertThat(r.headline()).contains("never reached");
    }

    @Test
    void heavyLossNeedsManyRetransmissionsAndHolesReported()
    {
        final Scenario s = new Scenario();
        s.server.retransmissions(80);
        s.client.dupAcks(70);
        assertThat(s.signal(Signal.HEAVY_LOSS).strength()).isEqualTo(1.0);
        final Scenario few = new Scenario();
        few.server.retransmissions(5);
        few.client.dupAcks(10);
        assertThat(few.signal(Signal.HEAVY_LOSS).present()).isFalse();
        final Scenario noHoles = new Scenario();
        noHoles.server.retransmissions(80);
        assertThat(noHoles.signal(Signal.HEAVY_LOSS).present()).isFalse();
    }

    @Test
    void heavyLossOfATransferThatDiedEarlyCountsByShare()
    {
        final Scenario s = new Scenario();
        s.server.packets(80).retransmissions(15).lastRun(new RetransmissionRun(107, t(5.0), 122, t(7.2), 4,
            72_401, 1448, true, false, -1));
        s.client.dupAcks(12).sackAcks(12);
        final SignalResult r = s.signal(Signal.HEAVY_LOSS);
        assertThat(r.present()).isTrue();
        assertThat(r.strength()).isEqualTo(0.5 + 0.5 * (11 / 80.0 - 0.05) / 0.1);
        assertThat(s.verdict().cause()).isEqualTo(Cause.NETWORK_HEAVY_LOSS);

        final Scenario sparse = new Scenario();
        sparse.server.packets(800).retransmissions(15).lastRun(new RetransmissionRun(107, t(5.0), 122, t(7.2), 4,
            72_401, 1448, true, false, -1));
        sparse.client.dupAcks(12);
        assertThat(sparse.signal(Signal.HEAVY_LOSS).present()).isFalse();
        s.server.retransmissions(8);
        assertThat(s.signal(Signal.HEAVY_LOSS).present()).as("4 outside the run").isFalse();
        assertThat(sparse.verdict().cause()).isEqualTo(Cause.NETWORK_LOSS_TIMEOUT);
    }

    /** The server's host firewall reset the server's socket: 426 at 10 s, then the client's FIN meets the server's RST. */
    private static Scenario serverHostResetItsSocket()
    {
        final Scenario s = new Scenario().serverRst(520, 10.4, 63);
        s.client.fin(new PacketMark(519, t(10.4), 64));
        return s;
    }

    @Test
    void serverHostResetItsSocketWithoutAPacketOnTheWire()
    {
        final Scenario s = serverHostResetItsSocket();
        assertThat(s.signal(Signal.SERVER_ABORTED_SILENTLY).strength()).isEqualTo(0.6);
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.SERVER_ABORT);

        final Scenario atServer = serverHostResetItsSocket();
        atServer.client.ttl(TtlBaseline.of(63, 200)).fin(new PacketMark(519, t(10.4), 63));
        atServer.server.ttl(TtlBaseline.of(64, 300)).rst(new ResetFacts(520, t(10.4), 64, 400_001, true, 1, false), 1);
        atServer.flow.handshake(new Handshake(FtpRole.CLIENT, 21, t(1.0), t(1.0001), t(1.02)));
        assertThat(atServer.signal(Signal.SERVER_ABORTED_SILENTLY).strength()).isEqualTo(1.0);
        assertThat(atServer.verdict().cause()).isEqualTo(Cause.SERVER_ABORT);
    }

    @Test
    void aServerResetAfterItsOwnFinOrAfterTheClientClosedIsNoSilentAbort()
    {
        final Scenario finFirst = serverHostResetItsSocket();
        finFirst.server.fin(new PacketMark(515, t(10.1), 63));
        assertThat(finFirst.signal(Signal.SERVER_ABORTED_SILENTLY).present()).isFalse();

        final Scenario clientFirst = serverHostResetItsSocket();
        clientFirst.client.fin(new PacketMark(490, t(9.0), 64));
        assertThat(clientFirst.signal(Signal.SERVER_ABORTED_SILENTLY).present()).isFalse();

        final Scenario forged = new Scenario().serverRst(520, 10.4, 64);
        assertThat(forged.signal(Signal.SERVER_ABORTED_SILENTLY).present()).isFalse();

        final Scenario blackhole = serverHostResetItsSocket();
        blackhole.server.retransmissions(5).lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 5, 400_001,
            1448, true, false, -1));
        assertThat(blackhole.signal(Signal.SERVER_ABORTED_SILENTLY).present()).isFalse();

        final Scenario local = serverHostResetItsSocket();
        local.transfer.completion(new Reply(451, "Failure reading local file.", 500, t(10.0)));
        assertThat(local.signal(Signal.SERVER_ABORTED_SILENTLY).present()).isFalse();
    }

    @Test
    void anUploadResetThatAnswersTheServersCloseIsNotTheClientsAbort()
    {
        final Scenario s = new Scenario().upload().clientRst(499, 9.9995, 64);
        s.transfer.completion(new Reply(421, "Data timeout. Reconnect. Sorry.", 500, t(10.0)));
        assertThat(s.signal(Signal.CLIENT_RESET_UPLOAD).present()).isTrue();
        s.server.fin(new PacketMark(498, t(9.999), 63));
        assertThat(s.signal(Signal.CLIENT_RESET_UPLOAD).present()).isFalse();
        assertThat(s.assess().verdict().map(Verdict::cause)).isNotEqualTo(java.util.Optional.of(
            Cause.CLIENT_UPLOAD_ABORT));
    }

    @Test
    void resetWithTheForgersTtlMismatchesTheClaimedSender()
    {
        final Scenario s = new Scenario().serverRst(430, 9.9, 64);
        final SignalResult r = s.signal(Signal.RESET_TTL_MISMATCH);
        assertThat(r.strength()).isEqualTo(1.0);
        assertThat(r.evidence().get(0).text()).contains("TTL 64").contains("TTL 63");
        assertThat(new Scenario().serverRst(430, 9.9, 63).signal(Signal.RESET_TTL_MISMATCH).present()).isFalse();
    }

    @Test
    void resetWithTheRightTtlButFollowedByTrafficFromTheClaimedSender()
    {
        final Scenario s = new Scenario().serverRst(430, 9.9, 63);
        s.server.afterRst(new PostResetActivity(4, 432, t(9.95), 2));
        assertThat(s.signal(Signal.RESET_TTL_MISMATCH).present()).isFalse();
        assertThat(s.signal(Signal.POST_RESET_ACTIVITY).strength()).isEqualTo(1.0);
    }

    @Test
    void resetLongAfterTheReplyIsNoForgeryEvidence()
    {
        final Scenario s = new Scenario().serverRst(600, 20.0, 64);
        assertThat(s.signal(Signal.RESET_TTL_MISMATCH).present()).isFalse();
        final Scenario soon = new Scenario().serverRst(501, 10.001, 64);
        assertThat(soon.signal(Signal.RESET_TTL_MISMATCH).strength()).isEqualTo(0.8);
    }

    @Test
    void resetSeenOnceOnAForwardingCapture()
    {
        final Scenario s = new Scenario();
        s.capture = new CaptureContext(113, true, -1, -1, List.of());
        s.client.ttl(new TtlBaseline(64, 63, 64, 400)).rst(new ResetFacts(430, t(9.9), 64, 1, true, 1, false), 1);
        s.server.ttl(new TtlBaseline(64, 63, 64, 600));
        assertThat(s.signal(Signal.RESET_SEEN_ONCE_ON_FORWARDER).strength()).isEqualTo(0.9);
        assertThat(s.signal(Signal.RESET_TTL_MISMATCH).present()).isFalse();
        s.client.rst(new ResetFacts(430, t(9.9), 64, 1, true, 2, false), 1);
        assertThat(s.signal(Signal.RESET_SEEN_ONCE_ON_FORWARDER).present()).isFalse();
        s.capture = CaptureContext.UNKNOWN;
        s.client.rst(new ResetFacts(430, t(9.9), 64, 1, true, 1, false), 1);
        assertThat(s.signal(Signal.RESET_SEEN_ONCE_ON_FORWARDER).present()).isFalse();
    }

    @Test
    void aResetSeenOnceOnAForwarderThatDropsTheSendersPacketsMayBeADrop()
    {
        final Scenario s = new Scenario();
        s.capture = new CaptureContext(113, true, -1, -1, List.of());
        s.client.ttl(new TtlBaseline(64, 63, 64, 400));
        s.server.ttl(new TtlBaseline(64, 63, 64, 600)).firstUnforwarded(t(6.0))
            .rst(new ResetFacts(430, t(9.9), 64, 400_001, true, 1, false), 1);
        assertThat(s.signal(Signal.RESET_SEEN_ONCE_ON_FORWARDER).present()).isFalse();

        s.server.rst(new ResetFacts(430, t(9.9), 255, 400_001, true, 1, false), 1);
        assertThat(s.signal(Signal.RESET_SEEN_ONCE_ON_FORWARDER).present()).as("the forwarder's own TTL").isTrue();

        s.server.firstUnforwarded(t(9.95)).rst(new ResetFacts(430, t(9.9), 64, 400_001, true, 1, false), 1);
        assertThat(s.signal(Signal.RESET_SEEN_ONCE_ON_FORWARDER).present()).as("drops only after the RST").isTrue();
    }

    @Test
    void resetsToBothEndsAtOnce()
    {
        final Scenario s = new Scenario();
        s.flow.resetPairs(List.of(new ResetPair(431, 430, t(9.9), 60_000)));
        assertThat(s.signal(Signal.PAIRED_RESETS).strength()).isEqualTo(1.0);
        assertThat(new Scenario().signal(Signal.PAIRED_RESETS).present()).isFalse();
    }

    @Test
    void captureLossOnlyCountsNearTheFailure()
    {
        final Scenario s = new Scenario();
        s.flow.ackedUnseen(new CaptureGaps(3, 480, t(9.7), 490, t(9.8)));
        assertThat(s.signal(Signal.CAPTURE_LOSS_AT_FAILURE).strength()).isEqualTo(0.8);
        s.capture = new CaptureContext(1, false, 12, 0, List.of(new DropWindow(t(9.0), t(10.0), 12)));
        assertThat(s.signal(Signal.CAPTURE_LOSS_AT_FAILURE).strength()).isEqualTo(1.0);

        final Scenario early = new Scenario();
        early.flow.ackedUnseen(new CaptureGaps(3, 100, t(2.0), 110, t(2.1)));
        assertThat(early.signal(Signal.CAPTURE_LOSS_AT_FAILURE).present()).isFalse();
    }

    @Test
    void controlBytesMissingNearTheFailureAreCaptureLoss()
    {
        final Scenario s = new Scenario();
        s.transfer.controlGaps(List.of(new ControlGap(495, t(9.5), 499, t(9.9), 120)));
        assertThat(s.signal(Signal.CAPTURE_LOSS_AT_FAILURE).strength()).isEqualTo(0.6);
        final Scenario silence = new Scenario();
        silence.transfer.controlGaps(List.of(new ControlGap(495, t(9.5), 499, t(9.9), 0)));
        assertThat(silence.signal(Signal.CAPTURE_LOSS_AT_FAILURE).present()).isFalse();
    }

    @Test
    void sequenceGapsAloneAreNotCaptureLoss()
    {
        final Scenario s = new Scenario();
        s.flow.previousSegmentNotCaptured(new CaptureGaps(5, 480, t(9.7), 490, t(9.8)));
        assertThat(s.signal(Signal.CAPTURE_LOSS_AT_FAILURE).present()).isFalse();
    }

    @Test
    void encryptedAndNoDataConnection()
    {
        final Scenario s = new Scenario();
        s.transfer.encrypted(false);
        assertThat(s.signal(Signal.ENCRYPTED).present()).isTrue();
        assertThat(new Scenario().signal(Signal.ENCRYPTED).present()).isFalse();
        assertThat(new Scenario().withoutData().signal(Signal.NO_DATA_CONNECTION).present()).isTrue();
        assertThat(new Scenario().signal(Signal.NO_DATA_CONNECTION).present()).isFalse();
    }

    @Test
    void tlsUploadEndingWithABareFin()
    {
        final Scenario s = new Scenario().upload();
        s.transfer.encrypted(false);
        s.client.fin(new PacketMark(440, t(9.0), 64)).tlsClose(TlsClose.NO_CLOSE_NOTIFY);
        assertThat(s.signal(Signal.CLIENT_TLS_UPLOAD_END).strength()).isEqualTo(1.0);
        s.client.tlsClose(TlsClose.CLOSE_NOTIFY);
        assertThat(s.signal(Signal.CLIENT_TLS_UPLOAD_END).strength()).isLessThan(0.2);

        final Scenario plain = new Scenario().upload();
        plain.client.fin(new PacketMark(440, t(9.0), 64));
        assertThat(plain.signal(Signal.CLIENT_TLS_UPLOAD_END).present()).isFalse();
    }

    @Test
    void localErrorReply()
    {
        final Scenario s = new Scenario();
        s.transfer.completion(new Reply(451, "Failure reading local file.", 500, t(10)));
        assertThat(s.signal(Signal.LOCAL_ERROR_REPLY).strength()).isEqualTo(1.0);
        assertThat(new Scenario().signal(Signal.LOCAL_ERROR_REPLY).present()).isFalse();
    }

    @Test
    void noTcpTriggerOnlyOnAQuietDataConnection()
    {
        assertThat(new Scenario().signal(Signal.NO_TCP_TRIGGER).present()).isTrue();
        assertThat(new Scenario().clientRst(430, 9.9, 64).signal(Signal.NO_TCP_TRIGGER).present()).isFalse();
        final Scenario stalled = new Scenario();
        stalled.client.zeroWindows(Scenario.zeroWindow(5.0, 9.9, false));
        assertThat(stalled.signal(Signal.NO_TCP_TRIGGER).present()).isFalse();
        assertThat(new Scenario().withoutData().signal(Signal.NO_TCP_TRIGGER).present()).isFalse();
    }

    @Test
    void quiet426SeenFromTheClientPointsAtAnUnseenReset()
    {
        assertThat(new Scenario().signal(Signal.SERVER_FAILED_ON_UNSEEN_RESET).strength()).isEqualTo(0.6);
        assertThat(new Scenario().clientRst(430, 9.9, 64).signal(Signal.SERVER_FAILED_ON_UNSEEN_RESET).present())
            .isFalse();
        final Scenario atServer = new Scenario();
        atServer.client.ttl(TtlBaseline.of(63, 200));
        atServer.server.ttl(TtlBaseline.of(64, 300));
        assertThat(atServer.signal(Signal.SERVER_FAILED_ON_UNSEEN_RESET).present()).isFalse();
    }

    @Test
    void pmtuShape()
    {
        final Scenario s = new Scenario();
        s.flow.icmpFragNeeded(new CaptureGaps(2, 405, t(5.1), 406, t(5.2)));
        assertThat(s.signal(Signal.PMTU_SHAPE).strength()).isEqualTo(1.0);
        final Scenario shape = new Scenario();
        shape.server.lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 5, 400_001, 1448, true, false, -1));
        shape.flow.fullSizeOnlyLost(true);
        assertThat(shape.signal(Signal.PMTU_SHAPE).strength()).isEqualTo(0.8);
        assertThat(new Scenario().signal(Signal.PMTU_SHAPE).present()).isFalse();
    }

    @Test
    void longIdleControlConnection()
    {
        final Scenario s = new Scenario();
        s.transfer.controlIdleBeforeFailure(400_000_000_000L);
        assertThat(s.signal(Signal.CONTROL_IDLE_LONG).strength()).isEqualTo(1.0);
        final Scenario brief = new Scenario();
        brief.transfer.controlIdleBeforeFailure(9_000_000_000L);
        assertThat(brief.signal(Signal.CONTROL_IDLE_LONG).present()).isFalse();
    }

    @Test
    void controlConnectionDeath()
    {
        final Scenario s = new Scenario();
        s.transfer.controlEnd(new ConnectionEnd(true, FtpRole.SERVER, 505, t(10.2)));
        assertThat(s.signal(Signal.CONTROL_DIED).strength()).isEqualTo(1.0);
        final Scenario fin = new Scenario();
        fin.transfer.controlEnd(new ConnectionEnd(false, FtpRole.SERVER, 505, t(10.2)));
        assertThat(fin.signal(Signal.CONTROL_DIED).present()).isFalse();
    }

    @Test
    void natAddressMismatchOnlyFor425()
    {
        final Scenario s = new Scenario().withoutData();
        s.transfer.passiveAddressMismatch(true)
            .completion(new Reply(425, "Failed to establish connection.", 500, t(10)));
        assertThat(s.signal(Signal.NAT_ADDRESS_MISMATCH).present()).isTrue();
        final Scenario r426 = new Scenario();
        r426.transfer.passiveAddressMismatch(true);
        assertThat(r426.signal(Signal.NAT_ADDRESS_MISMATCH).present()).isFalse();
    }

    @Test
    void durationsReadNaturally()
    {
        assertThat(Signals.duration(40_000_000L)).isEqualTo("40 ms");
        assertThat(Signals.duration(2_300_000_000L)).isEqualTo("2.3 s");
        assertThat(Signals.duration(300_000_000_000L)).isEqualTo("5.0 min");
        assertThat(Signals.duration(18_000L)).isEqualTo("18 µs");
    }
}
