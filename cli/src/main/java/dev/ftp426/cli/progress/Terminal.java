package dev.ftp426.cli.progress;

import jnr.ffi.LibraryLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Whether a file descriptor is a terminal. {@code System.console()} cannot tell: on Java 17 it is null whenever
 * stdout is redirected, which is exactly when a progress line on stderr is still wanted.
 */
public final class Terminal
{
    /** The one libc function needed. */
    public interface LibC
    {
        int isatty(int fd);
    }

    private Terminal()
    {
    }

    public static boolean isTerminal(final int fd)
    {
        // On Linux /proc says it without loading a native binding (which costs ~200 ms of start-up).
        final Path link = Paths.get("/proc/self/fd/" + fd);
        try
        {
            final String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || "/dev/console".equals(target);
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            final LibC libc = LibCHolder.LIBC;
            return libc != null && libc.isatty(fd) == 1;
        }
    }

    /** Loaded only where /proc cannot answer. */
    private static final class LibCHolder
    {
        static final LibC LIBC = load();
    }

    private static LibC load()
    {
        try
        {
            return LibraryLoader.create(LibC.class).load("c");
        }
        catch (final LinkageError | RuntimeException ex)
        {
            return null; // no libc binding: behave as if not a terminal, so nothing is drawn
        }
    }
}
