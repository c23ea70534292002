package dev.ftp426.bench.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tshark for the structure checks; tests skip those checks when it is not installed. */
final class Tshark
{
    static final Path BINARY = Path.of("/usr/bin/tshark");

    private Tshark()
    {
    }

    static boolean available()
    {
        return Files.isExecutable(BINARY);
    }

    /** Runs tshark with the arguments and returns its standard output lines. */
    static List<String> run(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        final byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            process.destroyForcibly();
            throw new IOException("tshark failed: " + command);
        }
        final List<String> lines = new ArrayList<>();
        for (final String line : new String(out, StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The frame count from {@code -q -z io,stat,0}. */
    static long frameCount(final Path capture) throws IOException, InterruptedException
    {
        for (final String line : run("-r", capture.toString(), "-q", "-z", "io,stat,0"))
        {
            if (line.contains("<>"))
            {
                final String[] cells = line.split("\\|");
                return Long.parseLong(cells[2].trim());
            }
        }
        throw new IOException("no io,stat row");
    }
}
