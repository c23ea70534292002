package dev.ftp426.pcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** pcapng features built byte by byte: sections, interfaces, resolutions, offsets and every packet block type. */
class PcapngReaderTest
{
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    static byte[] data(final int length, final int seed)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed * 31 + i);
        }
        return data;
    }

    static CapturedFrames read(final Path file, final CaptureStats[] stats) throws IOException
    {
        final CapturedFrames frames = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            reader.readAll(frames);
            stats[0] = reader.stats();
        }
        return frames;
    }

    /** Reads a file through the mapped path and the stream path, checks both agree, returns the mapped result. */
    private CapturedFrames readBothWays(final byte[] bytes, final CaptureStats[] stats) throws IOException
    {
        final Path file = dir.resolve("t.pcapng");
        java.nio.file.Files.write(file, bytes);
        final CapturedFrames mapped = read(file, stats);
        final CapturedFrames streamed = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(bytes), "-"))
        {
            reader.readAll(streamed);
        }
        assertThat(streamed.rows).isEqualTo(mapped.rows);
        return mapped;
    }

    @Test
    void twoSectionsWithDifferentByteOrders() throws Exception
    {
        final PcapngBuilder b = new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 65535, -1, null, "eth0")
            .enhancedPacket(0, T0 * 1_000_000 + 1, data(60, 1), 60)
            .enhancedPacket(0, T0 * 1_000_000 + 2, data(61, 2), 1514)
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkType.RAW, 262144, PcapngBuilder.TSRESOL_NANOS, null, "tun0")
            .enhancedPacket(0, T0 * 1_000_000_000 + 3, data(40, 3), 40);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        assertThat(frames.size()).isEqualTo(3);
        assertThat(frames.get(0).timestampNanos()).isEqualTo(T0 * 1_000_000_000 + 1000);
        assertThat(frames.get(1).timestampNanos()).isEqualTo(T0 * 1_000_000_000 + 2000);
        assertThat(frames.get(1).capturedLength()).isEqualTo(61);
        assertThat(frames.get(1).originalLength()).isEqualTo(1514);
        assertThat(frames.get(1).data()).isEqualTo(data(61, 2));
        assertThat(frames.get(2).timestampNanos()).isEqualTo(T0 * 1_000_000_000 + 3);
        assertThat(frames.get(2).linkType()).isEqualTo(LinkType.RAW);
        assertThat(frames.get(2).interfaceId()).isEqualTo(1);
        assertThat(frames.get(2).data()).isEqualTo(data(40, 3));
        assertThat(frames.get(2).number()).isEqualTo(3);
        assertThat(frames.get(2).fileOffset()).isEqualTo(b.blockOffsets().get(6));

        final List<CaptureStats.InterfaceStats> interfaces = stats[0].interfaces();
        assertThat(interfaces).hasSize(2);
        assertThat(interfaces.get(0).name()).isEqualTo("eth0");
        assertThat(interfaces.get(0).section()).isEqualTo(0);
        assertThat(interfaces.get(0).packets()).isEqualTo(2);
        assertThat(interfaces.get(1).name()).isEqualTo("tun0");
        assertThat(interfaces.get(1).section()).isEqualTo(1);
        assertThat(interfaces.get(1).linkType()).isEqualTo(LinkType.RAW);
        assertThat(interfaces.get(1).timestampResolution()).isEqualTo("10^-9");
        assertThat(stats[0].formatName()).isEqualTo("pcapng");
        assertThat(stats[0].truncatedPackets()).isEqualTo(1);
        assertThat(stats[0].warnings()).isEmpty();
        assertThat(stats[0].skippedRanges()).isEmpty();
        assertMatchesTshark(b.toByteArray(), frames);
    }

    @Test
    void twoInterfacesWithDifferentLinkTypesInOneSection() throws Exception
    {
        final PcapngBuilder b = new PcapngBuilder()
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0)
            .interfaceBlock(LinkType.LINUX_SLL, 0)
            .enhancedPacket(1, T0 * 1_000_000, data(44, 1), 44)
            .enhancedPacket(0, T0 * 1_000_000 + 5, data(60, 2), 60)
            .enhancedPacket(1, T0 * 1_000_000 + 9, data(45, 3), 45);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        assertThat(frames.rows).extracting(CapturedFrames.Row::linkType)
            .containsExactly(LinkType.LINUX_SLL, LinkType.ETHERNET, LinkType.LINUX_SLL);
        assertThat(frames.rows).extracting(CapturedFrames.Row::interfaceId).containsExactly(1, 0, 1);
        assertThat(stats[0].linkType(0)).isEqualTo(LinkType.ETHERNET);
        assertThat(stats[0].linkType(1)).isEqualTo(LinkType.LINUX_SLL);
        assertThat(stats[0].linkType(2)).isEqualTo(-1);
        assertThat(stats[0].interfaces().get(1).packets()).isEqualTo(2);
        assertMatchesTshark(b.toByteArray(), frames);
    }

    @Test
    void timestampResolutionsAndOffset() throws Exception
    {
        final long halfSecondIn2e20 = 1L << 19;
        final PcapngBuilder b = new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0, PcapngBuilder.TSRESOL_MILLIS, null, null)
            .interfaceBlock(LinkType.ETHERNET, 0, PcapngBuilder.TSRESOL_NANOS, null, null)
            .interfaceBlock(LinkType.ETHERNET, 0, PcapngBuilder.tsresolPowerOfTwo(20), null, null)
            .interfaceBlock(LinkType.ETHERNET, 0, -1, 1000L, null)
            .enhancedPacket(0, T0 * 1000 + 123, data(20, 1), 20)
            .enhancedPacket(1, T0 * 1_000_000_000 + 123_456_789, data(20, 2), 20)
            .enhancedPacket(2, (T0 << 20) | halfSecondIn2e20, data(20, 3), 20)
            .enhancedPacket(2, (T0 << 20) | 1, data(20, 4), 20)
            .enhancedPacket(3, T0 * 1_000_000 + 7, data(20, 5), 20);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        final long base = T0 * 1_000_000_000;
        assertThat(frames.rows).extracting(CapturedFrames.Row::timestampNanos).containsExactly(
            base + 123_000_000, base + 123_456_789, base + 500_000_000, base + 953, base + 1_000_000_000_000L + 7000);
        assertThat(stats[0].interfaces()).extracting(CaptureStats.InterfaceStats::timestampResolution)
            .containsExactly("10^-3", "10^-9", "2^-20", "10^-6");
        assertThat(stats[0].interfaces().get(3).timestampOffsetSeconds()).isEqualTo(1000);
        assertMatchesTshark(b.toByteArray(), frames);
    }

    @Test
    void simpleAndObsoletePacketBlocks() throws Exception
    {
        final PcapngBuilder b = new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 64)
            .simplePacket(data(50, 1), 50)
            .enhancedPacket(0, T0 * 1_000_000 + 10, data(60, 2), 60)
            .simplePacket(data(64, 3), 1500)
            .packetBlock(0, T0 * 1_000_000 + 20, data(30, 4), 31)
            .simplePacket(data(21, 5), 21);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        assertThat(frames.rows).extracting(CapturedFrames.Row::number).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(frames.rows).extracting(CapturedFrames.Row::capturedLength).containsExactly(50, 60, 64, 30, 21);
        assertThat(frames.rows).extracting(CapturedFrames.Row::originalLength).containsExactly(50, 60, 1500, 31, 21);
        final long t1 = T0 * 1_000_000_000 + 10_000;
        final long t2 = T0 * 1_000_000_000 + 20_000;
        assertThat(frames.rows).extracting(CapturedFrames.Row::timestampNanos).containsExactly(0L, t1, t1, t2, t2);
        assertThat(frames.get(2).data()).isEqualTo(data(64, 3));
        assertThat(frames.get(4).data()).isEqualTo(data(21, 5));
        final CaptureStats.Warning warning = stats[0].warning("spb-without-timestamp");
        assertThat(warning).isNotNull();
        assertThat(warning.count()).isEqualTo(3);
        assertThat(warning.message()).contains("offset " + b.blockOffsets().get(2));
        assertThat(stats[0].warnings()).hasSize(1);
        assertThat(stats[0].truncatedPackets()).isEqualTo(2);
        assertMatchesTshark(b.toByteArray(), frames);
    }

    @Test
    void statisticsBlocksKeepTheLastCountersPerInterface() throws Exception
    {
        final PcapngBuilder b = new PcapngBuilder()
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0)
            .interfaceBlock(LinkType.RAW, 0)
            .enhancedPacket(0, T0 * 1_000_000, data(60, 1), 60)
            .statistics(0, T0 * 1_000_000, 10, 1, 9, 2, 8)
            .statistics(0, T0 * 1_000_000 + 1, 20, 3, 17, 4, 16)
            .statistics(1, T0 * 1_000_000 + 1, 5, 7, -1, -1, -1);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        assertThat(frames.size()).isEqualTo(1);
        final CaptureStats.InterfaceStats first = stats[0].interfaces().get(0);
        assertThat(first.ifRecv()).isEqualTo(20);
        assertThat(first.ifDrop()).isEqualTo(3);
        assertThat(first.filterAccept()).isEqualTo(17);
        assertThat(first.osDrop()).isEqualTo(4);
        assertThat(first.usrDeliv()).isEqualTo(16);
        final CaptureStats.InterfaceStats second = stats[0].interfaces().get(1);
        assertThat(second.ifRecv()).isEqualTo(5);
        assertThat(second.ifDrop()).isEqualTo(7);
        assertThat(second.filterAccept()).isEqualTo(-1);
        assertThat(second.osDrop()).isEqualTo(-1);
        assertThat(stats[0].interfaceDrops()).isEqualTo(10);
        assertThat(stats[0].osDrops()).isEqualTo(4);
    }

    @Test
    void unknownCustomNameAndSecretsBlocksAreSkippedByLength() throws Exception
    {
        final PcapngBuilder b = new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0)
            .block(0x7777, data(13, 9))
            .enhancedPacket(0, T0 * 1_000_000, data(60, 1), 60)
            .block(PcapngReader.NAME_RESOLUTION, new byte[]{1, 0, 8, 0, (byte)198, 51, 100, 1, 'a', 0, 0, 0, 0, 0, 0, 0})
            .block(PcapngReader.CUSTOM_COPIABLE, data(21, 4))
            .block(PcapngReader.DECRYPTION_SECRETS, data(16, 5))
            .block(0x7777, data(4, 9))
            .enhancedPacket(0, T0 * 1_000_000 + 1, data(61, 2), 61);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        assertThat(frames.rows).extracting(CapturedFrames.Row::capturedLength).containsExactly(60, 61);
        assertThat(stats[0].skippedRanges()).isEmpty();
        assertThat(stats[0].warning("unknown-block").count()).isEqualTo(2);
        assertThat(stats[0].warning("unknown-block").message()).contains("0x7777").contains("offset " +
            b.blockOffsets().get(2));
        assertThat(stats[0].warnings()).hasSize(1);
    }

    @Test
    void packetForAnUndefinedInterfaceIsSkipped() throws Exception
    {
        final PcapngBuilder b = new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0)
            .enhancedPacket(0, T0 * 1_000_000, data(60, 1), 60)
            .enhancedPacket(3, T0 * 1_000_000, data(60, 2), 60)
            .enhancedPacket(0, T0 * 1_000_000, data(60, 3), 60);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        assertThat(frames.rows).extracting(CapturedFrames.Row::number).containsExactly(1L, 2L);
        assertThat(frames.get(1).data()).isEqualTo(data(60, 3));
        assertThat(stats[0].skippedRanges()).singleElement().satisfies(r ->
        {
            assertThat(r.offset()).isEqualTo(b.blockOffsets().get(3));
            assertThat(r.length()).isEqualTo(b.blockOffsets().get(4) - b.blockOffsets().get(3));
            assertThat(r.reason()).contains("undefined interface 3");
        });
    }

    @Test
    void skippedRangesAreListedUpToABoundAndCountedBeyond() throws Exception
    {
        final PcapngBuilder b = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0);
        final int damaged = CaptureStats.MAX_LISTED_SKIPPED_RANGES + 100;
        for (int i = 0; i < damaged; i++)
        {
            b.enhancedPacket(1, T0 * 1_000_000 + i, data(20, i), 20);
        }
        b.enhancedPacket(0, T0 * 1_000_000, data(20, 1), 20);
        final CaptureStats[] stats = new CaptureStats[1];
        final CapturedFrames frames = readBothWays(b.toByteArray(), stats);

        assertThat(frames.size()).isEqualTo(1);
        assertThat(stats[0].skippedRanges()).hasSize(CaptureStats.MAX_LISTED_SKIPPED_RANGES);
        assertThat(stats[0].skippedRangeCount()).isEqualTo(damaged);
        assertThat(stats[0].skippedBytes()).isEqualTo((long)damaged * (32 + 20));
        assertThat(stats[0].warning("skipped-ranges-not-listed").count()).isEqualTo(100);
    }

    /** When tshark is installed, the hand-built file must read the same there. */
    private void assertMatchesTshark(final byte[] bytes, final CapturedFrames frames) throws Exception
    {
        if (!java.nio.file.Files.isExecutable(Tshark.TSHARK))
        {
            return;
        }
        final Path file = java.nio.file.Files.write(dir.resolve("tshark.pcapng"), bytes);
        CorpusTsharkTest.assertSameFrames(frames, Tshark.frames(file), file.toString());
    }
}
