package dev.ftp426.tcp;

/**
 * One endpoint's first FIN: where it ends the stream and when it was sent. Created on that FIN, so the many open
 * flows that have not closed yet pay nothing for it.
 */
final class FinFacts
{
    /** Heap bytes of one instance (12-byte header, 3 longs, 1 int, 1 short, 1 boolean, 8-byte aligned). */
    static final int BYTES = 48;

    /** Absolute sequence position of the FIN: the stream ends here. */
    long position;
    long frame;
    long tsNanos;
    /** Raw seq of the FIN segment. */
    int seq;
    short ttl;
    /** The stream listener was told (onFin). */
    boolean delivered;

    FinFacts reset()
    {
        position = -1;
        frame = -1;
        tsNanos = 0;
        seq = 0;
        ttl = -1;
        delivered = false;
        return this;
    }
}
