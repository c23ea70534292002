package dev.ftp426.pcap;

import java.io.IOException;
import java.nio.file.Path;

/** Opens capture files mapped in windows of a chosen size, so tests can cross many window boundaries cheaply. */
public final class WindowedReaders
{
    private WindowedReaders()
    {
    }

    /** As {@link CaptureReaders#open(Path)}, with map windows of {@code windowSize} bytes. */
    public static CaptureReader open(final Path path, final int windowSize) throws IOException
    {
        return CaptureReaders.open(path, windowSize);
    }
}
