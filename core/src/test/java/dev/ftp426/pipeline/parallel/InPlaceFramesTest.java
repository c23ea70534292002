package dev.ftp426.pipeline.parallel;

import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pcap.LinkType;
import dev.ftp426.pcap.PcapBuilder;
import dev.ftp426.pcap.PcapngBuilder;
import dev.ftp426.pcap.WindowedReaders;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Frames of a memory-mapped file reach the workers as descriptors of the mapped bytes: with map windows smaller than
 * a frame, a few frames or many, the records equal one pipeline's, and every window the reader left is unmapped in
 * the end. Frames of streams are still copied, with the same records. The capture interleaves several FTP sessions
 * of the dev corpus, each moved to its own client address, so that the frames spread over the workers.
 */
class InPlaceFramesTest
{
    private static final Path CORPUS = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"));
    private static final int CLIENT = 0xC633640A;   // 198.51.100.10, the dev corpus client
    private static final int SESSIONS = 4;

    @TempDir
    static Path dir;
    private static Path pcap;
    private static Path pcapng;
    private static final List<byte[]> FRAMES = new ArrayList<>();

    @BeforeAll
    static void interleaveSessions() throws IOException
    {
        final Path cases = CORPUS.resolve("dev");
        if (!Files.isDirectory(cases))
        {
            return;
        }
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(cases))
        {
            list.filter(p -> p.getFileName().toString().contains("pasv")).sorted()
                .map(p -> p.resolve("client.pcap")).filter(Files::isRegularFile).limit(SESSIONS).forEach(files::add);
        }
        if (files.size() < SESSIONS)
        {
            return;
        }
        final List<long[]> times = new ArrayList<>();
        final List<byte[]> frames = new ArrayList<>();
        for (int s = 0; s < files.size(); s++)
        {
            final int session = s;
            final long[] first = {-1};
            try (CaptureReader reader = CaptureReaders.open(files.get(s)))
            {
                reader.readAll(frame ->
                {
                    if (first[0] < 0)
                    {
                        first[0] = frame.timestampNanos();
                    }
                    final byte[] bytes = new byte[frame.capturedLength()];
                    frame.buffer().getBytes(0, bytes);
                    moveClient(bytes, CLIENT + session * 7);
                    times.add(new long[] {frame.timestampNanos() - first[0] + session * 1_000_000L, frames.size()});
                    frames.add(bytes);
                });
            }
        }
        times.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        final long base = 1_700_000_000_000_000_000L;
        final PcapBuilder classic = new PcapBuilder(LinkType.ETHERNET).nanos(true);
        final PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 262_144, PcapngBuilder.TSRESOL_NANOS, null, null);
        for (final long[] t : times)
        {
            final byte[] bytes = frames.get((int)t[1]);
            classic.packet(base + t[0], bytes);
            ng.enhancedPacket(0, base + t[0], bytes, bytes.length);
            FRAMES.add(bytes);
        }
        pcap = classic.write(dir.resolve("sessions.pcap"));
        pcapng = ng.write(dir.resolve("sessions.pcapng"));
    }

    @ParameterizedTest(name = "{0} in windows of {1} bytes, {2} workers, worker 0 on the reader''s thread: {3}")
    @CsvSource({
        "pcap, 1000, 2, true", "pcap, 1000, 2, false", "pcap, 16384, 3, true", "pcap, 262144, 2, false",
        "pcapng, 1000, 3, true", "pcapng, 65536, 2, false"})
    void framesReadInPlaceAcrossWindowsGiveTheRecordsOfOnePipeline(
        final String format, final int window, final int workers, final boolean inline) throws IOException
    {
        assumeTrue(pcap != null, "dev corpus not present");
        final Path file = "pcap".equals(format) ? pcap : pcapng;
        final RecordingListener one = RecordingListener.analyse(file, 1);
        assertThat(one.reports).as("transfers to compare").hasSizeGreaterThanOrEqualTo(SESSIONS);

        final RecordingListener many = new RecordingListener();
        final ParallelAnalysis analysis = new ParallelAnalysis(new AnalysisOptions().workers(workers), inline);
        try (CaptureReader reader = WindowedReaders.open(file, window))
        {
            analysis.analyse(reader, file.toString(), many, () -> false);
        }

        assertThat(analysis.inPlace()).isTrue();
        assertThat(analysis.windowsKept()).as("windows left behind")
            .isGreaterThanOrEqualTo(Files.size(file) / Math.max(window, 2000) - 1);
        assertThat(analysis.windowsUnmapped()).as("every window left is unmapped").isEqualTo(analysis.windowsKept());
        assertThat(many.transfers()).isEqualTo(one.transfersInOrder());
        assertThat(many.summaries).isEqualTo(one.summaries);
    }

    @Test
    void theSessionsSpreadOverWorkers()
    {
        assumeTrue(pcap != null, "dev corpus not present");
        for (final int workers : new int[] {2, 3})
        {
            for (final boolean inline : new boolean[] {true, false})
            {
                final Set<Integer> shards = new HashSet<>();
                for (final byte[] frame : FRAMES)
                {
                    final int hash = HostPairHash.hash(new UnsafeBuffer(frame), 0, frame.length, LinkType.ETHERNET);
                    shards.add(ParallelAnalysis.shard(hash, workers, inline));
                }
                assertThat(shards).as("%d workers, inline %s", workers, inline).hasSize(workers);
            }
        }
    }

    @Test
    void aStreamIsCopiedWithTheSameRecords() throws IOException
    {
        assumeTrue(pcap != null, "dev corpus not present");
        final RecordingListener one = RecordingListener.analyse(pcap, 1);
        final Path gzip = dir.resolve("sessions.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip)))
        {
            Files.copy(pcap, out);
        }
        for (final Path input : new Path[] {pcap, gzip})
        {
            final RecordingListener many = new RecordingListener();
            final ParallelAnalysis analysis = new ParallelAnalysis(new AnalysisOptions().workers(3), gzip == input);
            try (InputStream in = Files.newInputStream(input); CaptureReader reader = CaptureReaders.open(in, "s"))
            {
                analysis.analyse(reader, pcap.toString(), many, () -> false);
            }
            assertThat(analysis.inPlace()).as("%s", input).isFalse();
            assertThat(analysis.windowsKept()).isZero();
            assertThat(many.transfers()).as("%s", input).isEqualTo(one.transfersInOrder());
            assertThat(many.summaries).as("%s", input).isEqualTo(one.summaries);
        }
        // The parallel analysis of a named file takes the in-place path through OfflineAnalysis too.
        final RecordingListener viaFile = new RecordingListener();
        new OfflineAnalysis(new AnalysisOptions().workers(2)).analyze(pcap, viaFile);
        assertThat(viaFile.transfers()).isEqualTo(one.transfersInOrder());
    }

    /** Rewrites the dev client's address, as source or destination of an Ethernet IPv4 frame, to {@code to}. */
    private static void moveClient(final byte[] frame, final int to)
    {
        final UnsafeBuffer b = new UnsafeBuffer(frame);
        if (frame.length < 34 || (b.getShort(12, ByteOrder.BIG_ENDIAN) & 0xFFFF) != 0x0800)
        {
            return;
        }
        for (final int field : new int[] {26, 30})
        {
            if (b.getInt(field, ByteOrder.BIG_ENDIAN) == CLIENT)
            {
                b.putInt(field, to, ByteOrder.BIG_ENDIAN);
            }
        }
    }
}
