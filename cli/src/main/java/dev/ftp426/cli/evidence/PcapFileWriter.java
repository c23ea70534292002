package dev.ftp426.cli.evidence;

import dev.ftp426.pcap.Frame;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file (little-endian, version 2.4): microsecond magic {@code a1b2c3d4}, or the nanosecond
 * magic {@code a1b23c4d} when the source had finer timestamps, so nothing is rounded.
 */
final class PcapFileWriter implements AutoCloseable
{
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;

    private final OutputStream out;
    private final boolean nanos;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] copy = new byte[2048];
    private long packets;

    PcapFileWriter(final Path file, final int linkType, final int snapLength, final boolean nanos) throws IOException
    {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.nanos = nanos;
        header.putInt(nanos ? MAGIC_NANOS : MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(snapLength).putInt(linkType);
        out.write(header.array(), 0, 24);
    }

    void write(final Frame frame) throws IOException
    {
        final long ts = frame.timestampNanos();
        final long seconds = Math.floorDiv(ts, 1_000_000_000L);
        final long fraction = Math.floorMod(ts, 1_000_000_000L);
        final int length = frame.capturedLength();
        header.clear();
        header.putInt((int)seconds).putInt((int)(nanos ? fraction : fraction / 1000)).putInt(length)
            .putInt(frame.originalLength());
        out.write(header.array(), 0, 16);
        if (copy.length < length)
        {
            copy = new byte[length];
        }
        frame.buffer().getBytes(0, copy, 0, length);
        out.write(copy, 0, length);
        packets++;
    }

    long packets()
    {
        return packets;
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
