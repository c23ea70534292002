package dev.ftp426.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Runs tshark (or editcap, mergecap, capinfos) for reference answers; tests skip when it is absent. */
final class Tshark
{
    private static final Set<String> TOOLS = Set.of("editcap", "capinfos", "mergecap");

    private Tshark()
    {
    }

    static boolean present()
    {
        return Files.isExecutable(Paths.get("/usr/bin/tshark"));
    }

    static String run(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(TOOLS.contains(args[0]) ? "/usr/bin/" + args[0] : "/usr/bin/tshark");
        for (int i = TOOLS.contains(args[0]) ? 1 : 0; i < args.length; i++)
        {
            command.add(args[i]);
        }
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        if (process.exitValue() != 0)
        {
            throw new IOException("exit " + process.exitValue() + ": " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static long packetCount(final Path file) throws IOException, InterruptedException
    {
        return run("-r", file.toString(), "-T", "fields", "-e", "frame.number").lines().count();
    }
}
