package dev.ftp426.attribution;

/**
 * One observation a verdict rests on (or one that speaks against it).
 *
 * @param frame   frame number to jump to, -1 when the observation is not one packet.
 * @param tsNanos its timestamp, -1 when none.
 * @param text    what was seen, in words.
 * @param against true when it is a counter-signal: it weakens the verdict.
 */
public record Evidence(long frame, long tsNanos, String text, boolean against)
{
    /** Supporting evidence. */
    public static Evidence of(final long frame, final long tsNanos, final String text)
    {
        return new Evidence(frame, tsNanos, text, false);
    }

    /** The same observation marked as a counter-signal. */
    public Evidence asAgainst()
    {
        return new Evidence(frame, tsNanos, text, true);
    }
}
