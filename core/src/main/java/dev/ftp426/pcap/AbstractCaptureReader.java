package dev.ftp426.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.util.function.Consumer;
import java.util.zip.ZipException;

import org.agrona.DirectBuffer;

/** What the classic and pcapng readers share: the source, the frame flyweight, stats and the stop flag. */
abstract class AbstractCaptureReader implements CaptureReader
{
    /** Captured length above which a record is taken as damage: 256 KiB (Wireshark's bound) plus a margin. */
    static final int MAX_CAPTURED_LENGTH = 256 * 1024 + 64 * 1024;
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    final ByteSource source;
    final CaptureStats stats;
    final String name;
    private final long inputSize;
    private final Frame frame = new Frame();
    private volatile boolean stopped;
    boolean done;

    AbstractCaptureReader(final ByteSource source, final CaptureStats stats, final long inputSize)
    {
        this.source = source;
        this.stats = stats;
        this.name = stats.name();
        this.inputSize = inputSize;
    }

    @Override
    public final long readAll(final FrameHandler handler)
    {
        long count = 0;
        while (!stopped && readNext(handler))
        {
            count++;
        }
        return count;
    }

    @Override
    public final boolean readNext(final FrameHandler handler)
    {
        if (done || stopped)
        {
            return false;
        }
        try
        {
            return step(handler);
        }
        catch (final EOFException | ZipException ex)
        {
            stats.warn("damaged-compression", -1, "compressed input damaged or cut short: " + ex.getMessage());
            stats.truncatedAtEnd = true;
            done = true;
            return false;
        }
        catch (final IOException ex)
        {
            done = true;
            throw new UncheckedIOException(name + ": read failed: " + ex.getMessage(), ex);
        }
    }

    /** Reads blocks or records until one frame is delivered (true) or the input ends (false, with done set). */
    abstract boolean step(FrameHandler handler) throws IOException;

    @Override
    public final void stop()
    {
        stopped = true;
    }

    @Override
    public final CaptureStats stats()
    {
        return stats;
    }

    @Override
    public final long inputSize()
    {
        return inputSize;
    }

    @Override
    public final long inputPosition()
    {
        return source.inputPosition();
    }

    @Override
    public final boolean keepMappedWindows(final Consumer<MappedByteBuffer> keeper)
    {
        return source.keepWindows(keeper);
    }

    @Override
    public final void close()
    {
        done = true;
        source.close();
    }

    final void deliver(
        final FrameHandler handler,
        final DirectBuffer buffer,
        final int index,
        final int capturedLength,
        final int originalLength,
        final long timestampNanos,
        final CaptureStats.InterfaceStats iface,
        final long fileOffset)
    {
        final CaptureStats stats = this.stats;
        final long frameNumber = ++stats.packets;
        if (1 == frameNumber)
        {
            stats.firstTimestampNanos = timestampNanos;
        }
        stats.lastTimestampNanos = timestampNanos;
        stats.capturedBytes += capturedLength;
        stats.originalBytes += originalLength;
        if (capturedLength < originalLength)
        {
            stats.truncatedPackets++;
        }
        iface.packets++;
        frame.wrap(
            buffer, index, capturedLength, originalLength, timestampNanos, iface.linkType(), iface.index(), frameNumber,
            fileOffset);
        handler.onFrame(frame);
    }

    /** The input ends inside a record: normal for a capture killed mid-write. */
    final boolean endInsideRecord(final long offset, final long present, final String what)
    {
        stats.warn("truncated-last-record", offset,
            "capture ends inside the last " + what + " (" + present + " bytes present)");
        stats.truncatedAtEnd = true;
        done = true;
        return false;
    }

    final boolean end()
    {
        done = true;
        return false;
    }

    static String hex(final long value)
    {
        return "0x" + Long.toHexString(value);
    }
}
