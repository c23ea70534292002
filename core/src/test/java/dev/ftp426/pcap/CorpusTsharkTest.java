package dev.ftp426.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every capture of the corpus reads exactly as tshark reads it: same frames, times and lengths. */
class CorpusTsharkTest
{
    /** tshark runs ahead on two threads while the reader compares; it is the slow side. */
    private static ExecutorService tsharkPool;
    private static final Map<Path, CompletableFuture<List<Tshark.TsharkFrame>>> EXPECTED = new ConcurrentHashMap<>();

    @BeforeAll
    static void startTshark() throws IOException
    {
        if (!Files.isExecutable(Tshark.TSHARK))
        {
            return;
        }
        tsharkPool = Executors.newFixedThreadPool(2, runnable ->
        {
            final Thread thread = new Thread(runnable, "tshark");
            thread.setDaemon(true);
            return thread;
        });
        for (final Path capture : corpusCaptures())
        {
            EXPECTED.put(capture, CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return Tshark.frames(capture);
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }, tsharkPool));
        }
    }

    @AfterAll
    static void stopTshark()
    {
        if (null != tsharkPool)
        {
            tsharkPool.shutdownNow();
        }
    }

    static Path corpus()
    {
        return Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"));
    }

    static List<Path> corpusCaptures() throws IOException
    {
        final List<Path> captures = new ArrayList<>();
        final Path external = corpus().resolve("external");
        final Path dev = corpus().resolve("dev");
        if (Files.isDirectory(external))
        {
            try (Stream<Path> files = Files.list(external))
            {
                files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().forEach(captures::add);
            }
        }
        if (Files.isDirectory(dev))
        {
            try (Stream<Path> cases = Files.list(dev))
            {
                cases.filter(Files::isDirectory).sorted().forEach(dir ->
                {
                    for (final String vantage : new String[]{"client", "router", "server"})
                    {
                        captures.add(dir.resolve(vantage + ".pcap"));
                    }
                });
            }
        }
        return captures;
    }

    @Test
    void corpusIsComplete() throws IOException
    {
        assumeTrue(Files.isDirectory(corpus()), "corpus not present at " + corpus());
        final List<Path> captures = corpusCaptures();
        assertThat(captures).hasSizeGreaterThan(60);
        assertThat(captures).allSatisfy(p -> assertThat(p).isRegularFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusCaptures")
    void readsLikeTshark(final Path capture) throws Exception
    {
        Tshark.assumeAvailable();
        final CompletableFuture<List<Tshark.TsharkFrame>> prefetched = EXPECTED.get(capture);
        final List<Tshark.TsharkFrame> expected = null != prefetched ? prefetched.get() : Tshark.frames(capture);

        final CapturedFrames mapped = new CapturedFrames();
        final CaptureStats stats;
        try (CaptureReader reader = CaptureReaders.open(capture))
        {
            assertThat(reader.readAll(mapped)).isEqualTo(expected.size());
            stats = reader.stats();
        }
        assertSameFrames(mapped, expected, capture.toString());
        assertThat(stats.packets()).isEqualTo(expected.size());
        assertThat(stats.skippedRanges()).isEmpty();
        assertThat(stats.capturedBytes()).isEqualTo(expected.stream().mapToLong(f -> f.capturedLength()).sum());
        assertThat(stats.originalBytes()).isEqualTo(expected.stream().mapToLong(f -> f.originalLength()).sum());
        assertThat(stats.truncatedPackets())
            .isEqualTo(expected.stream().filter(f -> f.capturedLength() < f.originalLength()).count());
        if (!expected.isEmpty())
        {
            assertThat(stats.firstTimestampNanos()).isEqualTo(expected.get(0).timestampNanos());
            assertThat(stats.lastTimestampNanos()).isEqualTo(expected.get(expected.size() - 1).timestampNanos());
        }

        final CapturedFrames streamed = new CapturedFrames();
        try (InputStream in = Files.newInputStream(capture);
            CaptureReader reader = CaptureReaders.open(in, "-"))
        {
            reader.readAll(streamed);
            assertThat(reader.stats().formatName()).isEqualTo(stats.formatName());
        }
        assertThat(streamed.size()).isEqualTo(mapped.size());
        for (int i = 0; i < mapped.size(); i++)
        {
            if (!streamed.get(i).equals(mapped.get(i)))
            {
                assertThat(streamed.get(i)).as("frame %d, stream vs map", i + 1).isEqualTo(mapped.get(i));
            }
        }
    }

    static void assertSameFrames(final CapturedFrames actual, final List<Tshark.TsharkFrame> expected, final String name)
    {
        assertThat(actual.size()).as("%s: frame count", name).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++)
        {
            final Tshark.TsharkFrame want = expected.get(i);
            final CapturedFrames.Row got = actual.get(i);
            if (got.number() == want.number() && got.capturedLength() == want.capturedLength() &&
                got.originalLength() == want.originalLength() &&
                (got.timestampNanos() == want.timestampNanos() || Tshark.NO_TIMESTAMP == want.timestampNanos()))
            {
                continue; // AssertJ below only to describe a difference: it is slow over 100k frames
            }
            assertThat(got.number()).as("%s: frame number", name).isEqualTo(want.number());
            if (Tshark.NO_TIMESTAMP != want.timestampNanos())
            {
                assertThat(got.timestampNanos()).as("%s: frame %d time", name, want.number())
                    .isEqualTo(want.timestampNanos());
            }
            assertThat(got.capturedLength()).as("%s: frame %d cap_len", name, want.number())
                .isEqualTo(want.capturedLength());
            assertThat(got.originalLength()).as("%s: frame %d len", name, want.number())
                .isEqualTo(want.originalLength());
        }
    }
}
