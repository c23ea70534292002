package dev.ftp426.attribution;

/**
 * The inferred capture point and why.
 *
 * @param vantage where the capture was taken.
 * @param reason  the facts that placed it, in words.
 */
public record VantageEstimate(Vantage vantage, String reason)
{
    /** Nothing to go on. */
    public static final VantageEstimate UNKNOWN = new VantageEstimate(Vantage.UNKNOWN, "no timing or TTL clue");
}
