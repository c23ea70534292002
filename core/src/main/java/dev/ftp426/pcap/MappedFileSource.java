package dev.ftp426.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A regular file read through memory-mapped windows, so frames are read in place without a copy.
 * <p>
 * A window is re-mapped to start at a requested position whenever a request does not fit, so a record never
 * straddles two windows; a request larger than the window size gets a window of its own size.
 */
final class MappedFileSource extends ByteSource
{
    /** Default window: large enough that re-mapping is rare, small enough for any address space. */
    static final int DEFAULT_WINDOW_SIZE = 64 * 1024 * 1024;

    private final FileChannel channel;
    private final long size;
    private final int windowSize;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private MappedByteBuffer mapped;
    private long windowStart;
    private long windowEnd;
    private long furthest;
    private Consumer<MappedByteBuffer> keeper;

    MappedFileSource(final FileChannel channel, final int windowSize) throws IOException
    {
        this.channel = channel;
        this.size = channel.size();
        this.windowSize = windowSize;
    }

    @Override
    int request(final long position, final int length) throws IOException
    {
        if (position >= size)
        {
            furthest = size;
            return 0;
        }
        final int available = (int)Math.min(length, size - position);
        final long end = position + available;
        furthest = Math.max(furthest, end);
        if (null != mapped && position >= windowStart && end <= windowEnd)
        {
            return available;
        }

        leaveWindow();
        final long mapLength = Math.min(Math.max(windowSize, available), size - position);
        mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, mapLength);
        buffer.wrap(mapped);
        windowStart = position;
        windowEnd = position + mapLength;
        return available;
    }

    @Override
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    @Override
    int index(final long position)
    {
        return (int)(position - windowStart);
    }

    @Override
    long size()
    {
        return size;
    }

    @Override
    long inputPosition()
    {
        return furthest;
    }

    @Override
    int maxRequest()
    {
        return Integer.MAX_VALUE;
    }

    @Override
    boolean keepWindows(final Consumer<MappedByteBuffer> keeper)
    {
        this.keeper = keeper;
        return true;
    }

    @Override
    public void close()
    {
        unmap();
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Moving on: the window is unmapped, or handed to the keeper when frames read from it may still be in use. */
    private void leaveWindow()
    {
        if (null != mapped && null != keeper)
        {
            final MappedByteBuffer left = mapped;
            buffer.wrap(0, 0);
            mapped = null;
            keeper.accept(left);
        }
        unmap();
    }

    private void unmap()
    {
        if (null != mapped)
        {
            buffer.wrap(0, 0);
            IoUtil.unmap(mapped);
            mapped = null;
        }
    }
}
