package dev.ftp426.capture.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads capture files with tshark, the independent reference for frame counts, lengths and time stamps. */
public final class Tshark
{
    public static final Path TSHARK = Path.of("/usr/bin/tshark");

    /** What tshark says about one frame. */
    public record FrameInfo(long number, long timestampNanos, int capturedLength, int originalLength)
    {
    }

    private Tshark()
    {
    }

    public static void assumeAvailable()
    {
        assumeTrue(Files.isExecutable(TSHARK), "tshark is not installed");
    }

    /** The corpus file, or a skipped test when the corpus is absent. */
    public static Path corpusFile(final String relative)
    {
        final String corpus = System.getProperty("ftp426.corpus", "/work/shared/corpus");
        final Path file = Path.of(corpus).resolve(relative);
        assumeTrue(Files.isReadable(file), "corpus file missing: " + file);
        return file;
    }

    /**
     * Frames of a capture file as tshark reads them.
     *
     * @param file          capture file.
     * @param displayFilter tshark -Y filter, or null.
     */
    public static List<FrameInfo> frames(final Path file, final String displayFilter)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(
            TSHARK.toString(), "-n", "-r", file.toString(), "-T", "fields",
            "-e", "frame.number", "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len"));
        if (null != displayFilter)
        {
            command.add("-Y");
            command.add(displayFilter);
        }
        final List<FrameInfo> frames = new ArrayList<>();
        for (final String line : run(command).split("\n"))
        {
            if (line.isBlank())
            {
                continue;
            }
            final String[] fields = line.split("\t");
            frames.add(new FrameInfo(
                Long.parseLong(fields[0]), epochNanos(fields[1]), Integer.parseInt(fields[2]),
                Integer.parseInt(fields[3])));
        }
        return frames;
    }

    /** "1329843161.968492000" to nanoseconds, exactly. */
    public static long epochNanos(final String epoch)
    {
        final int dot = epoch.indexOf('.');
        if (dot < 0)
        {
            return Long.parseLong(epoch) * 1_000_000_000L;
        }
        final String fraction = (epoch.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(epoch.substring(0, dot)) * 1_000_000_000L + Long.parseLong(fraction);
    }

    public static String run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        if (0 != process.exitValue())
        {
            throw new IOException("exit " + process.exitValue() + ": " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
