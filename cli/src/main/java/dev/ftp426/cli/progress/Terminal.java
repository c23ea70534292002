package dev.ftp426.cli.progress;

import jnr.ffi.LibraryLoader;

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

    private static final LibC LIBC = load();

    private Terminal()
    {
    }

    public static boolean isTerminal(final int fd)
    {
        return LIBC != null && LIBC.isatty(fd) == 1;
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
