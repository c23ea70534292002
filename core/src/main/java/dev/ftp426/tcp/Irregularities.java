package dev.ftp426.tcp;

/**
 * What did not go through one direction once and in order: retransmitted bytes, holes filled late, gaps, bytes the
 * capture missed, the out-of-order peak, and forwarded second copies left out. Created on the first of them, so a
 * clean flow pays nothing.
 */
final class Irregularities
{
    /** Heap bytes of one instance (12-byte header, 6 longs, 8-byte aligned). */
    static final int BYTES = 64;

    long retransmittedBytes;
    long holeFillBytes;
    long gapBytes;
    long missedBytes;
    long bufferedPeakBytes;
    long forwardedCopies;

    Irregularities reset()
    {
        retransmittedBytes = 0;
        holeFillBytes = 0;
        gapBytes = 0;
        missedBytes = 0;
        bufferedPeakBytes = 0;
        forwardedCopies = 0;
        return this;
    }
}
