package dev.ftp426.robustness;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seeded mutation fuzzing of the whole pipeline over real captures: the dev corpus (labelled captures with a 426)
 * and the stored seeds, mutated by {@link Mutator}, through {@link FuzzTargets#pipeline} (only BadCaptureException,
 * only at open; one complete summary consistent with the records) and {@link FuzzTargets#captureFile} (the mapped
 * reader). The seed is in the test name; a failing input is written to {@code target/robustness/failures/}.
 * <p>
 * In the suite each seed runs a few dozen inputs; {@code -Dftp426.fuzz.seconds=600} runs each seed that long.
 */
class PipelineMutationFuzzTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"))
        .resolve("dev");
    private static final long SECONDS = Long.getLong("ftp426.fuzz.seconds", 0);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 426, 20_231_127})
    void mutatedCapturesThroughTheWholePipeline(final long seed) throws IOException
    {
        final List<byte[]> captures = captures();
        final Mutator mutator = new Mutator(seed);
        final Path scratch = Files.createTempFile("ftp426-fuzz", ".pcap");
        final long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        try
        {
            int i = 0;
            for (; i < 30 || System.nanoTime() < deadline; i++)
            {
                final byte[] input = mutator.mutate(captures.get(mutator.random().nextInt(captures.size())),
                    captures.get(mutator.random().nextInt(captures.size())));
                try
                {
                    FuzzTargets.pipeline(input);
                    if ((i & 7) == 0)
                    {
                        FuzzTargets.captureFile(input, scratch);
                    }
                }
                catch (final Throwable ex)
                {
                    final Path failures = Files.createDirectories(Paths.get("target/robustness/failures"));
                    Files.write(failures.resolve("seed-" + seed + "-input-" + i + ".pcap"), input);
                    throw new AssertionError("seed " + seed + ", input " + i + ": " + ex, ex);
                }
            }
            if (SECONDS > 0)
            {
                System.out.println("MUTATION seed " + seed + ": " + i + " inputs, no failure");
            }
        }
        finally
        {
            Files.deleteIfExists(scratch);
        }
    }

    private static List<byte[]> captures() throws IOException
    {
        final List<byte[]> captures = new ArrayList<>();
        for (final Path seed : FuzzCorpus.inputs("pipeline"))
        {
            captures.add(Files.readAllBytes(seed));
        }
        if (Files.isDirectory(DEV))
        {
            try (Stream<Path> cases = Files.list(DEV))
            {
                for (final Path dir : (Iterable<Path>)cases.filter(Files::isDirectory).sorted()::iterator)
                {
                    final Path client = dir.resolve("client.pcap");
                    if (Files.size(client) < 600_000)
                    {
                        captures.add(Files.readAllBytes(client));
                    }
                }
            }
        }
        return captures;
    }
}
