package dev.ftp426.robustness;

import dev.ftp426.pcap.BadCaptureException;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 10,000 captures analysed in one process, good ones and ones that fail to open, from files (memory-mapped) and
 * streams: no file descriptor, mapping or direct buffer outlives its analysis.
 */
class ResourceHygieneTest
{
    @TempDir
    Path dir;

    @Test
    void tenThousandCapturesLeakNoDescriptorAndNoDirectMemory() throws IOException
    {
        assumeTrue(new File("/proc/self/fd").isDirectory(), "needs /proc");
        final byte[] pcap = FtpCaptures.smallCapture();
        final ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz))
        {
            out.write(pcap);
        }
        final List<Path> inputs = List.of(
            Files.write(dir.resolve("good.pcap"), pcap),
            Files.write(dir.resolve("good.pcapng"), PcapRecords.toPcapng(pcap)),
            Files.write(dir.resolve("good.pcap.gz"), gz.toByteArray()),
            Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(pcap, pcap.length / 2 + 3)),
            Files.write(dir.resolve("not-a-capture.txt"), "220 hello\r\n".repeat(10).getBytes()),
            Files.write(dir.resolve("empty.pcap"), new byte[0]),
            Files.write(dir.resolve("header-only.pcap"), Arrays.copyOf(pcap, 20)));

        // warm up once so lazily opened JDK resources (jar files, zip inflaters' caches) are already there
        final int[] outcomes = new int[2];
        for (final Path input : inputs)
        {
            analyze(input, outcomes);
        }
        final long fdsBefore = openDescriptors();
        final long[] directBefore = bufferPools();
        outcomes[0] = 0;
        outcomes[1] = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final Path input = inputs.get(i % inputs.size());
            if (i % 3 == 0)
            {
                try (InputStream in = Files.newInputStream(input))
                {
                    analyze(in, input.getFileName().toString(), outcomes);
                }
            }
            else
            {
                analyze(input, outcomes);
            }
        }
        HeapProbe.liveHeap();
        final long fdsAfter = openDescriptors();
        final long[] directAfter = bufferPools();
        assertThat(outcomes[0]).as("analysed").isGreaterThan(5_000);
        assertThat(outcomes[1]).as("refused at open").isGreaterThan(2_000);
        assertThat(fdsAfter).as("open file descriptors").isLessThanOrEqualTo(fdsBefore);
        assertThat(directAfter[0]).as("direct buffers").isLessThanOrEqualTo(directBefore[0] + 4);
        assertThat(directAfter[1]).as("direct bytes").isLessThanOrEqualTo(directBefore[1] + (1 << 20));
        assertThat(directAfter[2]).as("mapped buffers").isLessThanOrEqualTo(directBefore[2]);
        System.out.printf("HYGIENE fds %d -> %d, direct %d/%d B -> %d/%d B, mapped %d -> %d%n", fdsBefore, fdsAfter,
            directBefore[0], directBefore[1], directAfter[0], directAfter[1], directBefore[2], directAfter[2]);
    }

    private static void analyze(final Path input, final int[] outcomes) throws IOException
    {
        try
        {
            new OfflineAnalysis(new AnalysisOptions()).analyze(input, new Results());
            outcomes[0]++;
        }
        catch (final BadCaptureException ex)
        {
            outcomes[1]++;
        }
    }

    private static void analyze(final InputStream input, final String name, final int[] outcomes) throws IOException
    {
        try
        {
            new OfflineAnalysis(new AnalysisOptions()).analyze(input, name, new Results());
            outcomes[0]++;
        }
        catch (final BadCaptureException ex)
        {
            outcomes[1]++;
        }
    }

    private static long openDescriptors() throws IOException
    {
        try (var list = Files.list(Path.of("/proc/self/fd")))
        {
            return list.count();
        }
    }

    /** Direct buffer count and bytes, mapped buffer count. */
    private static long[] bufferPools()
    {
        final long[] values = new long[3];
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                values[0] = pool.getCount();
                values[1] = pool.getMemoryUsed();
            }
            else if ("mapped".equals(pool.getName()))
            {
                values[2] = pool.getCount();
            }
        }
        return values;
    }
}
