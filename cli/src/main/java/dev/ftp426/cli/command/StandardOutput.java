package dev.ftp426.cli.command;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as a raw stream: unlike {@code System.out}, it reports write errors, so a closed pipe is noticed.
 * Closing it flushes but leaves file descriptor 1 open.
 */
final class StandardOutput
{
    private StandardOutput()
    {
    }

    static OutputStream open()
    {
        return new FilterOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16))
        {
            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException
            {
                out.flush();
            }
        };
    }
}
