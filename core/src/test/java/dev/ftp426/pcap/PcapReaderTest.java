package dev.ftp426.pcap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.ftp426.pcap.PcapngReaderTest.data;
import static org.assertj.core.api.Assertions.assertThat;

/** Classic pcap in all its variants, and the input paths every format shares: gzip, streams, map windows. */
class PcapReaderTest
{
    private static final long T0 = 1_700_000_000L * 1_000_000_000L;

    @TempDir
    Path dir;

    private static PcapBuilder threePackets(final ByteOrder order, final boolean nanos)
    {
        return new PcapBuilder(LinkType.ETHERNET).order(order).nanos(nanos)
            .packet(T0 + 123_456_789, data(60, 1))
            .packet(T0 + 223_456_789, data(100, 2), 1514)
            .packet(T0 + 1_000_000_001, data(0, 3));
    }

    @ParameterizedTest(name = "{0} nanos={1}")
    @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
    void readsAllFourMagics(final String orderName, final boolean nanos) throws Exception
    {
        final ByteOrder order = "BIG_ENDIAN".equals(orderName) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        final PcapBuilder b = threePackets(order, nanos);
        final Path file = b.write(dir.resolve("x.cap"));
        final CapturedFrames frames = new CapturedFrames();
        final CaptureStats stats;
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            assertThat(reader.readAll(frames)).isEqualTo(3);
            stats = reader.stats();
        }

        final long fraction = nanos ? 0 : 789;
        assertThat(frames.rows).extracting(CapturedFrames.Row::timestampNanos).containsExactly(
            T0 + 123_456_789 - fraction, T0 + 223_456_789 - fraction, T0 + 1_000_000_001 - (nanos ? 0 : 1));
        assertThat(frames.rows).extracting(CapturedFrames.Row::capturedLength).containsExactly(60, 100, 0);
        assertThat(frames.rows).extracting(CapturedFrames.Row::originalLength).containsExactly(60, 1514, 0);
        assertThat(frames.rows).extracting(CapturedFrames.Row::fileOffset)
            .containsExactlyElementsOf(b.recordOffsets());
        assertThat(frames.get(1).data()).isEqualTo(data(100, 2));
        assertThat(stats.formatName()).isEqualTo(nanos ? "pcap-ns" : "pcap");
        assertThat(stats.truncatedPackets()).isEqualTo(1);
        assertThat(stats.capturedBytes()).isEqualTo(160);
        assertThat(stats.originalBytes()).isEqualTo(1574);
        assertThat(stats.firstTimestampNanos()).isEqualTo(frames.get(0).timestampNanos());
        assertThat(stats.lastTimestampNanos()).isEqualTo(frames.get(2).timestampNanos());
        assertThat(stats.interfaces()).singleElement().satisfies(i ->
        {
            assertThat(i.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(i.snapLength()).isEqualTo(262_144);
            assertThat(i.packets()).isEqualTo(3);
            assertThat(i.fcsLength()).isEqualTo(-1);
        });
        assertThat(stats.warnings()).isEmpty();
        if (Files.isExecutable(Tshark.TSHARK))
        {
            CorpusTsharkTest.assertSameFrames(frames, Tshark.frames(file), file.toString());
        }
    }

    @Test
    void masksFcsBitsOfTheLinkTypeField() throws Exception
    {
        final int field = LinkType.ETHERNET | 0x04000000 | (2 << 28);
        final Path file = new PcapBuilder(field).packet(T0, data(64, 1)).write(dir.resolve("fcs.pcap"));
        final CapturedFrames frames = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            reader.readAll(frames);
            assertThat(reader.stats().interfaces().get(0).linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(reader.stats().interfaces().get(0).fcsLength()).isEqualTo(4);
        }
        assertThat(frames.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
    }

    @Test
    void smallSnapLengthIsKept() throws Exception
    {
        final Path file = new PcapBuilder(LinkType.RAW).snapLength(68)
            .packet(T0, data(68, 1), 1500).packet(T0 + 1000, data(40, 2)).write(dir.resolve("snap.pcap"));
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            final CapturedFrames frames = new CapturedFrames();
            reader.readAll(frames);
            assertThat(frames.rows).extracting(CapturedFrames.Row::capturedLength).containsExactly(68, 40);
            assertThat(reader.stats().truncatedPackets()).isEqualTo(1);
            assertThat(reader.stats().interfaces().get(0).snapLength()).isEqualTo(68);
            assertThat(frames.get(0).linkType()).isEqualTo(LinkType.RAW);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "pcapng"})
    void gzipFileAndGzipStreamReadLikeThePlainFile(final String format) throws Exception
    {
        final byte[] plain = "pcap".equals(format) ? threePackets(ByteOrder.LITTLE_ENDIAN, false).toByteArray() :
            new PcapngBuilder().section(ByteOrder.BIG_ENDIAN).interfaceBlock(LinkType.ETHERNET, 0)
                .enhancedPacket(0, 1_700_000_000_000_000L, data(60, 1), 60)
                .enhancedPacket(0, 1_700_000_000_000_001L, data(70, 2), 70).toByteArray();
        final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed))
        {
            gzip.write(plain);
        }
        final Path plainFile = Files.write(dir.resolve("plain.bin"), plain);
        final Path gzFile = Files.write(dir.resolve("capture.pcap.gz"), compressed.toByteArray());

        final CapturedFrames expected = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(plainFile))
        {
            reader.readAll(expected);
            assertThat(reader.stats().formatName()).isEqualTo(format);
        }
        final CapturedFrames fromFile = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(gzFile))
        {
            reader.readAll(fromFile);
            assertThat(reader.stats().formatName()).isEqualTo(format + ".gz");
            assertThat(reader.inputSize()).isEqualTo(compressed.size());
            assertThat(reader.inputPosition()).isEqualTo(compressed.size());
        }
        final CapturedFrames fromStream = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(compressed.toByteArray()), "-"))
        {
            reader.readAll(fromStream);
            assertThat(reader.stats().formatName()).isEqualTo(format + ".gz");
            assertThat(reader.stats().name()).isEqualTo("-");
            assertThat(reader.inputSize()).isEqualTo(-1);
        }
        assertThat(expected.size()).isGreaterThan(1);
        assertThat(fromFile.rows).isEqualTo(expected.rows);
        assertThat(fromStream.rows).isEqualTo(expected.rows);
    }

    @Test
    void streamDeliveredInTinyPiecesReadsTheSame() throws Exception
    {
        final PcapBuilder b = new PcapBuilder(LinkType.ETHERNET);
        for (int i = 0; i < 200; i++)
        {
            b.packet(T0 + i * 1000L, data(1 + i * 7 % 1500, i));
        }
        final byte[] bytes = b.toByteArray();
        final InputStream trickle = new ByteArrayInputStream(bytes)
        {
            @Override
            public synchronized int read(final byte[] target, final int offset, final int length)
            {
                return super.read(target, offset, Math.min(length, 3));
            }
        };
        final CapturedFrames streamed = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(trickle, "stdin"))
        {
            reader.readAll(streamed);
        }
        final CapturedFrames mapped = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(Files.write(dir.resolve("t.pcap"), bytes)))
        {
            reader.readAll(mapped);
        }
        assertThat(streamed.size()).isEqualTo(200);
        assertThat(streamed.rows).isEqualTo(mapped.rows);
    }

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {1, 7, 64, 100, 1000, 4096})
    void recordsCrossingMapWindowsAndLargerThanAWindowReadTheSame(final int window) throws Exception
    {
        final PcapBuilder classic = new PcapBuilder(LinkType.ETHERNET);
        final PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0);
        for (int i = 0; i < 50; i++)
        {
            final byte[] data = data(i * 97 % 3000, i);
            classic.packet(T0 + i * 1000L, data);
            ng.enhancedPacket(0, T0 / 1000 + i, data, data.length);
        }
        for (final byte[] bytes : new byte[][]{classic.toByteArray(), ng.toByteArray()})
        {
            final Path file = Files.write(dir.resolve("w.bin"), bytes);
            final CapturedFrames whole = new CapturedFrames();
            try (CaptureReader reader = CaptureReaders.open(file))
            {
                reader.readAll(whole);
            }
            final CapturedFrames windowed = new CapturedFrames();
            try (CaptureReader reader = CaptureReaders.open(file, window))
            {
                reader.readAll(windowed);
                assertThat(reader.stats().skippedRanges()).isEmpty();
                assertThat(reader.stats().warnings()).isEmpty();
            }
            assertThat(whole.size()).isEqualTo(50);
            assertThat(windowed.rows).isEqualTo(whole.rows);
        }
    }

    @Test
    void readNextDeliversOneFrameAtATimeAndStopEndsReadAll() throws Exception
    {
        final Path file = threePackets(ByteOrder.LITTLE_ENDIAN, false).write(dir.resolve("n.pcap"));
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            final CapturedFrames frames = new CapturedFrames();
            assertThat(reader.readNext(frames)).isTrue();
            assertThat(frames.size()).isEqualTo(1);
            final long delivered = reader.readAll(frame ->
            {
                frames.onFrame(frame);
                reader.stop();
            });
            assertThat(delivered).isEqualTo(1);
            assertThat(frames.rows).extracting(CapturedFrames.Row::number).containsExactly(1L, 2L);
            assertThat(reader.readNext(frames)).isFalse();
        }
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            final CapturedFrames frames = new CapturedFrames();
            assertThat(reader.readAll(frames)).isEqualTo(3);
            assertThat(reader.readNext(frames)).isFalse();
            assertThat(reader.readAll(frames)).isZero();
            assertThat(reader.inputPosition()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void namedPipeIsReadAsAStream() throws Exception
    {
        final Path fifo = dir.resolve("pipe");
        final Path mkfifo = Path.of("/usr/bin/mkfifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(mkfifo), "no mkfifo");
        assertThat(new ProcessBuilder(mkfifo.toString(), fifo.toString()).start().waitFor()).isZero();
        final byte[] bytes = threePackets(ByteOrder.BIG_ENDIAN, true).toByteArray();
        final Thread writer = new Thread(() ->
        {
            try
            {
                Files.write(fifo, bytes);
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        writer.start();
        try (CaptureReader reader = CaptureReaders.open(fifo))
        {
            final CapturedFrames frames = new CapturedFrames();
            assertThat(reader.readAll(frames)).isEqualTo(3);
            assertThat(reader.inputSize()).isEqualTo(-1);
            assertThat(reader.stats().formatName()).isEqualTo("pcap-ns");
            assertThat(frames.get(0).timestampNanos()).isEqualTo(T0 + 123_456_789);
        }
        writer.join(10_000);
    }

    @Test
    void emptyCaptureHasNoFramesAndNoWarnings() throws Exception
    {
        final Path file = new PcapBuilder(LinkType.ETHERNET).write(dir.resolve("e.pcap"));
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            assertThat(reader.readAll(f -> { })).isZero();
            assertThat(reader.stats().warnings()).isEmpty();
            assertThat(reader.stats().truncatedAtEnd()).isFalse();
            assertThat(reader.stats().firstTimestampNanos()).isZero();
        }
    }

    static CapturedFrames readStream(final byte[] bytes) throws IOException
    {
        final CapturedFrames frames = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(bytes), "-"))
        {
            reader.readAll(frames);
        }
        return frames;
    }
}
