package dev.ftp426.pipeline.facts;

import static dev.ftp426.pipeline.facts.Rig.ACK;
import static dev.ftp426.pipeline.facts.Rig.FIN;
import static dev.ftp426.pipeline.facts.Rig.PSH;
import static dev.ftp426.pipeline.facts.Rig.RST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ftp426.attribution.FtpRole;
import org.junit.jupiter.api.Test;

/** A pooled recorder, reset, records the next connection exactly as a new one would: nothing of the last leaks. */
class RecorderReuseTest
{
    @Test
    void aResetRecorderKeepsNothingOfItsPreviousConnection()
    {
        final Rig dirty = busyConnection();
        assertThat(dirty.recorder.forwardedCopies()).isPositive();
        assertThat(dirty.facts(FtpRole.SERVER).resetPairs()).isNotEmpty();

        final Rig fresh = quietDownload(new Rig());
        final Rig reused = new Rig();
        reused.reuse = dirty.recorder;
        quietDownload(reused);

        assertThat(reused.recorder).isSameAs(dirty.recorder);
        assertThat(reused.facts(FtpRole.SERVER)).isEqualTo(fresh.facts(FtpRole.SERVER));
        assertThat(reused.facts(null)).isEqualTo(fresh.facts(null));
        assertThat(reused.recorder.rawPackets()).isEqualTo(fresh.recorder.rawPackets());
        assertThat(reused.recorder.forwardedCopies()).isZero();
        assertThat(reused.recorder.payloadBytes(1)).isEqualTo(fresh.recorder.payloadBytes(1));
        assertThat(reused.context()).isEqualTo(fresh.context());
    }

    @Test
    void aRecorderResetBeforeAnyPacketSnapshotsLikeANewOne()
    {
        final Rig dirty = busyConnection();
        final Rig fresh = new Rig();
        fresh.c(0, 100, 0, Rig.SYN, 64240, 0);
        final Rig reused = new Rig();
        reused.reuse = dirty.recorder;
        reused.c(0, 100, 0, Rig.SYN, 64240, 0);
        assertThat(reused.facts(FtpRole.SERVER)).isEqualTo(fresh.facts(FtpRole.SERVER));
    }

    /** Forwarded copies, retransmissions, zero windows, a reset pair, TLS-looking payload: every kind of state. */
    private static Rig busyConnection()
    {
        final Rig rig = new Rig();
        rig.forwarding = true;
        rig.handshake();
        rig.data = new byte[]{0x17, 0x03, 0x03, 0x00, 0x10};
        rig.s(20, 1001, 101, ACK | PSH, 502, 1000);
        rig.s(21, 2001, 101, ACK | PSH, 502, 1000);
        rig.s(400, 1001, 101, ACK | PSH, 502, 1000);
        rig.s(1200, 1001, 101, ACK | PSH, 502, 1000);
        rig.c(1201, 101, 3001, ACK, 0, 0);
        rig.c(1400, 101, 3001, ACK, 0, 0);
        rig.forwarding = false;
        rig.serverTtl = 40;
        rig.s(1500, 3001, 101, ACK | FIN, 502, 0);
        rig.send(1600, true, 101, 3001, RST | ACK, 0, 0, 64);
        rig.send(1601, false, 3002, 101, RST | ACK, 0, 0, 64);
        rig.s(1602, 3002, 101, ACK | PSH, 502, 100);
        return rig;
    }

    private static Rig quietDownload(final Rig rig)
    {
        rig.handshake();
        for (int i = 0; i < 3; i++)
        {
            rig.s(20 + i, 1001 + 1000L * i, 101, ACK | PSH, 502, 1000);
            rig.c(20.5 + i, 101, 1001 + 1000L * (i + 1), ACK, 502, 0);
        }
        rig.s(30, 4001, 101, ACK | FIN, 502, 0);
        rig.c(30.5, 101, 4002, ACK | FIN, 502, 0);
        return rig;
    }
}
