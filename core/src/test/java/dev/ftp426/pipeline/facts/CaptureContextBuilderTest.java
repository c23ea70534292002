package dev.ftp426.pipeline.facts;

import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;

import dev.ftp426.attribution.CaptureContext;
import dev.ftp426.attribution.DropWindow;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.LinkType;
import dev.ftp426.pcap.PcapngBuilder;
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
    void dropTotalsComeFromThePcapngInterfaceStatistics() throws Exception
    {
        final byte[] capture = new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.LINUX_SLL2, 0)
            .interfaceBlock(LinkType.ETHERNET, 0)
            .enhancedPacket(0, 1_000_000, new byte[60], 60)
            .statistics(0, 1_000_000, 10, 1, 9, 2, 8)
            .statistics(0, 2_000_000, 20, 3, 17, 4, 16)
            .statistics(1, 2_000_000, 5, 7, -1, -1, -1)
            .toByteArray();
        final CaptureStats stats;
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(capture), "isb.pcapng"))
        {
            reader.readAll(frame -> { });
            stats = reader.stats();
        }
        final CaptureContext c = new CaptureContextBuilder().linkType(LinkType.LINUX_SLL2).drops(stats).build();
        assertThat(c.kernelDrops()).isEqualTo(10);
        assertThat(c.ringDrops()).isEqualTo(4);
        assertThat(c.linkType()).isEqualTo(LinkType.LINUX_SLL2);
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
