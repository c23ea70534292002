package dev.ftp426.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs {@link Main} in a fresh JVM on the test class path (the jar is built after tests). */
final class JavaProcess
{
    private JavaProcess()
    {
    }

    static List<String> command(final String... args)
    {
        final Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        final List<String> command = new ArrayList<>(List.of(java.toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** The same, quoted for sh -c. */
    static String shell(final String... args)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String part : command(args))
        {
            if (sb.length() > 0)
            {
                sb.append(' ');
            }
            sb.append('\'').append(part.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
