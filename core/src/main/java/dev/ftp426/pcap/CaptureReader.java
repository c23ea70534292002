package dev.ftp426.pcap;

import java.nio.MappedByteBuffer;
import java.util.function.Consumer;

/**
 * Reads the packet records of one capture and hands each to a {@link FrameHandler} as a {@link Frame} flyweight over
 * the capture's own bytes: no copy and no allocation per packet.
 * <p>
 * Obtained from {@link CaptureReaders}. Damage does not throw: it is read around where possible and recorded in
 * {@link #stats()}. Frames are numbered from 1 over every packet record (EPB, SPB, PB and classic records), as
 * Wireshark's frame.number. {@link Frame#fileOffset()} is the record's byte offset in the input (the decompressed
 * input for gzip), for streams too; {@link Frame#interfaceId()} indexes {@link CaptureStats#interfaces()}.
 * Not thread-safe, except {@link #stop()} and the counters of {@link #stats()}.
 * <p>
 * A failing read of the underlying file or stream (a disk error) surfaces as {@link java.io.UncheckedIOException};
 * a damaged gzip stream is treated as the end of the capture and recorded as a warning.
 */
public interface CaptureReader extends AutoCloseable
{
    /**
     * Reads and delivers frames until the input ends or {@link #stop()} is called.
     *
     * @param handler receives each frame; the frame is valid only during the call.
     * @return the number of frames delivered by this call.
     */
    long readAll(FrameHandler handler);

    /**
     * Reads and delivers the next frame, if any.
     *
     * @param handler receives the frame; the frame is valid only during the call.
     * @return true when a frame was delivered, false at the end of the input or after {@link #stop()}.
     */
    boolean readNext(FrameHandler handler);

    /** Asks {@link #readAll(FrameHandler)} to return after the current frame; safe from any thread. */
    void stop();

    /** Counts and damage so far; the same instance, updated as reading goes on. */
    CaptureStats stats();

    /** Size of the input in bytes (compressed size for gzip), or -1 when unknown (a stream). */
    long inputSize();

    /** Bytes of the input consumed so far (compressed bytes for gzip), for progress display. */
    long inputPosition();

    /**
     * Lets frames outlive the call that delivered them, for a consumer on other threads (the parallel pipeline hands
     * them over by address instead of copying their bytes). A regular file is read in place through memory-mapped
     * windows that the reader unmaps when it moves on; with a keeper, it hands each window it leaves to the keeper
     * instead, which unmaps it ({@link org.agrona.IoUtil#unmap}) once no frame in it is read any more. The window
     * the reader is in when it is closed is unmapped by {@link #close()}. {@code null} restores unmapping.
     *
     * @return true when frames are read in place from mapped windows (so stay valid until their window is unmapped);
     *         false for a stream or gzip input, whose frames are valid only during the call (the keeper is not used).
     */
    default boolean keepMappedWindows(final Consumer<MappedByteBuffer> keeper)
    {
        return false;
    }

    /** Releases the file or stream; frames handed out earlier must no longer be used. */
    @Override
    void close();
}
