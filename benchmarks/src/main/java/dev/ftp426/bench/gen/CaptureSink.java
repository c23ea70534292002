package dev.ftp426.bench.gen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes capture records (classic pcap with microsecond stamps, or pcapng EPBs with nanosecond stamps) through one
 * reusable direct buffer, so the packet builders write frame bytes in place and nothing is allocated per packet.
 * Multi-byte capture-file fields are little-endian; frame bytes are big-endian (network order).
 */
final class CaptureSink implements AutoCloseable
{
    /** Capture-file format. */
    enum Format
    {
        PCAP, PCAPNG
    }

    static final int MAX_FRAME = 2048;
    private static final int PCAP_RECORD_HEADER = 16;
    private static final int EPB_HEADER = 28;
    private static final int SNAPLEN = 262_144;

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final Format format;
    private final long epochSeconds;
    private int recordStart;
    private long frames;
    private long fileBytes;

    CaptureSink(final Path path, final Format format, final int bufferBytes, final long epochSeconds)
        throws IOException
    {
        this.channel = FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.buffer = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.BIG_ENDIAN);
        this.format = format;
        this.epochSeconds = epochSeconds;
        writeFileHeader();
    }

    private void writeFileHeader()
    {
        if (format == Format.PCAP)
        {
            putLeInt(0xa1b2c3d4);
            putLeShort(2);
            putLeShort(4);
            putLeInt(0);
            putLeInt(0);
            putLeInt(SNAPLEN);
            putLeInt(1);
        }
        else
        {
            putLeInt(0x0A0D0D0A);
            putLeInt(28);
            putLeInt(0x1A2B3C4D);
            putLeShort(1);
            putLeShort(0);
            putLeInt(0xffffffff);
            putLeInt(0xffffffff);
            putLeInt(28);

            putLeInt(1);
            putLeInt(32);
            putLeShort(1);
            putLeShort(0);
            putLeInt(SNAPLEN);
            putLeShort(9);
            putLeShort(1);
            buffer.put((byte)9).put((byte)0).put((byte)0).put((byte)0);
            putLeInt(0);
            putLeInt(32);
        }
    }

    /** The buffer frame bytes are written into, at absolute positions from {@link #beginFrame()}. */
    ByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Reserves room for one frame.
     *
     * @return absolute buffer position where the frame's first byte goes.
     */
    int beginFrame() throws IOException
    {
        if (buffer.remaining() < MAX_FRAME + EPB_HEADER + 8)
        {
            flush();
        }
        recordStart = buffer.position();
        return recordStart + (format == Format.PCAP ? PCAP_RECORD_HEADER : EPB_HEADER);
    }

    /**
     * Completes the frame started by {@link #beginFrame()}.
     *
     * @return the 1-based frame number written.
     */
    long endFrame(final long timeNs, final int frameLength)
    {
        final ByteBuffer b = buffer;
        final int start = recordStart;
        final int end;
        if (format == Format.PCAP)
        {
            b.putInt(start, Integer.reverseBytes((int)(epochSeconds + timeNs / 1_000_000_000L)));
            b.putInt(start + 4, Integer.reverseBytes((int)((timeNs % 1_000_000_000L) / 1000)));
            b.putInt(start + 8, Integer.reverseBytes(frameLength));
            b.putInt(start + 12, Integer.reverseBytes(frameLength));
            end = start + PCAP_RECORD_HEADER + frameLength;
        }
        else
        {
            final int padded = (frameLength + 3) & ~3;
            final int blockLength = EPB_HEADER + padded + 4;
            final long ts = epochSeconds * 1_000_000_000L + timeNs;
            for (int i = frameLength; i < padded; i++)
            {
                b.put(start + EPB_HEADER + i, (byte)0);
            }
            b.putInt(start, Integer.reverseBytes(6));
            b.putInt(start + 4, Integer.reverseBytes(blockLength));
            b.putInt(start + 8, 0);
            b.putInt(start + 12, Integer.reverseBytes((int)(ts >>> 32)));
            b.putInt(start + 16, Integer.reverseBytes((int)ts));
            b.putInt(start + 20, Integer.reverseBytes(frameLength));
            b.putInt(start + 24, Integer.reverseBytes(frameLength));
            b.putInt(start + EPB_HEADER + padded, Integer.reverseBytes(blockLength));
            end = start + blockLength;
        }
        b.position(end);
        return ++frames;
    }

    long frames()
    {
        return frames;
    }

    /** Bytes of capture file produced so far, including what is still buffered. */
    long fileBytes()
    {
        return fileBytes + buffer.position();
    }

    private void flush() throws IOException
    {
        buffer.flip();
        while (buffer.hasRemaining())
        {
            fileBytes += channel.write(buffer);
        }
        buffer.clear();
    }

    private void putLeInt(final int value)
    {
        buffer.putInt(Integer.reverseBytes(value));
    }

    private void putLeShort(final int value)
    {
        buffer.putShort(Short.reverseBytes((short)value));
    }

    public void close() throws IOException
    {
        flush();
        channel.close();
    }
}
