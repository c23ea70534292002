package dev.ftp426.pcap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs tshark as the reference reader: frame number, epoch time, captured and original length of every frame. */
public final class Tshark
{
    public static final Path TSHARK = Paths.get("/usr/bin/tshark");

    /** One frame as tshark prints it. */
    public record TsharkFrame(long number, long timestampNanos, int capturedLength, int originalLength)
    {
    }

    private Tshark()
    {
    }

    public static void assumeAvailable()
    {
        assumeTrue(Files.isExecutable(TSHARK), "tshark not installed at " + TSHARK);
    }

    public static List<TsharkFrame> frames(final Path capture) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(
            TSHARK.toString(), "-n", "-r", capture.toString(), "-T", "fields",
            "-e", "frame.number", "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        final List<TsharkFrame> frames = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                final String[] fields = line.split("\t");
                frames.add(new TsharkFrame(
                    Long.parseLong(fields[0]), parseEpochNanos(fields[1]), Integer.parseInt(fields[2]),
                    Integer.parseInt(fields[3])));
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("tshark did not finish on " + capture);
        }
        return frames;
    }

    /** Marks a frame tshark shows without a time (a Simple Packet Block). */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /** "1439753725.701607000" to nanoseconds, without going through a double; "" to {@link #NO_TIMESTAMP}. */
    static long parseEpochNanos(final String text)
    {
        if (text.isEmpty())
        {
            return NO_TIMESTAMP;
        }
        final int dot = text.indexOf('.');
        if (dot < 0)
        {
            return Long.parseLong(text) * 1_000_000_000L;
        }
        final long seconds = Long.parseLong(text.substring(0, dot));
        final String fraction = (text.substring(dot + 1) + "000000000").substring(0, 9);
        final long nanos = Long.parseLong(fraction);
        return text.startsWith("-") ? seconds * 1_000_000_000L - nanos : seconds * 1_000_000_000L + nanos;
    }
}
