package dev.ftp426.attribution;

import java.util.List;

/**
 * What one signal function found: a strength in [0, 1] (0: absent), the observations behind it, and a short
 * headline a summary sentence can start with.
 *
 * @param strength  0..1.
 * @param evidence  observations, possibly empty.
 * @param headline  e.g. "the client's host reset the data connection at frame 812"; empty when absent.
 * @param eventNanos when the headline event happened, -1 when it is not one instant.
 */
public record SignalResult(double strength, List<Evidence> evidence, String headline, long eventNanos)
{
    /** The signal is not there. */
    public static final SignalResult ABSENT = new SignalResult(0, List.of(), "", -1);

    public SignalResult
    {
        if (strength < 0 || strength > 1 || Double.isNaN(strength))
        {
            throw new IllegalArgumentException("strength out of [0,1]: " + strength);
        }
        evidence = List.copyOf(evidence);
    }

    /** A present signal with one piece of evidence that is also its headline event. */
    public static SignalResult of(
        final double strength, final String headline, final long frame, final long tsNanos, final String text)
    {
        return new SignalResult(clamp(strength), List.of(Evidence.of(frame, tsNanos, text)), headline, tsNanos);
    }

    /** True when the signal fired at all. */
    public boolean present()
    {
        return strength > 0;
    }

    /** Clamps to [0, 1]. */
    public static double clamp(final double v)
    {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
