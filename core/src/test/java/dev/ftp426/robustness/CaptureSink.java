package dev.ftp426.robustness;

import dev.ftp426.pcap.LinkType;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic little-endian nanosecond pcap (Ethernet) record by record, straight to a stream, so a test can
 * make captures of millions of packets without holding them in memory (the test-jar's PcapBuilder keeps them all).
 */
public final class CaptureSink implements AutoCloseable
{
    private final OutputStream out;
    private final byte[] header = new byte[16];
    private long packets;

    private CaptureSink(final OutputStream out)
    {
        this.out = out;
        final byte[] file = new byte[24];
        putInt(file, 0, 0xa1b23c4d);
        putShort(file, 4, 2);
        putShort(file, 6, 4);
        putInt(file, 16, 262_144);
        putInt(file, 20, LinkType.ETHERNET);
        write(file, 0, file.length);
    }

    public static CaptureSink file(final Path path) throws IOException
    {
        return new CaptureSink(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
    }

    public static CaptureSink memory(final ByteArrayOutputStream bytes)
    {
        return new CaptureSink(bytes);
    }

    /** One record holding the whole frame. */
    public CaptureSink packet(final long timestampNanos, final byte[] frame)
    {
        putInt(header, 0, (int)(timestampNanos / 1_000_000_000L));
        putInt(header, 4, (int)(timestampNanos % 1_000_000_000L));
        putInt(header, 8, frame.length);
        putInt(header, 12, frame.length);
        write(header, 0, header.length);
        write(frame, 0, frame.length);
        packets++;
        return this;
    }

    public long packets()
    {
        return packets;
    }

    @Override
    public void close()
    {
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void write(final byte[] bytes, final int offset, final int length)
    {
        try
        {
            out.write(bytes, offset, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void putInt(final byte[] b, final int i, final int v)
    {
        b[i] = (byte)v;
        b[i + 1] = (byte)(v >>> 8);
        b[i + 2] = (byte)(v >>> 16);
        b[i + 3] = (byte)(v >>> 24);
    }

    private static void putShort(final byte[] b, final int i, final int v)
    {
        b[i] = (byte)v;
        b[i + 1] = (byte)(v >>> 8);
    }
}
