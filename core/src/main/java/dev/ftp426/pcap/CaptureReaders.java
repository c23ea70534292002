package dev.ftp426.pcap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Opens captures, choosing the format by magic number, never by file name: classic pcap (micro- or nanosecond, either
 * byte order), pcapng, and either of them gzip-compressed.
 * <p>
 * A regular file is memory-mapped in windows and read in place; gzip and other streams (standard input, pipes) are
 * read into one reusable, bounded buffer.
 */
public final class CaptureReaders
{
    private static final int GZIP_BUFFER = 64 * 1024;
    private static final int MAGIC_MODIFIED_PCAP = 0xa1b2cd34;
    /** Large enough for the largest pcapng block accepted; classic records are far smaller. */
    private static final int STREAM_BUFFER_LIMIT = PcapngReader.MAX_BLOCK_LENGTH + 64;

    private CaptureReaders()
    {
    }

    /**
     * Opens a capture file.
     *
     * @param path a pcap or pcapng file, possibly gzip-compressed; a named pipe or device is read as a stream.
     * @return a reader positioned at the first record.
     * @throws IOException          when the file cannot be opened or read.
     * @throws BadCaptureException  when it is not a capture this reader understands.
     */
    public static CaptureReader open(final Path path) throws IOException
    {
        return open(path, MappedFileSource.DEFAULT_WINDOW_SIZE);
    }

    /** As {@link #open(Path)}, with a chosen map window size (tests use tiny windows). */
    static CaptureReader open(final Path path, final int windowSize) throws IOException
    {
        final String name = path.toString();
        if (!Files.isRegularFile(path))
        {
            return open(Files.newInputStream(path), name);
        }

        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try
        {
            final ByteBuffer head = ByteBuffer.allocate(2);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0)
            {
                // read the first two bytes
            }
            final long size = channel.size();
            if (2 == head.position() && isGzip(head.get(0), head.get(1)))
            {
                channel.close();
                final CountingInputStream counting = new CountingInputStream(Files.newInputStream(path));
                final InputStream gunzip = gunzip(counting, name);
                return open(new StreamSource(gunzip, STREAM_BUFFER_LIMIT, counting::count), name, size, ".gz");
            }
            return open(new MappedFileSource(channel, windowSize), name, size, "");
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Opens a capture arriving on a stream, e.g. standard input.
     *
     * @param in   the stream; closed when the reader is closed.
     * @param name name for messages and stats, e.g. "-" or "stdin".
     * @return a reader positioned at the first record.
     * @throws IOException         when the stream cannot be read.
     * @throws BadCaptureException when it is not a capture this reader understands.
     */
    public static CaptureReader open(final InputStream in, final String name) throws IOException
    {
        try
        {
            final PushbackInputStream pushback = new PushbackInputStream(in, 2);
            final byte[] head = new byte[2];
            int count = 0;
            while (count < 2)
            {
                final int read = pushback.read(head, count, 2 - count);
                if (read < 0)
                {
                    break;
                }
                count += read;
            }
            pushback.unread(head, 0, count);
            if (2 == count && isGzip(head[0], head[1]))
            {
                final CountingInputStream counting = new CountingInputStream(pushback);
                return open(new StreamSource(gunzip(counting, name), STREAM_BUFFER_LIMIT, counting::count), name, -1,
                    ".gz");
            }
            return open(new StreamSource(pushback, STREAM_BUFFER_LIMIT, null), name, -1, "");
        }
        catch (final IOException | RuntimeException ex)
        {
            in.close();
            throw ex;
        }
    }

    private static boolean isGzip(final byte first, final byte second)
    {
        return (byte)0x1f == first && (byte)0x8b == second;
    }

    private static InputStream gunzip(final InputStream in, final String name) throws IOException
    {
        try
        {
            return new GZIPInputStream(in, GZIP_BUFFER);
        }
        catch (final IOException ex)
        {
            throw new BadCaptureException(name, 0, "gzip header damaged: " + ex.getMessage());
        }
    }

    private static CaptureReader open(
        final ByteSource source, final String name, final long inputSize, final String suffix) throws IOException
    {
        try
        {
            final CaptureStats stats = new CaptureStats(name);
            final int available = source.request(0, PcapReader.FILE_HEADER_LENGTH);
            final UnsafeBuffer buffer = source.buffer();
            final int index = source.index(0);
            if (0 == available)
            {
                throw new BadCaptureException(name, -1, "empty " + (suffix.isEmpty() ? "file" : "gzip content") +
                    ", not a pcap or pcapng file");
            }
            if (available >= 4)
            {
                final int magic = buffer.getInt(index, ByteOrder.BIG_ENDIAN);
                if (PcapngReader.SECTION_HEADER == magic)
                {
                    stats.formatName("pcapng" + suffix);
                    return new PcapngReader(source, stats, inputSize);
                }
                final ByteOrder order = pcapOrder(magic);
                if (null != order)
                {
                    final boolean nanos = PcapReader.MAGIC_NANOS == magic || PcapReader.MAGIC_NANOS ==
                        Integer.reverseBytes(magic);
                    if (available < PcapReader.FILE_HEADER_LENGTH)
                    {
                        throw new BadCaptureException(name, 0, "pcap file header cut short (" + available +
                            " of 24 bytes)");
                    }
                    final int major = buffer.getShort(index + 4, order) & 0xffff;
                    final int minor = buffer.getShort(index + 6, order) & 0xffff;
                    stats.formatName((nanos ? "pcap-ns" : "pcap") + suffix);
                    if (2 != major || 4 != minor)
                    {
                        stats.warn("pcap-version", 4, "unexpected pcap version " + major + "." + minor);
                    }
                    return new PcapReader(source, stats, inputSize, order, nanos, buffer.getInt(index + 16, order),
                        buffer.getInt(index + 20, order));
                }
            }
            if (available >= 4 && (MAGIC_MODIFIED_PCAP == buffer.getInt(index, ByteOrder.BIG_ENDIAN) ||
                MAGIC_MODIFIED_PCAP == buffer.getInt(index, ByteOrder.LITTLE_ENDIAN)))
            {
                throw new BadCaptureException(name, -1, "modified (Kuznetzov) pcap format is not supported: " +
                    "first bytes " + firstBytes(buffer, index, 4));
            }
            throw new BadCaptureException(name, -1, "not a pcap or pcapng file: first bytes " +
                firstBytes(buffer, index, Math.min(available, 4)));
        }
        catch (final java.io.EOFException | java.util.zip.ZipException ex)
        {
            source.close();
            throw new BadCaptureException(name, -1, "compressed data damaged or cut short: " + ex.getMessage());
        }
        catch (final IOException | RuntimeException ex)
        {
            source.close();
            throw ex;
        }
    }

    private static ByteOrder pcapOrder(final int magic)
    {
        if (PcapReader.MAGIC_MICROS == magic || PcapReader.MAGIC_NANOS == magic)
        {
            return ByteOrder.BIG_ENDIAN;
        }
        final int swapped = Integer.reverseBytes(magic);
        if (PcapReader.MAGIC_MICROS == swapped || PcapReader.MAGIC_NANOS == swapped)
        {
            return ByteOrder.LITTLE_ENDIAN;
        }
        return null;
    }

    private static String firstBytes(final UnsafeBuffer buffer, final int index, final int count)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.append(' ');
            }
            text.append(String.format("%02x", buffer.getByte(index + i) & 0xff));
        }
        return text.toString();
    }

    /** Counts compressed bytes consumed, for progress on gzip input. */
    private static final class CountingInputStream extends FilterInputStream
    {
        private volatile long count;

        CountingInputStream(final InputStream in)
        {
            super(in);
        }

        long count()
        {
            return count;
        }

        @Override
        public int read() throws IOException
        {
            final int value = super.read();
            if (value >= 0)
            {
                count++;
            }
            return value;
        }

        @Override
        public int read(final byte[] bytes, final int offset, final int length) throws IOException
        {
            final int read = super.read(bytes, offset, length);
            if (read > 0)
            {
                count += read;
            }
            return read;
        }

        @Override
        public long skip(final long n) throws IOException
        {
            final long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
