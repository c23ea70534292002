package dev.ftp426.pcap;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.util.function.Consumer;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A forward-only window on the bytes of a capture: a mapped file or a stream read into a reusable buffer.
 * <p>
 * Readers ask for a span with {@link #request(long, int)} and then read it through {@link #buffer()} at
 * {@link #index(long)}. Positions passed to {@code request} must never decrease: a source may drop everything before
 * the last requested position.
 */
abstract class ByteSource implements AutoCloseable
{
    /**
     * Makes the bytes {@code [position, position + length)} readable through {@link #buffer()}.
     *
     * @param position absolute offset in the (decompressed) input, not less than the previous request's.
     * @param length   bytes wanted, at most {@link #maxRequest()}.
     * @return bytes readable from {@code position}: {@code length}, or fewer only when the input ends first.
     * @throws IOException when the underlying input fails.
     */
    abstract int request(long position, int length) throws IOException;

    /** The buffer the last request made readable; valid until the next request. */
    abstract UnsafeBuffer buffer();

    /** Index in {@link #buffer()} of an absolute position covered by the last request. */
    abstract int index(long position);

    /** Size of the input in bytes when known in advance, -1 for a stream. */
    abstract long size();

    /** Bytes consumed from the underlying file or stream (compressed bytes for gzip), for progress display. */
    abstract long inputPosition();

    /** The largest length a single request may ask for. */
    abstract int maxRequest();

    /**
     * For a memory-mapped source: from now on, hands each window it leaves to {@code keeper} (which must unmap it)
     * instead of unmapping it; {@code null} restores unmapping. Other sources do not map and return false.
     *
     * @return true when this source reads in place from mapped windows.
     */
    boolean keepWindows(final Consumer<MappedByteBuffer> keeper)
    {
        return false;
    }

    @Override
    public abstract void close();
}
