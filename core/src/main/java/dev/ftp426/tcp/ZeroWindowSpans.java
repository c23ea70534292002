package dev.ftp426.tcp;

/** The spans in which one endpoint advertised a zero window. Created on the first one. */
final class ZeroWindowSpans
{
    /** Heap bytes of one instance (12-byte header, 6 longs, 1 boolean, 8-byte aligned). */
    static final int BYTES = 64;

    long count;
    /** Sum of the closed spans. */
    long totalNanos;
    long openSinceNanos;
    long firstStartFrame;
    long lastStartFrame;
    long lastEndFrame;
    /** A span is open: the last window it advertised was zero. */
    boolean open;

    ZeroWindowSpans reset()
    {
        count = 0;
        totalNanos = 0;
        openSinceNanos = 0;
        firstStartFrame = -1;
        lastStartFrame = -1;
        lastEndFrame = -1;
        open = false;
        return this;
    }
}
