package dev.ftp426.attribution;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.ftp426.attribution.Scenario.t;
import static org.assertj.core.api.Assertions.assertThat;

/** One end-to-end case per rule, plus the tricky ones and the negative controls. */
class AttributorTest
{
    @Test
    void cleanTransferGetsNoVerdictAndNoNote()
    {
        final Assessment a = new Scenario().clean().assess();
        assertThat(a.verdict()).isEmpty();
        assertThat(a.notes()).isEmpty();
        assertThat(Attributor.deservesVerdict(new Scenario().clean().transferFacts(),
            new Scenario().clean().dataFacts()))
            .isFalse();
    }

    @Test
    void survivedModerateLossIsANoteNotAFault()
    {
        final Scenario s = new Scenario().clean();
        s.server.retransmissions(31);
        s.client.dupAcks(86).sackAcks(40);
        final Assessment a = s.assess();
        assertThat(a.verdict()).isEmpty();
        assertThat(a.notes()).singleElement().asString().contains("survived").contains("31");
    }

    @Test
    void clientResetAfterAborIsAnAbortNotAnEarlyClose()
    {
        final Scenario s = new Scenario().clientRst(505, 10.05, 64);
        s.transfer.abort(new Abort(480, t(9.8), true, true, true))
            .following(List.of(new Reply(226, "ABOR successful.", 502, t(10.01))));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_ABORT);
        assertThat(v.party()).isEqualTo(Party.CLIENT);
        assertThat(v.summary()).contains("ABOR").contains("frame 480").contains("426");
    }

    @Test
    void clientResetBeforeTheReplyWithAPlainAborStillAnAbort()
    {
        final Scenario s = new Scenario().clientRst(470, 9.85, 64);
        s.transfer.abort(new Abort(460, t(9.8), false, false, false))
            .following(List.of(new Reply(225, "No transfer to ABOR.", 502, t(10.01))));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_ABORT);
        assertThat(v.confidence()).isGreaterThan(0.8);
    }

    @Test
    void clientEarlyClose()
    {
        final Verdict v = new Scenario().clientRst(812, 9.96, 64).verdict();
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_EARLY_CLOSE);
        assertThat(v.summary()).isEqualTo("The client's host reset the data connection at frame 812, 40 ms before " +
            "the server's 426 at frame 500; the server and the path behaved normally.");
        assertThat(v.incident()).isEqualTo(IncidentKind.REPLY_426);
        assertThat(v.reply().code()).isEqualTo(426);
        assertThat(v.evidence()).extracting(Evidence::frame).containsExactly(500L, 812L);
        assertThat(v.vantage().vantage()).isEqualTo(Vantage.CLIENT);
    }

    @Test
    void forgedResetWithTheRightTtlButFollowedByTrafficFromTheClaimedSender()
    {
        final Scenario s = new Scenario().clientRst(430, 9.9, 64);
        s.client.afterRst(new PostResetActivity(2, 433, t(9.92), 0));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.NETWORK_FORGED_RESET);
        assertThat(v.party()).isEqualTo(Party.NETWORK);
        assertThat(v.evidence()).anyMatch(e -> e.frame() == 433 && e.text().contains("kept sending"));
    }

    @Test
    void atTheServerAClientResetWithoutTheClientsTtlIsForged()
    {
        final Scenario s = new Scenario();
        s.client.ttl(TtlBaseline.of(63, 200)).rst(new ResetFacts(430, t(9.9), 64, 1, true, 1, false), 22);
        s.server.ttl(TtlBaseline.of(64, 300));
        final Verdict v = s.verdict();
        assertThat(v.vantage().vantage()).isEqualTo(Vantage.SERVER);
        assertThat(v.cause()).isEqualTo(Cause.NETWORK_FORGED_RESET);
        assertThat(v.runnerUp()).isNotEqualTo(Cause.CLIENT_EARLY_CLOSE);
    }

    @Test
    void atTheClientAServerResetWithTheServersTtlIsTheServerHost()
    {
        final Verdict v = new Scenario().serverRst(430, 9.7, 63).verdict();
        assertThat(v.cause()).isEqualTo(Cause.SERVER_ABORT);
        assertThat(v.party()).isEqualTo(Party.SERVER);
    }

    @Test
    void zeroWindowUntilTheServerGaveUpIsAClientReceiveStall()
    {
        final Scenario s = new Scenario();
        s.transfer.completion(new Reply(421, "Data timeout. Reconnect. Sorry.", 500, t(10)));
        s.client.zeroWindows(Scenario.zeroWindow(2.0, 9.5, false));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_RECEIVE_STALL);
        assertThat(v.incident()).isEqualTo(IncidentKind.REPLY_421);
    }

    @Test
    void zeroWindowThatEndedBeforeTheTimeoutIsNotBlamedOnTheClient()
    {
        final Scenario s = new Scenario();
        s.transfer.completion(new Reply(421, "Data timeout. Reconnect. Sorry.", 500, t(10)));
        s.client.zeroWindows(Scenario.zeroWindow(2.0, 3.0, true));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isNotEqualTo(Cause.CLIENT_RECEIVE_STALL);
        assertThat(v.cause()).isEqualTo(Cause.SERVER_TIMEOUT);
    }

    @Test
    void clientResetOnAnUpload()
    {
        final Verdict v = new Scenario().upload().clientRst(430, 9.2, 64).verdict();
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_UPLOAD_ABORT);
        assertThat(v.summary()).contains("upload");
    }

    @Test
    void ftpsUploadEndedWithoutCloseNotify()
    {
        // decrypted with a key log: the replies are read, so the cap for unreadable sessions does not apply
        final Scenario s = new Scenario().upload();
        s.transfer.encrypted(true);
        s.client.fin(new PacketMark(440, t(9.0), 64)).tlsClose(TlsClose.NO_CLOSE_NOTIFY);
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_TLS_CLOSE);
        assertThat(v.confidence()).isGreaterThan(Scorer.ENCRYPTED_CAP);
        assertThat(v.runnerUp()).isNotEqualTo(Cause.UNDETERMINED_ENCRYPTED);
    }

    @Test
    void ftpsUploadEndedWithoutCloseNotifyRepliesUnreadable()
    {
        // Without the replies the same packets also end uploads that a lenient server answered 226
        // (vsftpd strict_ssl_read_eof=NO; lab scenario ftps_upload_no_close_notify_lenient): nobody is blamed.
        final Scenario s = new Scenario().upload();
        s.transfer.encrypted(false);
        s.client.fin(new PacketMark(440, t(9.0), 64)).tlsClose(TlsClose.NO_CLOSE_NOTIFY);
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.UNDETERMINED_ENCRYPTED);
        assertThat(v.party()).isEqualTo(Party.UNDETERMINED);
        assertThat(v.runnerUp()).isEqualTo(Cause.CLIENT_TLS_CLOSE);
        assertThat(v.confidence()).isLessThanOrEqualTo(Scorer.ENCRYPTED_CAP);
    }

    @Test
    void ftpsUploadResetAfterItsBareFinRepliesUnreadable()
    {
        // The lab's lenient control at the TCP level: bare FIN, the server's close_notify, the client's RST to it.
        final Scenario s = new Scenario().upload().clientRst(441, 9.5, 64);
        s.transfer.encrypted(false);
        s.client.fin(new PacketMark(440, t(9.0), 64)).tlsClose(TlsClose.NO_CLOSE_NOTIFY);
        final Verdict v = s.verdict();
        assertThat(v.party()).isEqualTo(Party.UNDETERMINED);
        assertThat(v.cause()).isEqualTo(Cause.UNDETERMINED_ENCRYPTED);
    }

    @Test
    void serverStoppedSendingWithAnOpenWindow()
    {
        final Scenario s = new Scenario().clientRst(470, 9.8, 64);
        s.flow.senderIdle(new IdleSpan(FtpRole.SERVER, 400, t(2.0), 460, t(9.7), 0, true));
        s.client.fin(new PacketMark(430, t(8.0), 64));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.SERVER_STALL);
        assertThat(v.evidence()).anyMatch(e -> e.against() || e.frame() == 430);
    }

    @Test
    void unansweredBackoffIsALossTimeout()
    {
        final Scenario s = new Scenario();
        s.server.retransmissions(5).lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 5, 400_001, 1448, true,
            false, -1));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.NETWORK_LOSS_TIMEOUT);
        assertThat(v.summary()).contains("retransmitted");
    }

    @Test
    void proftpd450AfterBackoffIsALossTimeoutToo()
    {
        final Scenario s = new Scenario();
        s.transfer.completion(new Reply(450, "Transfer aborted. Link to file server lost", 500, t(10)));
        s.server.retransmissions(5).lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 5, 400_001, 1448, true,
            false, -1));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.NETWORK_LOSS_TIMEOUT);
        assertThat(v.incident()).isEqualTo(IncidentKind.REPLY_450);
    }

    @Test
    void heavyLossBeatsTheFinalBackoff()
    {
        final Scenario s = new Scenario();
        s.server.retransmissions(90).lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 4, 400_001, 1448, true,
            false, -1));
        s.client.dupAcks(70).sackAcks(100);
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.NETWORK_HEAVY_LOSS);
        assertThat(v.runnerUp()).isEqualTo(Cause.NETWORK_LOSS_TIMEOUT);
    }

    @Test
    void heavyLossMakesAGenuineLookingServerResetNoServerFault()
    {
        final Scenario s = new Scenario().serverRst(430, 9.9, 63);
        s.server.retransmissions(90);
        s.client.dupAcks(70);
        assertThat(s.verdict().cause()).isEqualTo(Cause.NETWORK_HEAVY_LOSS);
    }

    @Test
    void pmtuBlackhole()
    {
        final Scenario s = new Scenario();
        s.server.retransmissions(5).lastRun(new RetransmissionRun(400, t(5.0), 420, t(8.0), 5, 400_001, 1448, true,
            false, -1));
        s.flow.icmpFragNeeded(new CaptureGaps(1, 401, t(5.01), 401, t(5.01)));
        assertThat(s.verdict().cause()).isEqualTo(Cause.NETWORK_PMTU_BLACKHOLE);
    }

    @Test
    void natStateExpiryOnALongIdleControlConnection()
    {
        final Scenario s = new Scenario();
        s.transfer.controlIdleBeforeFailure(900_000_000_000L)
            .controlEnd(new ConnectionEnd(true, FtpRole.SERVER, 505, t(10.2)));
        assertThat(s.verdict().cause()).isEqualTo(Cause.NETWORK_STATE_EXPIRY);
    }

    @Test
    void natRewriteOn425()
    {
        final Scenario s = new Scenario().withoutData();
        s.transfer.passiveAddressMismatch(true)
            .completion(new Reply(425, "Failed to establish connection.", 500, t(10)));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.NETWORK_ALG_REWRITE);
        assertThat(v.incident()).isEqualTo(IncidentKind.REPLY_425);
    }

    @Test
    void localErrorIsTheServers()
    {
        final Scenario s = new Scenario();
        s.transfer.completion(new Reply(451, "Failure reading local file.", 500, t(10)));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.SERVER_LOCAL_IO);
        assertThat(v.incident()).isEqualTo(IncidentKind.REPLY_451);
    }

    @Test
    void a451AboutTheDataConnectionIsNotALocalErrorWhenTheClientResetTheUpload()
    {
        final Scenario s = new Scenario().upload().clientRst(430, 9.2, 64);
        s.transfer.completion(new Reply(451, "Error during read from data connection", 500, t(10)));
        assertThat(s.verdict().cause()).isEqualTo(Cause.CLIENT_UPLOAD_ABORT);
        assertThat(s.signal(Signal.LOCAL_ERROR_REPLY).strength()).isEqualTo(0.3);
    }

    @Test
    void captureLossRightAtTheFailureMakesItUndetermined()
    {
        final Scenario s = new Scenario();
        s.flow.ackedUnseen(new CaptureGaps(4, 495, t(9.9), 499, t(9.99)));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.UNDETERMINED_CAPTURE_LOSS);
        assertThat(v.party()).isEqualTo(Party.UNDETERMINED);
    }

    @Test
    void captureLossCapsTheConfidenceOfAnOtherwiseClearVerdict()
    {
        final Scenario s = new Scenario().clientRst(480, 9.96, 64);
        s.flow.ackedUnseen(new CaptureGaps(4, 495, t(9.9), 499, t(9.99)));
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_EARLY_CLOSE);
        assertThat(v.confidence()).isLessThanOrEqualTo(Scorer.CAPTURE_LOSS_CAP);
        assertThat(v.evidence()).anyMatch(e -> e.against() && e.text().contains("never saw"));
    }

    @Test
    void encryptedWithNothingDecisive()
    {
        // FTPS, replies unreadable: both ends closed with FIN within 10 ms, then the client reset with its own TTL
        // after its FIN: a broken data connection, but nothing says who started it
        final Scenario s = new Scenario();
        s.transfer.encrypted(false).completion(null).preliminary(null).command(TransferCommand.UNKNOWN)
            .dataSender(FtpRole.SERVER);
        s.server.fin(new PacketMark(427, t(9.83), 63));
        s.client.fin(new PacketMark(428, t(9.84), 64)).rst(new ResetFacts(429, t(9.85), 64, 1, true, 1, false), 1);
        final Verdict v = s.verdict();
        assertThat(v.cause()).isEqualTo(Cause.UNDETERMINED_ENCRYPTED);
        assertThat(v.incident()).isEqualTo(IncidentKind.DATA_BROKEN_NO_REPLY);
        assertThat(v.summary()).contains("encrypted");
        assertThat(v.confidence()).isLessThanOrEqualTo(Scorer.ENCRYPTED_CAP);
    }

    @Test
    void noDataConnection()
    {
        final Verdict v = new Scenario().withoutData().verdict();
        assertThat(v.cause()).isEqualTo(Cause.UNDETERMINED_NO_DATA_CONNECTION);
        assertThat(v.summary()).contains("no data connection");
    }

    @Test
    void aQuiet426AtTheServerIsLaidAtTheServersDoorWithModestConfidence()
    {
        final Scenario s = new Scenario();
        s.client.ttl(TtlBaseline.of(63, 200));
        s.server.ttl(TtlBaseline.of(64, 300));
        final Verdict v = s.verdict();
        assertThat(v.vantage().vantage()).isEqualTo(Vantage.SERVER);
        assertThat(v.cause()).isEqualTo(Cause.SERVER_LOCAL_IO);
        assertThat(v.confidence()).isLessThan(0.6);
    }

    @Test
    void aQuiet426AtTheClientMeansAResetTheClientNeverSent()
    {
        final Verdict v = new Scenario().verdict();
        assertThat(v.vantage().vantage()).isEqualTo(Vantage.CLIENT);
        assertThat(v.cause()).isEqualTo(Cause.NETWORK_FORGED_RESET);
        assertThat(v.confidence()).isLessThan(0.6);
        assertThat(v.summary()).contains("between the hosts");
    }

    @Test
    void uploadAnswered226AfterAClientResetIsATruncatedUpload()
    {
        final Scenario s = new Scenario().upload().clientRst(430, 9.2, 64);
        s.transfer.completion(new Reply(226, "Transfer complete.", 500, t(10)));
        final Verdict v = s.verdict();
        assertThat(v.incident()).isEqualTo(IncidentKind.UPLOAD_TRUNCATED_226);
        assertThat(v.cause()).isEqualTo(Cause.CLIENT_UPLOAD_ABORT);
    }

    @Test
    void uploadEndedWithFinAnd226IsNotAnIncident()
    {
        final Scenario s = new Scenario().upload();
        s.transfer.completion(new Reply(226, "Transfer complete.", 500, t(10)));
        s.client.fin(new PacketMark(440, t(9.0), 64));
        assertThat(s.assess().verdict()).isEmpty();
    }

    @Test
    void confidenceAndEvidenceAreWellFormedForEveryCorpusVerdict()
    {
        final Attributor a = new Attributor();
        for (final CorpusFacts.CorpusCase c : CorpusFacts.all())
        {
            a.judge(c.transferFacts(), c.data(), c.capture()).ifPresent(v ->
            {
                assertThat(v.confidence()).isBetween(0.0, 1.0);
                assertThat(v.party()).isEqualTo(v.cause().party());
                assertThat(v.summary()).endsWith(".").doesNotContain("{").doesNotContain("}");
                assertThat(v.evidence()).extracting(Evidence::frame).isSortedAccordingTo((x, y) ->
                    Long.compare(x < 0 ? Long.MAX_VALUE : x, y < 0 ? Long.MAX_VALUE : y));
            });
        }
    }
}
