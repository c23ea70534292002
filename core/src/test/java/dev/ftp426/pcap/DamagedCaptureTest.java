package dev.ftp426.pcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.ftp426.pcap.PcapngReaderTest.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Damaged input: read as far as it goes, every good frame before the damage delivered, the damage reported. */
class DamagedCaptureTest
{
    private static final int PACKETS = 20;
    private static final long T0 = 1_700_000_000L * 1_000_000_000L;

    @TempDir
    Path dir;

    private static PcapBuilder classic()
    {
        final PcapBuilder b = new PcapBuilder(LinkType.ETHERNET);
        for (int i = 0; i < PACKETS; i++)
        {
            b.packet(T0 + i * 1_000_000L, data(40 + i * 13, i + 1));
        }
        return b;
    }

    private static PcapngBuilder pcapng()
    {
        final PcapngBuilder b = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 0);
        for (int i = 0; i < PACKETS; i++)
        {
            b.enhancedPacket(0, T0 / 1000 + i * 1000L, data(40 + i * 13, i + 1), 40 + i * 13);
        }
        return b;
    }

    /** Offsets of the 20 packet records: classic records, or the EPBs after the SHB and IDB. */
    private static List<Long> packetOffsets(final boolean ng)
    {
        return ng ? pcapng().blockOffsets().subList(2, 2 + PACKETS) : classic().recordOffsets();
    }

    private static byte[] bytes(final boolean ng)
    {
        return ng ? pcapng().toByteArray() : classic().toByteArray();
    }

    private record Result(CapturedFrames frames, CaptureStats stats)
    {
    }

    /** Reads through both the mapped and the stream path; they must agree. */
    private Result read(final byte[] bytes) throws IOException
    {
        final Path file = Files.write(dir.resolve("d.bin"), bytes);
        final CapturedFrames mapped = new CapturedFrames();
        final CaptureStats stats;
        try (CaptureReader reader = CaptureReaders.open(file, 256))
        {
            reader.readAll(mapped);
            stats = reader.stats();
        }
        final CapturedFrames streamed = new CapturedFrames();
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(bytes), "-"))
        {
            reader.readAll(streamed);
            assertThat(reader.stats().skippedRanges()).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(stats.skippedRanges());
            assertThat(reader.stats().truncatedAtEnd()).isEqualTo(stats.truncatedAtEnd());
        }
        assertThat(streamed.rows).isEqualTo(mapped.rows);
        return new Result(mapped, stats);
    }

    /** The frames delivered are the undamaged ones given, in order, numbered from 1 without gaps. */
    private static void assertFrames(final CapturedFrames frames, final int... packetIndexes)
    {
        assertThat(frames.size()).isEqualTo(packetIndexes.length);
        for (int i = 0; i < packetIndexes.length; i++)
        {
            final CapturedFrames.Row row = frames.get(i);
            assertThat(row.number()).isEqualTo(i + 1);
            assertThat(row.data()).as("frame %d", i + 1).isEqualTo(data(40 + packetIndexes[i] * 13, packetIndexes[i] + 1));
            assertThat(row.timestampNanos()).isEqualTo(T0 + packetIndexes[i] * 1_000_000L);
        }
    }

    private static int[] allBut(final int... left)
    {
        return IntStream.range(0, PACKETS).filter(i -> Arrays.stream(left).noneMatch(l -> l == i)).toArray();
    }

    static Stream<Arguments> truncations()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final boolean ng : new boolean[]{false, true})
        {
            final int length = bytes(ng).length;
            final int start = ng ? pcapng().blockOffsets().get(2).intValue() : PcapReader.FILE_HEADER_LENGTH;
            for (int cut = start; cut < length; cut += 1 + cut % 17)
            {
                cases.add(Arguments.of(ng, cut));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "pcapng={0} cut at {1}")
    @MethodSource("truncations")
    void truncatedCaptureDeliversEveryCompleteRecordAndWarnsOnce(final boolean ng, final int cut) throws Exception
    {
        final List<Long> offsets = new ArrayList<>(packetOffsets(ng));
        offsets.add((long)bytes(ng).length);
        final Result result = read(Arrays.copyOf(bytes(ng), cut));

        final int complete = (int)offsets.stream().skip(1).filter(end -> end <= cut).count();
        assertFrames(result.frames(), IntStream.range(0, complete).toArray());
        assertThat(result.stats().skippedRanges()).isEmpty();
        final boolean atBoundary = offsets.contains((long)cut);
        assertThat(result.stats().truncatedAtEnd()).isEqualTo(!atBoundary);
        if (!atBoundary)
        {
            assertThat(result.stats().warnings()).singleElement().satisfies(w ->
            {
                assertThat(w.kind()).isEqualTo("truncated-last-record");
                assertThat(w.message()).contains("offset " + offsets.get(complete));
            });
        }
    }

    @Test
    void zeroLengthFileIsNotACapture() throws Exception
    {
        final Path file = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        assertThatThrownBy(() -> CaptureReaders.open(file)).isInstanceOf(BadCaptureException.class)
            .hasMessageContaining(file.toString()).hasMessageContaining("empty");
        assertThatThrownBy(() -> CaptureReaders.open(new ByteArrayInputStream(new byte[0]), "stdin"))
            .isInstanceOf(BadCaptureException.class).hasMessageStartingWith("stdin: ");
    }

    @Test
    void wrongMagicNamesTheFirstBytes() throws Exception
    {
        final Path file = Files.write(dir.resolve("page.pcap"),
            "<!DOCTYPE html><html></html>".getBytes(StandardCharsets.US_ASCII));
        final Throwable thrown = catchThrowable(() -> CaptureReaders.open(file));
        assertThat(thrown).isInstanceOf(BadCaptureException.class)
            .hasMessage(file + ": not a pcap or pcapng file: first bytes 3c 21 44 4f");
        assertThat(((BadCaptureException)thrown).inputName()).isEqualTo(file.toString());

        assertThatThrownBy(() -> CaptureReaders.open(new ByteArrayInputStream(
            new byte[]{0x34, (byte)0xcd, (byte)0xb2, (byte)0xa1, 2, 0, 4, 0}), "old.pcap"))
            .isInstanceOf(BadCaptureException.class)
            .hasMessage("old.pcap: modified (Kuznetzov) pcap format is not supported: first bytes 34 cd b2 a1");
        assertThatThrownBy(() -> CaptureReaders.open(new ByteArrayInputStream(new byte[]{(byte)0xa1, (byte)0xb2}),
            "-")).isInstanceOf(BadCaptureException.class).hasMessage("-: not a pcap or pcapng file: first bytes a1 b2");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 12, 23})
    void cutFileHeaderIsNotACapture(final int length) throws Exception
    {
        final Path file = Files.write(dir.resolve("h.pcap"), Arrays.copyOf(classic().toByteArray(), length));
        assertThatThrownBy(() -> CaptureReaders.open(file)).isInstanceOf(BadCaptureException.class)
            .hasMessageContaining("pcap file header cut short (" + length + " of 24 bytes)");
        final Path ng = Files.write(dir.resolve("h.pcapng"), Arrays.copyOf(pcapng().toByteArray(), length + 4));
        assertThatThrownBy(() -> CaptureReaders.open(ng)).isInstanceOf(BadCaptureException.class)
            .hasMessageContaining("pcapng section header cut short");
    }

    @Test
    void pcapngWithoutByteOrderMagicIsNotACapture() throws Exception
    {
        final byte[] bytes = pcapng().toByteArray();
        bytes[8] = 0x55;
        final Path file = Files.write(dir.resolve("bom.pcapng"), bytes);
        assertThatThrownBy(() -> CaptureReaders.open(file)).isInstanceOf(BadCaptureException.class)
            .hasMessageContaining("byte-order magic").hasMessageContaining("offset 8");
    }

    @Test
    void garbageGzipIsACaptureCutShort() throws Exception
    {
        final byte[] gz = {(byte)0x1f, (byte)0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
        final Path file = Files.write(dir.resolve("bad.pcap.gz"), gz);
        final Throwable thrown = catchThrowable(() ->
        {
            try (CaptureReader reader = CaptureReaders.open(file))
            {
                reader.readAll(f -> { });
            }
        });
        assertThat(thrown).isInstanceOf(BadCaptureException.class).hasMessageContaining(file.toString());
    }

    @Test
    void truncatedGzipDeliversWhatItHolds() throws Exception
    {
        final java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed))
        {
            gzip.write(classic().toByteArray());
        }
        final byte[] cut = Arrays.copyOf(compressed.toByteArray(), compressed.size() - 12);
        final Path file = Files.write(dir.resolve("cut.pcap.gz"), cut);
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            final CapturedFrames frames = new CapturedFrames();
            reader.readAll(frames);
            assertThat(frames.size()).isGreaterThan(0).isLessThanOrEqualTo(PACKETS);
            assertFrames(frames, IntStream.range(0, frames.size()).toArray());
            assertThat(reader.stats().truncatedAtEnd()).isTrue();
            assertThat(reader.stats().warnings()).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "pcapng={0}")
    @ValueSource(booleans = {false, true})
    void hugeLengthFieldIsSkippedToTheNextRecord(final boolean ng) throws Exception
    {
        final byte[] bytes = bytes(ng);
        final List<Long> offsets = packetOffsets(ng);
        final int damaged = 7;
        final int at = offsets.get(damaged).intValue();
        final int field = ng ? at + 4 : at + 8;
        bytes[field + 3] = (byte)0x7f;
        final Result result = read(bytes);

        assertFrames(result.frames(), allBut(damaged));
        assertThat(result.stats().skippedRanges()).singleElement().satisfies(r ->
        {
            assertThat(r.offset()).isEqualTo(at);
            assertThat(r.length()).isEqualTo(offsets.get(damaged + 1) - at);
            assertThat(r.reason()).contains("impossible").contains("offset " + at);
        });
        assertThat(result.stats().truncatedAtEnd()).isFalse();
    }

    @ParameterizedTest(name = "pcapng={0}")
    @ValueSource(booleans = {false, true})
    void hugeLengthInTheLastRecordSkipsToTheEnd(final boolean ng) throws Exception
    {
        final byte[] bytes = bytes(ng);
        final int at = packetOffsets(ng).get(PACKETS - 1).intValue();
        bytes[(ng ? at + 4 : at + 8) + 3] = (byte)0xff;
        final Result result = read(bytes);

        assertFrames(result.frames(), IntStream.range(0, PACKETS - 1).toArray());
        assertThat(result.stats().skippedRanges()).singleElement().satisfies(r ->
        {
            assertThat(r.offset()).isEqualTo(at);
            assertThat(r.length()).isEqualTo(bytes.length - at);
            assertThat(r.reason()).contains("no later");
        });
    }

    static Stream<Arguments> bitFlips()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final boolean ng : new boolean[]{false, true})
        {
            for (final int packet : new int[]{0, 1, 10, PACKETS - 2})
            {
                for (final int bit : new int[]{0, 2, 5, 9, 13, 17, 22, 30})
                {
                    cases.add(Arguments.of(ng, packet, bit));
                }
            }
        }
        return cases.stream();
    }

    /** A flipped bit in a length field loses that record (and at most the next), never the ones before or after. */
    @ParameterizedTest(name = "pcapng={0} packet {1} bit {2}")
    @MethodSource("bitFlips")
    void bitFlippedLengthFieldLosesOnlyTheDamagedRecord(final boolean ng, final int packet, final int bit)
        throws Exception
    {
        final byte[] bytes = bytes(ng);
        final List<Long> offsets = packetOffsets(ng);
        final int at = offsets.get(packet).intValue();
        final int field = ng ? at + 4 : at + 8;
        bytes[field + bit / 8] ^= (byte)(1 << (bit % 8));
        final Result result = read(bytes);

        assertThat(result.stats().skippedRanges()).isNotEmpty();
        assertThat(result.stats().skippedRanges().get(0).offset()).isEqualTo(at);
        assertThat(result.stats().skippedRanges().get(0).reason()).contains("offset " + at);
        final List<Integer> delivered = new ArrayList<>();
        for (final CapturedFrames.Row row : result.frames().rows)
        {
            delivered.add(IntStream.range(0, PACKETS).filter(i -> Arrays.equals(row.data(), data(40 + i * 13, i + 1)))
                .findFirst().orElse(-1));
        }
        assertThat(delivered).doesNotContain(-1).isSorted();
        assertThat(delivered.subList(0, packet)).containsExactlyElementsOf(IntStream.range(0, packet).boxed().toList());
        final List<Integer> lost = IntStream.range(0, PACKETS).boxed().filter(i -> !delivered.contains(i)).toList();
        assertThat(lost).contains(packet).hasSizeLessThanOrEqualTo(2);
        assertThat(lost).allMatch(i -> i == packet || i == packet + 1);
        assertThat(result.frames().rows).extracting(CapturedFrames.Row::number)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, delivered.size()).asLongStream().boxed().toList());
    }

    @ParameterizedTest(name = "{0} junk bytes")
    @ValueSource(ints = {1, 3, 4, 37, 64})
    void junkBetweenRecordsIsSkippedExactly(final int junk) throws Exception
    {
        for (final boolean ng : new boolean[]{false, true})
        {
            final byte[] clean = bytes(ng);
            final int at = packetOffsets(ng).get(5).intValue();
            final byte[] damaged = new byte[clean.length + junk];
            System.arraycopy(clean, 0, damaged, 0, at);
            new Random(junk).nextBytes(Arrays.copyOf(damaged, 0));
            for (int i = 0; i < junk; i++)
            {
                damaged[at + i] = (byte)(0xe0 + i);
            }
            System.arraycopy(clean, at, damaged, at + junk, clean.length - at);
            final Result result = read(damaged);

            assertFrames(result.frames(), IntStream.range(0, PACKETS).toArray());
            assertThat(result.stats().skippedRanges()).singleElement().satisfies(r ->
            {
                assertThat(r.offset()).isEqualTo(at);
                assertThat(r.length()).isEqualTo(junk);
            });
        }
    }

    @Test
    void pcapngTrailerMismatchAndImpossibleCapturedLength() throws Exception
    {
        final byte[] bytes = pcapng().toByteArray();
        final List<Long> offsets = packetOffsets(true);
        final int trailerOf3 = offsets.get(4).intValue() - 4;
        bytes[trailerOf3] ^= 0x40;
        final int capturedLengthOf9 = offsets.get(9).intValue() + 20;
        bytes[capturedLengthOf9 + 1] = (byte)0x70;
        final Result result = read(bytes);

        assertFrames(result.frames(), allBut(3, 9));
        assertThat(result.stats().skippedRanges()).hasSize(2);
        assertThat(result.stats().skippedRanges().get(0).offset()).isEqualTo(offsets.get(3));
        assertThat(result.stats().skippedRanges().get(0).reason()).contains("trailing length");
        assertThat(result.stats().skippedRanges().get(1).offset()).isEqualTo(offsets.get(9));
        assertThat(result.stats().skippedRanges().get(1).length()).isEqualTo(offsets.get(10) - offsets.get(9));
        assertThat(result.stats().skippedRanges().get(1).reason()).contains("captured length");
        assertThat(result.stats().skippedBytes())
            .isEqualTo(offsets.get(4) - offsets.get(3) + offsets.get(10) - offsets.get(9));
    }

    /** Random damage anywhere after the file header: never an exception, and the frames before it stay intact. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomDamageNeverThrows(final long seed) throws Exception
    {
        final Random random = new Random(seed);
        for (final boolean ng : new boolean[]{false, true})
        {
            final byte[] bytes = bytes(ng);
            final List<Long> offsets = packetOffsets(ng);
            final int first = offsets.get(0).intValue();
            int earliest = bytes.length;
            for (int i = 0; i < 1 + random.nextInt(6); i++)
            {
                final int at = first + random.nextInt(bytes.length - first);
                bytes[at] = (byte)random.nextInt(256);
                earliest = Math.min(earliest, at);
            }
            final int cut = random.nextBoolean() ? bytes.length : first + random.nextInt(bytes.length - first);
            final Result result = read(Arrays.copyOf(bytes, cut));
            final int limit = Math.min(earliest, cut);
            final int intact = (int)offsets.stream().skip(1).filter(end -> end <= limit).count();
            assertThat(result.frames().size()).as("seed %d pcapng=%s", seed, ng).isGreaterThanOrEqualTo(intact);
            final CapturedFrames prefix = new CapturedFrames();
            prefix.rows.addAll(result.frames().rows.subList(0, intact));
            assertFrames(prefix, IntStream.range(0, intact).toArray());
        }
    }

    /** Valid file headers followed by random bytes: read to the end without an exception, damage accounted for. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
    void garbageAfterTheHeaderIsSkippedWithoutException(final long seed) throws Exception
    {
        final Random random = new Random(seed);
        for (final boolean ng : new boolean[]{false, true})
        {
            final byte[] clean = bytes(ng);
            final int header = packetOffsets(ng).get(0).intValue();
            final byte[] garbage = new byte[header + random.nextInt(8192)];
            System.arraycopy(clean, 0, garbage, 0, header);
            for (int i = header; i < garbage.length; i++)
            {
                garbage[i] = (byte)random.nextInt(256);
            }
            final Result result = read(garbage);
            final long delivered = result.frames().rows.stream().mapToLong(r -> 16 + r.capturedLength()).sum();
            assertThat(result.stats().skippedBytes() + delivered).as("seed %d pcapng=%s", seed, ng)
                .isLessThanOrEqualTo(garbage.length - header + result.frames().size() * 32L);
            assertThat(result.stats().skippedBytes() > 0 || result.stats().truncatedAtEnd() ||
                garbage.length == header).isTrue();
        }
    }

    /** Real captures from the corpus with random bytes overwritten: never an exception. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {41, 42, 43, 44, 45, 46, 47, 48})
    void mutatedCorpusCapturesNeverThrow(final long seed) throws Exception
    {
        final Path external = CorpusTsharkTest.corpus().resolve("external");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(external), "corpus not present");
        final Random random = new Random(seed);
        for (final String name : new String[]{"zeek__ipv6.pcap", "pcpp__many_interfaces-1.pcapng",
            "pcpp__nanosecs_big_endian.pcap", "zeek__pcapng-multi-interface.pcapng"})
        {
            final Path source = external.resolve(name);
            if (!Files.isRegularFile(source))
            {
                continue;
            }
            final byte[] bytes = Files.readAllBytes(source);
            final int header = name.endsWith("ng") ? 200 : 24;
            for (int i = 0; i < 1 + random.nextInt(20); i++)
            {
                bytes[header + random.nextInt(bytes.length - header)] = (byte)random.nextInt(256);
            }
            final Result result = read(Arrays.copyOf(bytes, header + random.nextInt(bytes.length - header + 1)));
            assertThat(result.stats().packets()).isEqualTo(result.frames().size());
        }
    }
}
