package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class FtpTrackerTest
{
    private static final long CLIENT = Wire.CLIENT;
    private static final long SERVER = Wire.SERVER;

    @Test
    void passiveRetrAbortedWithTelnetSynchAndUrgentData()
    {
        final Wire w = new Wire().login();
        w.client(1, "TYPE I\r\n");
        w.server(1, "200 Switching to Binary mode.\r\n");
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,160,26).\r\n");
        assertThat(w.open(2, CLIENT, 51000, SERVER, 160 * 256 + 26)).isEqualTo(FtpTracker.ROLE_DATA);
        w.client(1, "RETR /pub/data-1048576.bin\r\n");
        final long retrFrame = w.frame - 1;
        w.server(1, "150 Opening BINARY mode data connection for /pub/data-1048576.bin (1048576 bytes).\r\n");
        w.tracker.onUrgent(1, true, w.frame, w.ts);
        w.bytes(1, true, new byte[]{(byte)0xff, (byte)0xf4, (byte)0xff});
        final long urgFrame = w.frame - 1;
        w.bytes(1, true, new byte[]{(byte)0xf2, 'A', 'B', 'O', 'R', '\r', '\n'});
        final long aborFrame = w.frame - 1;
        w.close(2, 0, 475136);
        w.server(1, "426 Failure writing network stream.\r\n");
        final long frame426 = w.frame - 1;
        assertThat(w.listener.transfers).isEmpty(); // the ABOR's reply is still to come
        w.server(1, "226 ABOR successful.\r\n");

        assertThat(w.listener.transfers).hasSize(1);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.command()).isEqualTo("RETR");
        assertThat(t.arg()).isEqualTo("/pub/data-1048576.bin");
        assertThat(t.commandFrame()).isEqualTo(retrFrame);
        assertThat(t.user()).isEqualTo("alice");
        assertThat(t.type()).isEqualTo("I");
        assertThat(t.mode()).isEqualTo(DataMode.PASV);
        assertThat(t.sizeAnnounced()).isEqualTo(1048576);
        assertThat(t.preliminary().code()).isEqualTo(150);
        assertThat(t.completion().code()).isEqualTo(426);
        assertThat(t.completion().frame()).isEqualTo(frame426);
        assertThat(t.completion().text()).isEqualTo("Failure writing network stream.");
        assertThat(t.subsequentReplies()).extracting(FtpReplyRecord::code).containsExactly(226);
        assertThat(t.abortReply().code()).isEqualTo(226);
        assertThat(t.abort().frame()).isEqualTo(aborFrame);
        assertThat(t.abort().telnetIp()).isTrue();
        assertThat(t.abort().ipFrame()).isEqualTo(urgFrame);
        assertThat(t.abort().telnetDm()).isTrue();
        assertThat(t.abort().dmFrame()).isEqualTo(aborFrame);
        assertThat(t.abort().urgent()).isTrue();
        assertThat(t.abort().urgentFrame()).isEqualTo(urgFrame);
        assertThat(t.dataFlowId()).isEqualTo(2);
        assertThat(t.dataInitiatedByServer()).isFalse();
        assertThat(t.dataClientPort()).isEqualTo(51000);
        assertThat(t.bytesToClient()).isEqualTo(475136);
        assertThat(t.bytesToServer()).isEqualTo(0);
        assertThat(t.controlFlowId()).isEqualTo(1);
        assertThat(t.end()).isEqualTo(FtpTransfer.End.COMPLETED);
        assertThat(w.listener.commands).contains("PASS **** @5");
    }

    @Test
    void urgentReportedAfterTheAborBytesOfTheSameSegmentStillCounts()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,4,1)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 1025);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.client(1, "ABOR\r\n");
        w.tracker.onUrgent(1, true, w.frame - 1, w.ts);
        w.close(2, 0, 10);
        w.server(1, "426 aborted\r\n226 done\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.abort().urgent()).isTrue();
        assertThat(t.abort().telnetIp()).isFalse();
    }

    @Test
    void epsvAndTheDataConnectionClosingAfterTheFinalReply()
    {
        final Wire w = new Wire().login();
        w.client(1, "EPSV\r\n");
        w.server(1, "229 Entering Extended Passive Mode (|||40001|)\r\n");
        w.client(1, "STOR up.bin\r\n");
        assertThat(w.open(2, CLIENT, 51000, SERVER, 40001)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 Ok to send data.\r\n");
        w.server(1, "226 Transfer complete.\r\n");
        assertThat(w.listener.transfers).isEmpty(); // waits for the data connection's close
        w.close(2, 5000, 0);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.mode()).isEqualTo(DataMode.EPSV);
        assertThat(t.command()).isEqualTo("STOR");
        assertThat(t.completion().code()).isEqualTo(226);
        assertThat(t.bytesToServer()).isEqualTo(5000);
        assertThat(t.dataFlowId()).isEqualTo(2);
    }

    @Test
    void pasvReplyToEpsvIsUsed()
    {
        final Wire w = new Wire().login();
        w.client(1, "EPSV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,156,65)\r\n");
        w.client(1, "LIST\r\n");
        assertThat(w.open(2, CLIENT, 51000, SERVER, 156 * 256 + 65)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 Here comes the directory listing.\r\n");
        w.close(2, 0, 300);
        w.server(1, "226 Directory send OK.\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.mode()).isEqualTo(DataMode.PASV);
        assertThat(t.command()).isEqualTo("LIST");
        assertThat(t.argBytes()).isEmpty();
        assertThat(t.dataFlowId()).isEqualTo(2);
    }

    @Test
    void activePortTheServerConnectsFromPort20()
    {
        final Wire w = new Wire().login();
        w.client(1, "PORT 198,51,100,10,19,137\r\n");
        w.server(1, "200 PORT command successful. Consider using PASV.\r\n");
        w.client(1, "STOR file.txt\r\n");
        assertThat(w.open(2, SERVER, 20, CLIENT, 19 * 256 + 137)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 Ok to send data.\r\n");
        w.close(2, 0, 777);
        w.server(1, "226 Transfer complete.\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.mode()).isEqualTo(DataMode.PORT);
        assertThat(t.dataInitiatedByServer()).isTrue();
        assertThat(t.dataServerPort()).isEqualTo(20);
        assertThat(t.dataClientPort()).isEqualTo(19 * 256 + 137);
        assertThat(t.bytesToServer()).isEqualTo(777);
        assertThat(t.bytesToClient()).isEqualTo(0);
        assertThat(t.natAddress()).isFalse();
    }

    @Test
    void rejectedPortCancelsTheExpectation()
    {
        final Wire w = new Wire().login();
        w.client(1, "PORT 198,51,100,10,19,137\r\n");
        w.server(1, "500 Illegal PORT command.\r\n");
        assertThat(w.open(2, SERVER, 20, CLIENT, 19 * 256 + 137)).isNotEqualTo(FtpTracker.ROLE_DATA);
    }

    @Test
    void eprtOverIpv6()
    {
        final RecordingListener listener = new RecordingListener();
        final FtpTracker tracker = new FtpTracker(new FtpTrackerConfig(), listener);
        final long db8 = 0x2001_0db8_0000_0000L;
        tracker.onConnectionOpened(1, db8, 0x10, 50000, db8, 0x20, 21, 1, 1);
        feed(tracker, 1, false, "220 hi\r\n", 2);
        feed(tracker, 1, true, "USER bob\r\n", 3);
        feed(tracker, 1, false, "230 ok\r\n", 4);
        feed(tracker, 1, true, "EPRT |2|2001:db8::10|5282|\r\n", 5);
        feed(tracker, 1, false, "200 EPRT command successful.\r\n", 6);
        feed(tracker, 1, true, "RETR a\r\n", 7);
        assertThat(tracker.onConnectionOpened(2, db8, 0x20, 20, db8, 0x10, 5282, 8, 8))
            .isEqualTo(FtpTracker.ROLE_DATA);
        feed(tracker, 1, false, "150 go\r\n", 9);
        tracker.onConnectionClosed(2, 100, 0, 10, 10);
        feed(tracker, 1, false, "226 done\r\n", 11);
        assertThat(listener.transfers).hasSize(1);
        final FtpTransfer t = listener.transfers.get(0);
        assertThat(t.mode()).isEqualTo(DataMode.EPRT);
        assertThat(t.dataFlowId()).isEqualTo(2);
        assertThat(HostPort.format(t.setupHi(), t.setupLo())).isEqualTo("2001:db8:0:0:0:0:0:10");
        assertThat(t.bytesToClient()).isEqualTo(100);
        assertThat(t.dataInitiatedByServer()).isTrue();
    }

    @Test
    void eprtOverIpv4()
    {
        final Wire w = new Wire().login();
        w.client(1, "EPRT |1|198.51.100.10|6275|\r\n");
        w.server(1, "200 EPRT command successful.\r\n");
        w.client(1, "NLST\r\n");
        assertThat(w.open(2, SERVER, 20, CLIENT, 6275)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 Here comes the directory listing.\r\n");
        w.close(2, 12, 0);
        w.server(1, "226 Directory send OK.\r\n");
        assertThat(w.listener.transfers.get(0).mode()).isEqualTo(DataMode.EPRT);
        assertThat(w.listener.transfers.get(0).dataFlowId()).isEqualTo(2);
    }

    private static void feed(final FtpTracker tracker, final long flow, final boolean fromInitiator,
        final String text, final long frame)
    {
        final byte[] b = Wire.ascii(text);
        tracker.onControlBytes(flow, fromInitiator, new org.agrona.concurrent.UnsafeBuffer(b), 0, b.length, frame,
            frame);
    }

    @Test
    void natPasvAddressStillMatchesTheServer()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (192,168,1,5,195,80)\r\n");
        w.client(1, "RETR x\r\n");
        assertThat(w.open(2, CLIENT, 51000, SERVER, 195 * 256 + 80)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 ok\r\n");
        w.close(2, 0, 1);
        w.server(1, "226 ok\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.natAddress()).isTrue();
        assertThat(HostPort.format(t.setupHi(), t.setupLo())).isEqualTo("192.168.1.5");
        assertThat(t.dataFlowId()).isEqualTo(2);
        assertThat(t.notes()).anyMatch(n -> n.contains("NAT"));
    }

    @Test
    void pasvAddressMatchedWhenTheClientConnectsToTheAnnouncedAddress()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (192,168,1,5,195,80)\r\n");
        assertThat(w.open(2, CLIENT, 51000, Wire.NAT_SERVER, 195 * 256 + 80)).isEqualTo(FtpTracker.ROLE_DATA);
    }

    @Test
    void aSecondPasvReplacesTheFirst()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,100,1)\r\n");
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,100,2)\r\n");
        w.client(1, "RETR x\r\n");
        assertThat(w.open(2, CLIENT, 51000, SERVER, 100 * 256 + 1)).isNotEqualTo(FtpTracker.ROLE_DATA);
        assertThat(w.open(3, CLIENT, 51001, SERVER, 100 * 256 + 2)).isEqualTo(FtpTracker.ROLE_DATA);
        assertThat(w.tracker.counters().expectationsReplaced()).isEqualTo(1);
    }

    @Test
    void anExpectationIsConsumedByTheFirstConnection()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,100,1)\r\n");
        assertThat(w.open(2, CLIENT, 51000, SERVER, 100 * 256 + 1)).isEqualTo(FtpTracker.ROLE_DATA);
        assertThat(w.open(3, CLIENT, 51001, SERVER, 100 * 256 + 1)).isNotEqualTo(FtpTracker.ROLE_DATA);
    }

    @Test
    void expectationsExpire()
    {
        final FtpTrackerConfig config = new FtpTrackerConfig();
        config.expectationLifetimeNanos = TimeUnit.SECONDS.toNanos(5);
        final Wire w = new Wire(config).login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,100,1)\r\n");
        w.ts += TimeUnit.SECONDS.toNanos(6);
        w.tracker.onTime(w.ts);
        assertThat(w.tracker.counters().expectationsExpired()).isEqualTo(1);
        assertThat(w.open(2, CLIENT, 51000, SERVER, 100 * 256 + 1)).isNotEqualTo(FtpTracker.ROLE_DATA);
    }

    @Test
    void severalTransfersMixedActiveAndPassive()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,200,1)\r\n");
        w.open(10, CLIENT, 52000, SERVER, 200 * 256 + 1);
        w.client(1, "RETR one\r\n");
        w.server(1, "150 (10 bytes)\r\n");
        w.close(10, 0, 10);
        w.server(1, "226 ok\r\n");

        w.client(1, "PORT 198,51,100,10,200,2\r\n");
        w.server(1, "200 ok\r\n");
        w.client(1, "REST 100\r\n");
        w.server(1, "350 Restart position accepted (100).\r\n");
        w.client(1, "STOR two\r\n");
        w.open(11, SERVER, 20, CLIENT, 200 * 256 + 2);
        w.server(1, "150 ok\r\n");
        w.close(11, 0, 20);
        w.server(1, "426 Failure reading network stream.\r\n");

        w.client(1, "EPSV\r\n");
        w.server(1, "229 Entering Extended Passive Mode (|||51203|)\r\n");
        w.open(12, CLIENT, 52001, SERVER, 51203);
        w.client(1, "MLSD /\r\n");
        w.server(1, "150 ok\r\n");
        w.close(12, 0, 30);
        w.server(1, "226 ok\r\n");

        w.client(1, "EPRT |1|198.51.100.10|51204|\r\n");
        w.server(1, "200 ok\r\n");
        w.client(1, "APPE three\r\n");
        w.open(13, SERVER, 20, CLIENT, 51204);
        w.server(1, "150 ok\r\n");
        w.close(13, 0, 40);
        w.server(1, "226 ok\r\n");

        assertThat(w.listener.transfers).extracting(FtpTransfer::command)
            .containsExactly("RETR", "STOR", "MLSD", "APPE");
        assertThat(w.listener.transfers).extracting(FtpTransfer::mode)
            .containsExactly(DataMode.PASV, DataMode.PORT, DataMode.EPSV, DataMode.EPRT);
        assertThat(w.listener.transfers).extracting(FtpTransfer::dataFlowId).containsExactly(10L, 11L, 12L, 13L);
        assertThat(w.listener.transfers).extracting(t -> t.completion().code()).containsExactly(226, 426, 226, 226);
        assertThat(w.listener.transfers).extracting(FtpTransfer::restOffset).containsExactly(-1L, 100L, -1L, -1L);
        assertThat(w.listener.transfers).extracting(FtpTransfer::sizeAnnounced).containsExactly(10L, -1L, -1L, -1L);
        assertThat(w.listener.transfers.get(1).bytesToServer()).isEqualTo(20);
        assertThat(w.listener.transfers).extracting(FtpTransfer::sessionId).containsOnly(1L);
    }

    @Test
    void encryptedAfterAuthTls()
    {
        final Wire w = new Wire();
        w.openControl(1);
        w.server(1, "220 hi\r\n");
        w.client(1, "AUTH TLS\r\n");
        w.server(1, "234 Proceed with negotiation.\r\n");
        final long frame234 = w.frame - 1;
        w.bytes(1, true, new byte[]{0x16, 0x03, 0x01, 0x00, 0x10, 'R', 'E', 'T', 'R', '\r', '\n'});
        w.bytes(1, false, new byte[]{0x16, 0x03, 0x03, 0x00, 0x10, '4', '2', '6', ' ', '\r', '\n'});
        assertThat(w.listener.encrypted).hasSize(1);
        assertThat(w.listener.replies).extracting(r -> r.substring(0, 3)).containsExactly("220", "234");
        assertThat(w.listener.commands).hasSize(1);
        final FtpSession s = w.tracker.session(1);
        assertThat(s.encrypted()).isTrue();
        assertThat(s.encryptedFrame()).isEqualTo(frame234);
        assertThat(s.encryptionNote()).contains("234");

        // a data connection between the two parties soon after is tied heuristically
        assertThat(w.open(2, CLIENT, 51000, SERVER, 40123)).isEqualTo(FtpTracker.ROLE_DATA);
        w.close(2, 0, 999);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.encrypted()).isTrue();
        assertThat(t.heuristicAssociation()).isTrue();
        assertThat(t.command()).isNull();
        assertThat(t.completion()).isNull();
        assertThat(t.bytesToClient()).isEqualTo(999);
        assertThat(t.controlFlowId()).isEqualTo(1);
        assertThat(t.notes()).anyMatch(n -> n.contains("encrypted after AUTH"));
    }

    @Test
    void implicitTlsOnPort990()
    {
        final Wire w = new Wire();
        assertThat(w.open(1, CLIENT, 50000, SERVER, 990)).isEqualTo(FtpTracker.ROLE_CONTROL);
        assertThat(w.tracker.session(1).encrypted()).isTrue();
        w.bytes(1, true, new byte[]{0x16, 0x03, 0x01, '\n'});
        assertThat(w.listener.commands).isEmpty();
    }

    @Test
    void tlsRecordWhereTextWasExpected()
    {
        final Wire w = new Wire();
        w.openControl(1);
        w.server(1, "220 hi\r\n");
        w.bytes(1, true, new byte[]{0x16, 0x03, 0x01, 0x00, 0x10, '\r', '\n'});
        assertThat(w.tracker.session(1).encrypted()).isTrue();
        assertThat(w.tracker.session(1).encryptionNote()).contains("TLS record");
        assertThat(w.listener.commands).isEmpty();
    }

    @Test
    void multiLineFeatReply()
    {
        final Wire w = new Wire().login();
        w.client(1, "FEAT\r\n");
        w.server(1, "211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n");
        w.server(1, "211 End\r\n");
        w.client(1, "SYST\r\n");
        w.server(1, "215 UNIX Type: L8\r\n");
        assertThat(w.listener.replies).containsSequence(
            "211 Features:| EPRT| EPSV| MDTM| PASV| REST STREAM| SIZE| TVFS|End lines=9 @8",
            "215 UNIX Type: L8 lines=1 @11");
    }

    @Test
    void multiLineBlockFollowsRfc959Strictly()
    {
        final Wire w = new Wire();
        w.openControl(1);
        w.server(1, "220-Welcome\r\n220-line two\r\n226 not the end\r\n123 neither\r\n220\r\n");
        w.client(1, "USER x\r\n");
        w.server(1, "331 pw\r\n");
        assertThat(w.listener.replies).containsExactly(
            "220 Welcome|line two|226 not the end|123 neither| lines=5 @2", "331 pw lines=1 @4");
    }

    @Test
    void aBlockEndedByAnotherCodeIsClosedWhenTheClientMovedOn()
    {
        final Wire w = new Wire();
        w.openControl(1);
        w.server(1, "220 hi\r\n");
        w.client(1, "USER x\r\n");
        w.server(1, "331 pw\r\n");
        w.client(1, "PASS y\r\n");
        w.server(1, "230-Welcome\r\n230-more\r\n226 odd end\r\n");
        w.client(1, "PWD\r\n");
        w.server(1, "257 \"/\" is the current directory\r\n");
        w.client(1, "QUIT\r\n");
        w.server(1, "221 Goodbye.\r\n");
        assertThat(w.listener.replyCodes()).containsExactly(220, 331, 230, 257, 221);
        assertThat(w.listener.replies.get(2)).contains("[DAMAGED]").contains("226 odd end");
        assertThat(w.tracker.counters().replyBlocksEndedByForeignCode()).isEqualTo(1);
    }

    @Test
    void blockLengthIsBounded()
    {
        final FtpTrackerConfig config = new FtpTrackerConfig();
        config.maxReplyLines = 5;
        final Wire w = new Wire(config);
        w.openControl(1);
        w.server(1, "220-a\r\nb\r\nc\r\nd\r\ne\r\nf\r\n220 end\r\n");
        assertThat(w.listener.replies.get(0)).startsWith("220 a|b|c|d|e").contains("[DAMAGED]");
        assertThat(w.tracker.counters().replyBlocksBounded()).isEqualTo(1);
    }

    @Test
    void pipelinedCommandsAndCaseInsensitiveVerbs()
    {
        final Wire w = new Wire().login();
        w.client(1, "type a\r\npasv\r\nretr Report.TXT\r\n");
        w.server(1, "200 ok\r\n227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.server(1, "150 ok\r\n");
        w.close(2, 0, 5);
        w.server(1, "226 ok\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.command()).isEqualTo("RETR");
        assertThat(t.arg()).isEqualTo("Report.TXT");
        assertThat(t.type()).isEqualTo("A");
        assertThat(t.dataFlowId()).isEqualTo(2);
    }

    @Test
    void utf8AndOddBytesInPaths()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 =203,0,113,10,10,10\r\n");
        final byte[] line = {'R', 'E', 'T', 'R', ' ', (byte)0xc3, (byte)0xa9, (byte)0xff, (byte)0xff, (byte)0xe9,
            '\r', '\n'};
        w.bytes(1, true, line);
        w.server(1, "550 Failed to open file.\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.argBytes()).containsExactly((byte)0xc3, (byte)0xa9, (byte)0xff, (byte)0xe9);
        assertThat(t.arg()).isEqualTo("\u00e9\udcff\udce9");
        assertThat(t.completion().code()).isEqualTo(550);
        assertThat(t.dataFlowId()).isEqualTo(FtpTransfer.NONE);
        assertThat(t.notes()).anyMatch(n -> n.contains("no data connection matched"));
    }

    @Test
    void overlongCommandIsTruncatedAndTheSessionGoesOn()
    {
        final Wire w = new Wire().login();
        w.client(1, "CWD " + "x".repeat(5000) + "\r\nPWD\r\n");
        w.server(1, "550 too long\r\n257 \"/\"\r\n");
        assertThat(w.listener.commands.get(w.listener.commands.size() - 2)).contains("[TRUNC]");
        assertThat(w.listener.commands.get(w.listener.commands.size() - 2).length()).isLessThan(4200);
        assertThat(w.listener.commands.get(w.listener.commands.size() - 1)).startsWith("PWD");
        assertThat(w.tracker.counters().linesTruncated()).isEqualTo(1);
    }

    @Test
    void gapInTheServerStreamResynchronisesAtTheNextLine()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR big\r\n");
        w.server(1, "150 Opening BIN");
        w.tracker.onControlGap(1, false, 40, w.frame, w.ts);
        w.server(1, "ytes).\r\n426 Failure writing network stream.\r\n");
        w.close(2, 0, 50);
        w.client(1, "QUIT\r\n");
        w.server(1, "221 Goodbye.\r\n");
        assertThat(w.listener.replyCodes()).containsSubsequence(150, 426, 221);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.completion().code()).isEqualTo(426);
        assertThat(t.controlGap()).isTrue();
        assertThat(t.preliminary().damaged()).isTrue();
        assertThat(w.tracker.counters().linesDroppedAfterGap()).isEqualTo(1);
    }

    @Test
    void gapInTheClientStreamDropsTheFragment()
    {
        final Wire w = new Wire().login();
        w.client(1, "NO");
        w.tracker.onControlGap(1, true, 10, w.frame, w.ts);
        w.client(1, "xt\r\nSYST\r\n");
        assertThat(w.listener.commands.get(w.listener.commands.size() - 1)).startsWith("SYST");
        assertThat(w.listener.commands).noneMatch(c -> c.startsWith("xt"));
    }

    @Test
    void abortAfterTheTransferEndedIsAPlainCommand()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.close(2, 0, 5);
        w.server(1, "226 ok\r\n");
        w.client(1, "ABOR\r\n");
        w.server(1, "225 No transfer to ABOR.\r\n");
        assertThat(w.listener.transfers).hasSize(1);
        assertThat(w.listener.transfers.get(0).abort()).isNull();
    }

    @Test
    void vsftpdDefaultAbortAnsweredWith225AfterThe426()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.client(1, "ABOR\r\n");
        w.close(2, 0, 5);
        w.server(1, "426 Failure writing network stream.\r\n225 No transfer to ABOR.\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.completion().code()).isEqualTo(426);
        assertThat(t.abortReply().code()).isEqualTo(225);
        assertThat(t.abort().telnetIp()).isFalse();
    }

    @Test
    void proftpdAnswersTheAbortBeforeThe426OfTheAbortedTransfer()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 Opening BINARY mode data connection for f (1048576 bytes)\r\n");
        w.bytes(1, true, new byte[]{(byte)0xff, (byte)0xf4, (byte)0xff, (byte)0xf2, 'A', 'B', 'O', 'R', '\r', '\n'});
        w.close(2, 0, 300000);
        w.server(1, "226 Abort successful\r\n");
        final long frame226 = w.frame - 1;
        assertThat(w.listener.transfers).isEmpty();
        w.server(1, "426 Transfer aborted. Data connection closed\r\n");
        final long frame426 = w.frame - 1;

        assertThat(w.listener.transfers).hasSize(1);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.completion().code()).isEqualTo(426);
        assertThat(t.completion().frame()).isEqualTo(frame426);
        assertThat(t.abortReply().code()).isEqualTo(226);
        assertThat(t.abortReply().frame()).isEqualTo(frame226);
        assertThat(t.abort().telnetIp()).isTrue();
        assertThat(w.tracker.counters().abortRepliesReordered()).isEqualTo(1);
    }

    @Test
    void transferCompletedBeforeTheAbortKeepsIts226()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.close(2, 0, 5);
        w.server(1, "226 Transfer complete.\r\n");
        w.client(1, "ABOR\r\n");
        w.server(1, "226 Nothing to abort\r\n");
        assertThat(w.listener.transfers).hasSize(1);
        assertThat(w.listener.transfers.get(0).completion().code()).isEqualTo(226);
        assertThat(w.tracker.counters().abortRepliesReordered()).isZero();
    }

    @Test
    void abortTheServerCannotParseIsAnswered500WhileTheTransferStillEndsIn426()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.client(1, "ABOR\r\n");
        w.tracker.onUrgent(1, true, w.frame - 1, w.ts);
        w.server(1, "500 Unknown command.\r\n");
        assertThat(w.listener.transfers).isEmpty();
        w.close(2, 0, 300000);
        w.server(1, "426 Failure writing network stream.\r\n");
        final long frame426 = w.frame - 1;
        w.client(1, "QUIT\r\n");
        w.server(1, "221 Goodbye.\r\n");

        assertThat(w.listener.transfers).hasSize(1);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.completion().code()).isEqualTo(426);
        assertThat(t.completion().frame()).isEqualTo(frame426);
        assertThat(t.abortReply().code()).isEqualTo(500);
        assertThat(t.abort().urgent()).isTrue();
        assertThat(w.tracker.counters().repliesToLaterCommand()).isEqualTo(1);
    }

    @Test
    void syntaxErrorBeforeThePreliminaryReplyStillAnswersTheTransferCommand()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.client(1, "RETR\r\n");
        w.client(1, "NOOP\r\n");
        w.server(1, "501 Syntax error in parameters.\r\n");
        w.server(1, "200 NOOP ok.\r\n");
        assertThat(w.listener.transfers).hasSize(1);
        assertThat(w.listener.transfers.get(0).completion().code()).isEqualTo(501);
        assertThat(w.tracker.counters().repliesToLaterCommand()).isZero();
    }

    @Test
    void controlClosedBeforeTheFinalReply()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.close(1, 100, 200);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.completion()).isNull();
        assertThat(t.end()).isEqualTo(FtpTransfer.End.CONTROL_CLOSED);
        assertThat(t.dataFlowId()).isEqualTo(2);
        assertThat(w.listener.ended).hasSize(1);
    }

    @Test
    void unsolicited421EndsTheTransfer()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.server(1, "421 Data timeout. Reconnect. Sorry.\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.completion().code()).isEqualTo(421);
    }

    @Test
    void transferWithoutSetupUsesTheDefaultPort()
    {
        final Wire w = new Wire().login();
        w.client(1, "RETR f\r\n");
        assertThat(w.open(2, SERVER, 20, CLIENT, 40001)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 ok\r\n");
        w.close(2, 3, 0);
        w.server(1, "226 ok\r\n");
        assertThat(w.listener.transfers.get(0).mode()).isEqualTo(DataMode.DEFAULT);
        assertThat(w.listener.transfers.get(0).dataFlowId()).isEqualTo(2);
    }

    @Test
    void sizeReplyIsKeptForTheSamePath()
    {
        final Wire w = new Wire().login();
        w.client(1, "SIZE /a.bin\r\n");
        w.server(1, "213 4096\r\n");
        w.client(1, "EPSV\r\n");
        w.server(1, "229 Entering Extended Passive Mode (|||40001|)\r\n");
        w.client(1, "RETR /a.bin\r\n");
        w.server(1, "550 no\r\n");
        assertThat(w.listener.transfers.get(0).sizeFromSizeCommand()).isEqualTo(4096);
    }

    @Test
    void ftpOnAnotherPortIsDetectedAndSmtpIsNot()
    {
        final Wire w = new Wire();
        assertThat(w.open(1, CLIENT, 50000, SERVER, 2121)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        assertThat(w.server(1, "220 FTP ready\r\n")).isTrue();
        assertThat(w.client(1, "USER x\r\n")).isTrue();
        assertThat(w.tracker.roleOf(1)).isEqualTo(FtpTracker.ROLE_CONTROL);
        assertThat(w.listener.started).hasSize(1);
        assertThat(w.listener.commands).hasSize(1);

        assertThat(w.open(2, CLIENT, 50001, SERVER, 25)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        assertThat(w.server(2, "220 mail.example ESMTP\r\n")).isTrue();
        assertThat(w.client(2, "EHLO me\r\n")).isFalse();
        assertThat(w.tracker.roleOf(2)).isEqualTo(FtpTracker.ROLE_NONE);

        assertThat(w.open(3, CLIENT, 50002, SERVER, 80)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        assertThat(w.client(3, "GET / HTTP/1.1\r\n")).isFalse();

        assertThat(w.open(4, CLIENT, 50003, SERVER, 443)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        assertThat(w.bytes(4, true, new byte[]{0x16, 0x03, 0x01, 0x02, 0x00})).isFalse();
        assertThat(w.listener.started).hasSize(1);
    }

    @Test
    void controlConnectionSeenWithPort21AsInitiatorSwapsRoles()
    {
        final Wire w = new Wire();
        assertThat(w.open(1, SERVER, 21, CLIENT, 50000)).isEqualTo(FtpTracker.ROLE_CONTROL);
        w.bytes(1, true, Wire.ascii("220 hi\r\n"));
        w.bytes(1, false, Wire.ascii("USER a\r\n"));
        assertThat(w.listener.replies).hasSize(1);
        assertThat(w.listener.commands).hasSize(1);
        assertThat(w.tracker.session(1).clientPort()).isEqualTo(50000);
    }

    @Test
    void dataConnectionWithoutControl()
    {
        final Wire w = new Wire();
        w.tracker.reportDataWithoutControl(7, SERVER, 20, 0, 0, 0, 0, true, 100, 0, 1, 1, 2, 2);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.controlFlowId()).isEqualTo(FtpTransfer.NONE);
        assertThat(t.dataFlowId()).isEqualTo(7);
        assertThat(t.bytesToClient()).isEqualTo(100);
        assertThat(t.end()).isEqualTo(FtpTransfer.End.DATA_ONLY);
        assertThat(t.notes()).anyMatch(n -> n.contains("control connection not in capture"));
    }

    @Test
    void dataConnectionWithNoCommandIsReportedAtItsClose()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.close(2, 0, 0);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.command()).isNull();
        assertThat(t.end()).isEqualTo(FtpTransfer.End.DATA_ONLY);
        assertThat(t.controlFlowId()).isEqualTo(1);
    }

    @Test
    void flushHandsOverEverything()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n226 ok\r\n");
        assertThat(w.listener.transfers).isEmpty();
        w.tracker.flush(w.ts);
        assertThat(w.listener.transfers).hasSize(1);
        assertThat(w.listener.transfers.get(0).end()).isEqualTo(FtpTransfer.End.FLUSHED);
        assertThat(w.listener.ended).hasSize(1);
    }

    @Test
    void lingeringTransferTimesOut()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n226 ok\r\n");
        w.tracker.onTime(w.ts + TimeUnit.SECONDS.toNanos(60));
        assertThat(w.listener.transfers).hasSize(1);
        assertThat(w.listener.transfers.get(0).end()).isEqualTo(FtpTransfer.End.TIMED_OUT);
    }

    @Test
    void clearTextAfterCccIsReadAgain()
    {
        final Wire w = new Wire();
        w.openControl(1);
        w.server(1, "220 hi\r\n");
        w.client(1, "AUTH TLS\r\n");
        w.server(1, "234 go\r\n");
        // a handshake record split over two segments, then an alert, then clear text
        w.bytes(1, true, new byte[]{0x16, 0x03, 0x01, 0x00, 0x04, 'a'});
        w.bytes(1, true, new byte[]{'b', 'c', 'd', 0x15, 0x03, 0x03, 0x00, 0x02, 1, 0});
        w.bytes(1, false, new byte[]{0x17, 0x03, 0x03, 0x00, 0x01, 'x', 0x15, 0x03, 0x03, 0x00, 0x02, 1, 0});
        assertThat(w.tracker.session(1).encrypted()).isTrue();
        w.client(1, "PASV\r\n");
        assertThat(w.tracker.session(1).encrypted()).isFalse();
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        assertThat(w.listener.replyCodes()).containsExactly(220, 234, 227);
        assertThat(w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10)).isEqualTo(FtpTracker.ROLE_DATA);
        // and TLS again later is handled without trouble
        w.bytes(1, true, new byte[]{0x16, 0x03, 0x01, 0x00, 0x01, 'z'});
        assertThat(w.tracker.session(1).encrypted()).isTrue();
    }

    @Test
    void garbageAfterTlsKeepsTheSessionEncrypted()
    {
        final Wire w = new Wire();
        w.openControl(1);
        w.server(1, "220 hi\r\n");
        w.client(1, "AUTH TLS\r\n");
        w.server(1, "234 go\r\n");
        w.bytes(1, false, new byte[]{0x16, 0x02, 0x01, 0x00, 0x04, '2', '2', '6', ' ', '\n'});
        w.server(1, "426 looks like text but the framing was lost\r\n");
        assertThat(w.tracker.session(1).encrypted()).isTrue();
        assertThat(w.listener.replyCodes()).containsExactly(220, 234);
    }

    @Test
    void rfc2228ProtectedCommandsMarkTheSessionEncrypted()
    {
        final Wire w = new Wire();
        w.openControl(1);
        w.server(1, "220 hi\r\n");
        w.client(1, "AUTH GSSAPI\r\n");
        w.server(1, "334 ADAT must follow\r\n");
        w.client(1, "ENC FwMBADDdzzrsNoWTqsQ=\r\n");
        w.server(1, "632 FwMBAFDq9rd7u1axPjOW6rw=\r\n");
        assertThat(w.tracker.session(1).encrypted()).isTrue();
        assertThat(w.tracker.session(1).encryptionNote()).contains("RFC 2228");
        assertThat(w.listener.replyCodes()).containsExactly(220, 334, 632);
        assertThat(w.open(2, CLIENT, 51000, SERVER, 40000)).isEqualTo(FtpTracker.ROLE_DATA);
    }

    @Test
    void dataConnectionReportedBeforeTheSetupReplyBytesStillMatches()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        final long replyTs = w.ts + 1_000_000L;
        final long replyFrame = w.frame;
        w.frame++;
        // the SYN of the data connection is reported first, the 227 (sent earlier) only afterwards
        assertThat(w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        final byte[] reply = Wire.ascii("227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.tracker.onControlBytes(1, false, new org.agrona.concurrent.UnsafeBuffer(reply), 0, reply.length,
            replyFrame, replyTs);
        assertThat(w.tracker.roleOf(2)).isEqualTo(FtpTracker.ROLE_DATA);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 ok\r\n");
        w.close(2, 0, 9);
        w.server(1, "226 ok\r\n");
        assertThat(w.listener.transfers.get(0).dataFlowId()).isEqualTo(2);
        assertThat(w.listener.transfers.get(0).bytesToClient()).isEqualTo(9);
    }

    @Test
    void pureFtpdStrayPreliminaryAfterAFailedDownloadIsKept()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10);
        w.client(1, "RETR f\r\n");
        w.server(1, "150 Accepted data connection\r\n");
        w.close(2, 0, 300000);
        w.server(1, "150 5.123 seconds (measured here), 57.25 Kbytes per second\r\n");
        w.close(1, 20, 200);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.completion()).isNull();
        assertThat(t.extraPreliminaryReplies()).isEqualTo(1);
        assertThat(t.extraPreliminary().text()).startsWith("5.123 seconds");
        assertThat(t.end()).isEqualTo(FtpTransfer.End.CONTROL_CLOSED);
        assertThat(t.bytesToClient()).isEqualTo(300000);
    }

    @Test
    void dataConnectionSeenMidStreamWithRolesBackwards()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.client(1, "RETR f\r\n");
        // first packet seen came from the server, so the TCP stage calls the server the initiator
        assertThat(w.open(2, SERVER, 10 * 256 + 10, CLIENT, 51000)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 ok\r\n");
        w.close(2, 700, 0);
        w.server(1, "226 ok\r\n");
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.dataFlowId()).isEqualTo(2);
        assertThat(t.bytesToClient()).isEqualTo(700);
        assertThat(t.dataClientPort()).isEqualTo(51000);
        assertThat(t.dataServerPort()).isEqualTo(10 * 256 + 10);
        assertThat(t.dataInitiatedByServer()).isTrue(); // as the TCP stage reported it
    }

    @Test
    void longPassiveAndLongPort()
    {
        final Wire w = new Wire().login();
        w.client(1, "LPSV\r\n");
        w.server(1, "228 Entering Long Passive Mode (4,4,203,0,113,10,2,10,10)\r\n");
        w.client(1, "RETR a\r\n");
        assertThat(w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 ok\r\n");
        w.close(2, 0, 1);
        w.server(1, "226 ok\r\n");
        w.client(1, "LPRT 4,4,198,51,100,10,2,20,20\r\n");
        w.server(1, "200 ok\r\n");
        w.client(1, "RETR b\r\n");
        assertThat(w.open(3, SERVER, 20, CLIENT, 20 * 256 + 20)).isEqualTo(FtpTracker.ROLE_DATA);
        w.server(1, "150 ok\r\n");
        w.close(3, 1, 0);
        w.server(1, "226 ok\r\n");
        assertThat(w.listener.transfers).extracting(FtpTransfer::mode).containsExactly(DataMode.LPSV, DataMode.LPRT);
        assertThat(w.listener.transfers).extracting(FtpTransfer::dataFlowId).containsExactly(2L, 3L);
    }

    @Test
    void expectationCountIsBoundedAndCounted()
    {
        final FtpTrackerConfig config = new FtpTrackerConfig();
        config.maxExpectations = 1;
        final Wire w = new Wire(config).login();
        w.openControl(5);
        w.server(5, "220 hi\r\n");
        w.client(1, "PASV\r\n");
        w.server(1, "227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.client(5, "USER x\r\n");
        w.server(5, "331 pw\r\n");
        w.client(5, "PASV\r\n");
        w.server(5, "227 Entering Passive Mode (203,0,113,10,10,11)\r\n");
        assertThat(w.tracker.counters().expectationsOverLimit()).isEqualTo(1);
        assertThat(w.open(3, CLIENT, 51001, SERVER, 10 * 256 + 11)).isNotEqualTo(FtpTracker.ROLE_DATA);
        assertThat(w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10)).isEqualTo(FtpTracker.ROLE_DATA);
    }
}
