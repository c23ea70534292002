package dev.ftp426.pcap;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One captured frame, as a flyweight over the buffer it was read into (a mapped capture file, a ring slot).
 * <p>
 * The same instance is re-wrapped for every frame: a consumer must copy what it wants to keep before it returns.
 * Nothing here allocates.
 */
public final class Frame
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private long frameNumber;
    private long timestampNanos;
    private int capturedLength;
    private int originalLength;
    private int linkType;
    private int interfaceId;
    private long fileOffset;

    /**
     * Points this flyweight at the next frame.
     *
     * @param source         buffer holding the frame bytes.
     * @param offset         offset of the first link-layer byte in {@code source}.
     * @param capturedLength bytes present in the capture.
     * @param originalLength bytes the frame had on the wire.
     * @param timestampNanos capture time, nanoseconds since the Unix epoch.
     * @param linkType       the LINKTYPE_ value of the interface that captured it.
     * @param interfaceId    index of the capturing interface (pcapng), 0 otherwise.
     * @param frameNumber    1-based number, the same as Wireshark's frame.number.
     * @param fileOffset     byte offset of the record in its file, or -1 when there is no file.
     * @return this.
     */
    public Frame wrap(
        final DirectBuffer source,
        final int offset,
        final int capturedLength,
        final int originalLength,
        final long timestampNanos,
        final int linkType,
        final int interfaceId,
        final long frameNumber,
        final long fileOffset)
    {
        buffer.wrap(source, offset, capturedLength);
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.frameNumber = frameNumber;
        this.fileOffset = fileOffset;
        return this;
    }

    /** The frame bytes; index 0 is the first link-layer byte. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    public long frameNumber()
    {
        return frameNumber;
    }

    public long timestampNanos()
    {
        return timestampNanos;
    }

    public int capturedLength()
    {
        return capturedLength;
    }

    public int originalLength()
    {
        return originalLength;
    }

    public int linkType()
    {
        return linkType;
    }

    public int interfaceId()
    {
        return interfaceId;
    }

    public long fileOffset()
    {
        return fileOffset;
    }

    public boolean isTruncated()
    {
        return capturedLength < originalLength;
    }
}
