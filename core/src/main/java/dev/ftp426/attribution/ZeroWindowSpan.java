package dev.ftp426.attribution;

/**
 * A span during which an endpoint advertised a zero receive window.
 *
 * @param startFrame first zero-window advertisement.
 * @param startNanos its timestamp.
 * @param endFrame   the frame that reopened the window, or the last zero-window advertisement when it never
 *                   reopened.
 * @param endNanos   its timestamp.
 * @param reopened   true when the endpoint later advertised a non-zero window.
 */
public record ZeroWindowSpan(long startFrame, long startNanos, long endFrame, long endNanos, boolean reopened)
{
    /** True when the window was still closed at the given instant (it never reopened, or reopened later). */
    public boolean closedAt(final long tsNanos)
    {
        return startNanos <= tsNanos && (!reopened || endNanos > tsNanos);
    }

    /** How long the window stayed closed before the given instant. */
    public long closedFor(final long tsNanos)
    {
        final long end = reopened ? Math.min(endNanos, tsNanos) : tsNanos;
        return Math.max(0, end - startNanos);
    }
}
