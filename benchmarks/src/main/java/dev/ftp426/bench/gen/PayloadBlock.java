package dev.ftp426.bench.gen;

import java.util.SplittableRandom;

/**
 * A pre-filled block of random payload bytes with prefix sums of its 16-bit words, so that a segment's payload is a
 * slice copied from here and its contribution to the TCP checksum costs two array reads.
 * Slices must start at even offsets below {@link #SPAN}; they may be up to {@link #SLACK} bytes long.
 */
final class PayloadBlock
{
    static final int SPAN = 1 << 20;
    static final int SLACK = 1 << 16;

    private final byte[] bytes = new byte[SPAN + SLACK];
    private final long[] prefix = new long[(SPAN + SLACK) / 2 + 1];

    PayloadBlock(final SplittableRandom random)
    {
        for (int i = 0; i < bytes.length; i += 8)
        {
            long v = random.nextLong();
            for (int j = 0; j < 8; j++)
            {
                bytes[i + j] = (byte)v;
                v >>>= 8;
            }
        }
        for (int w = 0; w < bytes.length / 2; w++)
        {
            prefix[w + 1] = prefix[w] + (((bytes[2 * w] & 0xff) << 8) | (bytes[2 * w + 1] & 0xff));
        }
    }

    byte[] bytes()
    {
        return bytes;
    }

    /** Maps a stream position to an even block offset; a flow's base keeps its stream stable across resends. */
    static int offset(final int base, final long streamPosition)
    {
        return (int)((base + streamPosition) & (SPAN - 1)) & ~1;
    }

    /** One's-complement-ready sum (not folded) of the 16-bit words of the slice. */
    long sum(final int offset, final int length)
    {
        final int words = length >> 1;
        long s = prefix[(offset >> 1) + words] - prefix[offset >> 1];
        if ((length & 1) != 0)
        {
            s += (bytes[offset + length - 1] & 0xff) << 8;
        }
        return s;
    }
}
