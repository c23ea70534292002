package dev.ftp426.cli.command;

import java.io.IOException;

/** A reader of our output went away (e.g. {@code | head}): not an error, we just stop. */
final class BrokenPipe
{
    private BrokenPipe()
    {
    }

    static boolean is(final IOException ex)
    {
        for (Throwable t = ex; t != null; t = t.getCause())
        {
            final String message = t.getMessage();
            if (message != null && (message.contains("Broken pipe") || message.contains("Stream closed")))
            {
                return true;
            }
        }
        return false;
    }
}
