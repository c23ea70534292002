package dev.ftp426.attribution;

/**
 * A stretch of time in which the capture itself lost packets (kernel or ring drops from per-interval statistics).
 *
 * @param startNanos start of the interval.
 * @param endNanos   end of the interval.
 * @param dropped    packets dropped in it.
 */
public record DropWindow(long startNanos, long endNanos, long dropped)
{
    /** True when the interval overlaps [fromNanos, toNanos]. */
    public boolean overlaps(final long fromNanos, final long toNanos)
    {
        return dropped > 0 && endNanos >= fromNanos && startNanos <= toNanos;
    }
}
