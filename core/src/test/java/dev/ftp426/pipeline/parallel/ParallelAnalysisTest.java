package dev.ftp426.pipeline.parallel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The parallel pipeline reports exactly what one pipeline reports: the same transfer and verdict records with the
 * same numbers (in {@link ParallelAnalysis#TRANSFER_ORDER}), and the same summary, on every capture of the dev and
 * public corpus.
 */
class ParallelAnalysisTest
{
    private static final Path CORPUS = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"));

    @Test
    void devCorpusGivesTheSameRecordsWithSeveralWorkers() throws IOException
    {
        final List<Path> files = captures(CORPUS.resolve("dev"));
        assumeTrue(!files.isEmpty(), "dev corpus not present");
        long transfers = 0;
        long verdicts = 0;
        for (final Path file : files)
        {
            final RecordingListener one = RecordingListener.analyse(file, 1);
            transfers += one.reports.size();
            verdicts += one.verdicts;
            for (final int workers : new int[] {2, 3})
            {
                final RecordingListener many = RecordingListener.analyse(file, workers);
                assertThat(many.transfers()).as("%s with %d workers", file, workers)
                    .isEqualTo(one.transfersInOrder());
                assertThat(many.summaries).as("%s with %d workers", file, workers).isEqualTo(one.summaries);
            }
        }
        assertThat(transfers).as("the corpus has transfers to compare").isGreaterThan(10);
        assertThat(verdicts).as("the corpus has verdicts to compare").isGreaterThan(5);
    }

    @Test
    void publicCapturesGiveTheSameRecordsWithSeveralWorkers() throws IOException
    {
        final List<Path> files = captures(CORPUS.resolve("external"));
        assumeTrue(!files.isEmpty(), "public captures not present");
        for (final Path file : files)
        {
            final RecordingListener one = RecordingListener.analyse(file, 1);
            final RecordingListener many = RecordingListener.analyse(file, 4);
            assertThat(many.transfers()).as("%s", file).isEqualTo(one.transfersInOrder());
            assertThat(many.summaries).as("%s", file).isEqualTo(one.summaries);
        }
    }

    @Test
    void allCorpusCapturesTogetherAsOneStreamOfWork() throws IOException
    {
        // Several files analysed one after the other by one OfflineAnalysis: each gets its own workers and summary.
        final List<Path> files = captures(CORPUS.resolve("dev"));
        assumeTrue(files.size() >= 3, "dev corpus not present");
        final List<Path> three = files.subList(0, 3);
        final var single = new dev.ftp426.pipeline.OfflineAnalysis(new dev.ftp426.pipeline.AnalysisOptions());
        final var parallel = new dev.ftp426.pipeline.OfflineAnalysis(
            new dev.ftp426.pipeline.AnalysisOptions().workers(2));
        for (final Path file : three)
        {
            final RecordingListener one = new RecordingListener();
            final RecordingListener many = new RecordingListener();
            single.analyze(file, one);
            parallel.analyze(file, many);
            assertThat(many.summaries).hasSize(1).isEqualTo(one.summaries);
            assertThat(many.transfers()).isEqualTo(one.transfersInOrder());
        }
    }

    private static List<Path> captures(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir))
        {
            final List<Path> files = new ArrayList<>();
            walk.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                .forEach(files::add);
            return files;
        }
    }
}
