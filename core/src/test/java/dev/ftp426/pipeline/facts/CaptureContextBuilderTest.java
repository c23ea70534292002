package dev.ftp426.pipeline.facts;

import dev.ftp426.attribution.CaptureContext;
import dev.ftp426.attribution.DropWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureContextBuilderTest
{
    @Test
    void dropSamplesBecomeWindowsWhereTheCounterRose()
    {
        final CaptureContext c = new CaptureContextBuilder()
            .dropSample(1_000, 0)
            .dropSample(2_000, 0)
            .dropSample(3_000, 7)
            .dropSample(4_000, 7)
            .build();
        assertThat(c.dropWindows()).containsExactly(new DropWindow(2_000, 3_000, 7));
        assertThat(c.dropsOverlap(2_500, 2_600)).isTrue();
        assertThat(c.dropsOverlap(3_500, 3_900)).isFalse();
        assertThat(c.kernelDrops()).isEqualTo(-1);
        assertThat(c.linkType()).isEqualTo(1);
    }

    @Test
    void aFewCopiesDoNotMakeAForwardingCapture()
    {
        final Rig rig = new Rig().handshake();
        for (int i = 0; i < 40; i++)
        {
            rig.s(20 + i, 1001 + 100L * i, 101, Rig.ACK, 502, 100);
        }
        rig.forwarding = true;
        rig.s(70, 5001, 101, Rig.ACK, 502, 100);
        rig.s(71, 5101, 101, Rig.ACK, 502, 100);
        assertThat(rig.recorder.forwardedCopies()).isEqualTo(2);
        assertThat(rig.context().forwardedDuplicates()).isFalse();
        assertThat(new CaptureContextBuilder().observe(rig.recorder).forwardedDuplicates(true).build()
            .forwardedDuplicates()).isTrue();
    }
}
