package dev.ftp426.ftp;

import static dev.ftp426.ftp.Wire.CLIENT;
import static dev.ftp426.ftp.Wire.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Candidates (FTP looked for on any port) get no {@link FtpSession} until their server's first bytes may be a
 * greeting; until then they are a slot of primitives, and every rule of a candidate session still holds.
 */
class FtpCandidateTest
{
    @Test
    void connectionsThatNeverSendFtpBytesLeaveNoSessionBehind()
    {
        final Wire w = new Wire();
        final int rounds = 500;
        long flow = 1;
        for (int i = 0; i < rounds; i++)
        {
            final long http = flow++;
            final long ssh = flow++;
            final long tls = flow++;
            final long silent = flow++;
            final long gapped = flow++;
            assertThat(w.open(http, CLIENT, 50000, SERVER, 8080)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
            assertThat(w.open(ssh, CLIENT, 50001, SERVER, 2222)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
            assertThat(w.open(tls, CLIENT, 50002, SERVER, 8443)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
            assertThat(w.open(silent, CLIENT, 50003, SERVER, 9000)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
            assertThat(w.open(gapped, CLIENT, 50004, SERVER, 9001)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
            assertThat(w.tracker.roleOf(silent)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
            assertThat(w.tracker.session(silent)).isNull();
            assertThat(w.tracker.pendingCandidates()).isEqualTo(5);

            assertThat(w.client(http, "GET / HTTP/1.1\r\n")).isFalse();
            assertThat(w.server(ssh, "SSH-2.0-OpenSSH_9.6\r\n")).isFalse();
            assertThat(w.bytes(tls, false, new byte[]{0x16, 0x03, 0x03, 0x00, 0x31})).isFalse();
            w.tracker.onControlGap(gapped, false, 100, w.tick(), w.ts);
            // nothing to read in an empty delivery: still a candidate
            assertThat(w.tracker.onControlBytes(silent, true, new UnsafeBuffer(new byte[4]), 0, 0, w.tick(), w.ts))
                .isTrue();
            assertThat(w.tracker.roleOf(http)).isEqualTo(FtpTracker.ROLE_NONE);
            assertThat(w.tracker.roleOf(gapped)).isEqualTo(FtpTracker.ROLE_NONE);
            assertThat(w.tracker.roleOf(silent)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
            assertThat(w.tracker.pendingCandidates()).isEqualTo(1);

            for (long f = http; f <= gapped; f++)
            {
                w.close(f, 10, 10);
            }
            assertThat(w.tracker.roleOf(silent)).isEqualTo(FtpTracker.ROLE_NONE);
            assertThat(w.tracker.sessionObjects()).isZero();
            assertThat(w.tracker.pendingCandidates()).isZero();
        }
        assertThat(w.tracker.counters().sessionsRejected()).isEqualTo(4L * rounds);
        assertThat(w.tracker.counters().sessions()).isZero();
        assertThat(w.listener.events).isEmpty();
    }

    @Test
    void connectionsThatAreNotFtpAllocateNothingOnceTheTablesHaveGrown()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final FtpTracker tracker = new FtpTracker(new FtpTrackerConfig(), new RecordingListener());
        final UnsafeBuffer http = new UnsafeBuffer(Wire.ascii("GET / HTTP/1.1\r\n"));
        final UnsafeBuffer ssh = new UnsafeBuffer(Wire.ascii("SSH-2.0-OpenSSH_9.6\r\n"));
        final int open = 2_000;
        churn(tracker, http, ssh, 0, 20_000, open);
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        churn(tracker, http, ssh, 20_000, 120_000, open);
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertThat(tracker.counters().sessionsRejected()).isEqualTo(120_000 - open);
        assertThat(tracker.sessionObjects()).isZero();
        assertThat(tracker.pendingCandidates()).isEqualTo(open);
        // a session per candidate was some 2 KB each: 200 MB for these 100,000 connections
        assertThat(allocated).as("bytes allocated for 100,000 candidate connections").isLessThan(16_384);
    }

    /** Opens connections [from, to), each rejected by its first bytes and closed {@code open} connections later. */
    private static void churn(final FtpTracker tracker, final UnsafeBuffer http, final UnsafeBuffer ssh,
        final int from, final int to, final int open)
    {
        for (int i = from; i < to; i++)
        {
            final long ts = 1_000_000_000L + i * 1_000L;
            if (tracker.onConnectionOpened(i, 0, CLIENT, 40_000 + (i & 0x3fff), 0, SERVER, 8080, i, ts) !=
                FtpTracker.ROLE_CANDIDATE)
            {
                throw new AssertionError("connection " + i + " is no candidate");
            }
            final int old = i - open;
            if (old >= 0)
            {
                final boolean fromClient = (old & 1) == 0;
                final UnsafeBuffer first = fromClient ? http : ssh;
                tracker.onControlBytes(old, fromClient, first, 0, first.capacity(), i, ts);
                tracker.onConnectionClosed(old, 16, 21, i, ts);
            }
        }
    }

    @Test
    void aGreetingMakesTheSessionWithTheConnectionsOpeningFacts()
    {
        final Wire w = new Wire();
        assertThat(w.open(7, CLIENT, 50000, SERVER, 2121)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        final long openFrame = w.frame - 1;
        final long openTs = w.ts;
        assertThat(w.server(7, "22")).isTrue(); // too short to tell: the session is made and waits
        assertThat(w.tracker.sessionObjects()).isEqualTo(1);
        assertThat(w.tracker.pendingCandidates()).isZero();
        assertThat(w.server(7, "0-Welcome\r\n220 ready\r\n")).isTrue();
        assertThat(w.listener.started).isEmpty();
        assertThat(w.client(7, "USER anna\r\n")).isTrue();

        assertThat(w.tracker.roleOf(7)).isEqualTo(FtpTracker.ROLE_CONTROL);
        final FtpSession s = w.tracker.session(7);
        assertThat(w.listener.started).containsExactly(s);
        assertThat(s.startFrame()).isEqualTo(openFrame);
        assertThat(s.startTs()).isEqualTo(openTs);
        assertThat(s.clientLo()).isEqualTo(CLIENT);
        assertThat(s.clientPort()).isEqualTo(50000);
        assertThat(s.serverLo()).isEqualTo(SERVER);
        assertThat(s.serverPort()).isEqualTo(2121);
        assertThat(s.initiatorIsServer()).isFalse();
        assertThat(w.listener.replies).hasSize(1);
        assertThat(w.listener.replies.get(0)).startsWith("220 Welcome|ready lines=2");
        assertThat(w.listener.commands).hasSize(1);
    }

    @Test
    void silentCandidatesNeverKeepARealSessionOut()
    {
        final FtpTrackerConfig config = new FtpTrackerConfig();
        config.maxSessions = 2;
        config.maxPendingCandidates = 3;
        final Wire w = new Wire(config);
        for (long f = 1; f <= 3; f++)
        {
            assertThat(w.open(f, CLIENT, 50000 + (int)f, SERVER, 8000)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        }
        assertThat(w.open(4, CLIENT, 50004, SERVER, 8000)).isEqualTo(FtpTracker.ROLE_NONE);
        assertThat(w.tracker.counters().candidatesOverLimit()).isEqualTo(1);
        // the control port still gets its sessions while the candidate table is full
        assertThat(w.openControl(5)).isEqualTo(FtpTracker.ROLE_CONTROL);
        assertThat(w.tracker.counters().sessionsOverLimit()).isZero();

        // a candidate whose greeting makes it a session takes the last session room ...
        assertThat(w.server(1, "220 hi\r\n")).isTrue();
        assertThat(w.tracker.sessionObjects()).isEqualTo(2);
        // ... and then neither the control port nor another greeting candidate find room: counted
        assertThat(w.openControl(6)).isEqualTo(FtpTracker.ROLE_NONE);
        assertThat(w.server(2, "220 hi\r\n")).isFalse();
        assertThat(w.tracker.counters().sessionsOverLimit()).isEqualTo(2);
        assertThat(w.tracker.pendingCandidates()).isEqualTo(1);
    }

    @Test
    void anUrgentMarkBeforeAnyPayloadReachesTheFirstCommandAsOnPort21()
    {
        final Wire onPort21 = new Wire();
        onPort21.openControl(1);
        urgentThenLogin(onPort21, 1);

        final Wire candidate = new Wire();
        candidate.open(1, CLIENT, 50000, SERVER, 2121);
        urgentThenLogin(candidate, 1);

        assertThat(onPort21.listener.commands).hasSize(2);
        assertThat(onPort21.listener.commands.get(0)).contains("[URG]");
        assertThat(candidate.listener.commands).isEqualTo(onPort21.listener.commands);
    }

    @Test
    void aReusedCandidateSlotCarriesNothingOfItsPreviousConnection()
    {
        final Wire w = new Wire();
        w.open(1, CLIENT, 50000, SERVER, 2121);
        w.tracker.onUrgent(1, true, w.tick(), w.ts);
        assertThat(w.client(1, "GET / HTTP/1.0\r\n")).isFalse(); // rejected: its slot is free again

        w.open(2, Wire.NAT_SERVER, 41000, CLIENT, 3000);
        final long openFrame = w.frame - 1;
        w.server(2, "220 other\r\n");
        w.client(2, "USER bo\r\n");
        final FtpSession s = w.tracker.session(2);
        assertThat(s.clientLo()).isEqualTo(Wire.NAT_SERVER);
        assertThat(s.clientPort()).isEqualTo(41000);
        assertThat(s.serverLo()).isEqualTo(CLIENT);
        assertThat(s.serverPort()).isEqualTo(3000);
        assertThat(s.startFrame()).isEqualTo(openFrame);
        assertThat(w.listener.commands).hasSize(1);
        assertThat(w.listener.commands.get(0)).doesNotContain("[URG]");
    }

    @Test
    void aPendingCandidateOpenedBeforeItsSetupReplyBecomesTheDataConnection()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        final long replyTs = w.ts + 1_000_000L;
        final long replyFrame = w.frame++;
        // the SYN of the data connection is reported first, the 227 (sent earlier) only afterwards
        assertThat(w.open(2, CLIENT, 51000, SERVER, 10 * 256 + 10)).isEqualTo(FtpTracker.ROLE_CANDIDATE);
        final long rejectedBefore = w.tracker.counters().sessionsRejected();
        final byte[] reply = Wire.ascii("227 Entering Passive Mode (203,0,113,10,10,10)\r\n");
        w.tracker.onControlBytes(1, false, new UnsafeBuffer(reply), 0, reply.length, replyFrame, replyTs);
        assertThat(w.tracker.roleOf(2)).isEqualTo(FtpTracker.ROLE_DATA);
        assertThat(w.tracker.pendingCandidates()).isZero();
        assertThat(w.tracker.counters().sessionsRejected()).isEqualTo(rejectedBefore + 1);
        // its bytes are data now, not control text
        assertThat(w.server(2, "220 looks like a greeting\r\n")).isFalse();
        assertThat(w.tracker.sessionObjects()).isEqualTo(1);
    }

    @Test
    void flushForgetsPendingCandidates()
    {
        final Wire w = new Wire();
        w.open(1, CLIENT, 50000, SERVER, 2121);
        w.open(2, CLIENT, 50001, SERVER, 2121);
        w.tracker.flush(w.ts);
        assertThat(w.tracker.pendingCandidates()).isZero();
        assertThat(w.tracker.roleOf(1)).isEqualTo(FtpTracker.ROLE_NONE);
        assertThat(w.listener.events).isEmpty();
    }

    @Test
    void flowIdsMixIntoDistinctKeys()
    {
        final java.util.HashSet<Long> keys = new java.util.HashSet<>();
        for (long id = 0; id < 100_000; id++)
        {
            keys.add(PendingCandidates.mix(id));
        }
        keys.add(PendingCandidates.mix(Long.MAX_VALUE));
        keys.add(PendingCandidates.mix(-1));
        assertThat(keys).hasSize(100_002);
    }

    private static void urgentThenLogin(final Wire w, final long flow)
    {
        w.tracker.onUrgent(flow, false, w.tick(), w.ts); // from the server: not a client's mark
        w.tracker.onUrgent(flow, true, w.tick(), w.ts);
        w.server(flow, "220 hi\r\n");
        w.client(flow, "USER a\r\n");
        w.server(flow, "331 pw\r\n");
        w.client(flow, "PASS b\r\n");
    }
}
