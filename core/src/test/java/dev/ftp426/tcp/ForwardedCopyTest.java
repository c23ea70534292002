package dev.ftp426.tcp;

import org.junit.jupiter.api.Test;

import static dev.ftp426.tcp.Harness.CISN;
import static dev.ftp426.tcp.Harness.SISN;
import static dev.ftp426.tcp.TcpEventType.DUPLICATE_ACK;
import static dev.ftp426.tcp.TcpEventType.RETRANSMISSION;
import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.PSH;
import static dev.ftp426.tcp.TestPackets.RST;
import static org.assertj.core.api.Assertions.assertThat;

/** A router's "-i any" capture shows every forwarded segment twice, the second copy with the TTL one lower. */
class ForwardedCopyTest
{
    private static final int PA = PSH | ACK;

    /** Client packet, then its forwarded copy 50 µs later with the TTL one lower. */
    private static void cTwice(final Harness h, final double tMs, final long seq, final long ack, final int flags,
        final int len)
    {
        h.packets.clientTtl = 64;
        h.c(tMs, seq, ack, flags, 65535, len);
        h.packets.clientTtl = 63;
        h.c(tMs + 0.05, seq, ack, flags, 65535, len);
        h.packets.clientTtl = 64;
    }

    private static void sTwice(final Harness h, final double tMs, final long seq, final long ack, final int flags,
        final int len)
    {
        h.packets.serverTtl = 52;
        h.s(tMs, seq, ack, flags, 65535, len);
        h.packets.serverTtl = 51;
        h.s(tMs + 0.05, seq, ack, flags, 65535, len);
        h.packets.serverTtl = 52;
    }

    @Test
    void secondCopiesAreNeitherRetransmissionsNorDuplicateAcks()
    {
        final Harness h = new Harness().handshake();
        sTwice(h, 10, SISN + 1, CISN + 1, PA, 1000);
        sTwice(h, 11, SISN + 1001, CISN + 1, PA, 1000);
        cTwice(h, 12, CISN + 1, SISN + 2001, ACK, 0);
        sTwice(h, 13, SISN + 2001, CISN + 1, PA, 1000);
        cTwice(h, 14, CISN + 1, SISN + 3001, ACK, 0);

        assertThat(h.recorder.events(RETRANSMISSION)).isEmpty();
        assertThat(h.recorder.events(DUPLICATE_ACK)).isEmpty();
        assertThat(h.flow().responder().retransmissions()).isZero();
        assertThat(h.flow().responder().packets()).isEqualTo(1 + 3);
        assertThat(h.flow().responder().forwardedCopies()).isEqualTo(3);
        assertThat(h.flow().initiator().forwardedCopies()).isEqualTo(2);
        assertThat(h.flow().responder().ttlMin()).isEqualTo(52);
        assertThat(h.tracker.forwardedCopies()).isEqualTo(5);
    }

    @Test
    void aRetransmissionWithTheSameTtlIsStillOne()
    {
        final Harness h = new Harness().handshake();
        h.s(10, SISN + 1, CISN + 1, PA, 65535, 1000);
        final long again = h.s(11, SISN + 1, CISN + 1, PA, 65535, 1000);
        assertThat(h.recorder.framesOf(RETRANSMISSION)).containsExactly(again);
        assertThat(h.flow().responder().forwardedCopies()).isZero();
    }

    @Test
    void aLateCopyOrOneTwoHopsLowerIsAnalysed()
    {
        final Harness h = new Harness().handshake();
        sTwice(h, 10, SISN + 1, CISN + 1, PA, 1000);
        h.packets.serverTtl = 51;
        final long late = h.s(15, SISN + 1, CISN + 1, PA, 65535, 1000);
        h.packets.serverTtl = 49;
        final long lower = h.s(15.5, SISN + 1, CISN + 1, PA, 65535, 1000);
        assertThat(h.recorder.framesOf(RETRANSMISSION)).containsExactly(late, lower);
        assertThat(h.flow().responder().forwardedCopies()).isEqualTo(1);
    }

    @Test
    void anInjectedResetSeenOnceIsAnalysed()
    {
        final Harness h = new Harness().handshake();
        sTwice(h, 10, SISN + 1, CISN + 1, PA, 1000);
        h.packets.serverTtl = 64;
        h.s(20, SISN + 1001, 0, RST, 0, 0);
        assertThat(h.flow().responder().rstCount()).isEqualTo(1);
        assertThat(h.flow().responder().forwardedCopies()).isEqualTo(1);
    }
}
