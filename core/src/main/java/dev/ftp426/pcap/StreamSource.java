package dev.ftp426.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.LongSupplier;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stream (standard input, a pipe, a gzip decompressor) read into one reusable heap buffer.
 * <p>
 * The buffer starts small and doubles when a request needs more, up to a fixed bound; bytes before the requested
 * position are dropped by compacting, so memory stays bounded whatever the input.
 */
final class StreamSource extends ByteSource
{
    static final int INITIAL_CAPACITY = 64 * 1024;

    private final InputStream in;
    private final int maxCapacity;
    private final LongSupplier consumed;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private byte[] array;
    private long base;
    private int limit;
    private boolean eof;

    /**
     * @param in          the stream, closed with this source.
     * @param maxCapacity bound on the buffer, at least the largest request a reader makes.
     * @param consumed    bytes taken from the underlying input so far (compressed bytes for gzip), or null to count
     *                    the bytes read here.
     */
    StreamSource(final InputStream in, final int maxCapacity, final LongSupplier consumed)
    {
        this.in = in;
        this.maxCapacity = maxCapacity;
        this.consumed = consumed;
        array = new byte[Math.min(INITIAL_CAPACITY, maxCapacity)];
        buffer.wrap(array);
    }

    @Override
    int request(final long position, final int length) throws IOException
    {
        if (position < base)
        {
            throw new IllegalStateException("position moved back: " + position + " < " + base);
        }
        if (length > maxCapacity)
        {
            throw new IllegalArgumentException("request of " + length + " exceeds " + maxCapacity);
        }

        final long bufferEnd = base + limit;
        if (position + length <= bufferEnd)
        {
            return length;
        }
        if (!eof)
        {
            fill(position, length);
        }
        return (int)Math.max(0, Math.min(length, base + limit - position));
    }

    private void fill(final long position, final int length) throws IOException
    {
        final long bufferEnd = base + limit;
        if (position >= bufferEnd)
        {
            limit = 0;
            base = bufferEnd;
            skipTo(position);
        }
        else
        {
            final int from = (int)(position - base);
            System.arraycopy(array, from, array, 0, limit - from);
            limit -= from;
            base = position;
        }

        if (length > array.length)
        {
            int capacity = array.length;
            while (capacity < length)
            {
                capacity = (int)Math.min((long)capacity * 2, maxCapacity);
            }
            final byte[] grown = new byte[capacity];
            System.arraycopy(array, 0, grown, 0, limit);
            array = grown;
            buffer.wrap(array);
        }

        while (limit < length)
        {
            final int read = in.read(array, limit, array.length - limit);
            if (read < 0)
            {
                eof = true;
                break;
            }
            limit += read;
        }
    }

    private void skipTo(final long position) throws IOException
    {
        while (base < position)
        {
            final int read = in.read(array, 0, (int)Math.min(array.length, position - base));
            if (read < 0)
            {
                eof = true;
                return;
            }
            base += read;
        }
    }

    @Override
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    @Override
    int index(final long position)
    {
        return (int)(position - base);
    }

    @Override
    long size()
    {
        return -1;
    }

    @Override
    long inputPosition()
    {
        return null != consumed ? consumed.getAsLong() : base + limit;
    }

    @Override
    int maxRequest()
    {
        return maxCapacity;
    }

    @Override
    public void close()
    {
        try
        {
            in.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
