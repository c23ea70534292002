package dev.ftp426.attribution;

/**
 * Occurrences of one capture-loss or loss signal on a connection (e.g. "ACKed unseen segment", "previous segment
 * not captured"), with the first and last place it happened.
 *
 * @param count      number of occurrences.
 * @param firstFrame first frame flagged, -1 when none.
 * @param firstNanos its timestamp.
 * @param lastFrame  last frame flagged.
 * @param lastNanos  its timestamp.
 */
public record CaptureGaps(long count, long firstFrame, long firstNanos, long lastFrame, long lastNanos)
{
    /** Nothing flagged. */
    public static final CaptureGaps NONE = new CaptureGaps(0, -1, -1, -1, -1);

    /** True when some occurrence lies in [fromNanos, toNanos]. */
    public boolean touches(final long fromNanos, final long toNanos)
    {
        return count > 0 && lastNanos >= fromNanos && firstNanos <= toNanos;
    }
}
