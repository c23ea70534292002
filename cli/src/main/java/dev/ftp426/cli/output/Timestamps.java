package dev.ftp426.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Packet times as RFC 3339 UTC text, with nanoseconds only when the capture has them. */
public final class Timestamps
{
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    private Timestamps()
    {
    }

    public static String rfc3339(final long epochNanos)
    {
        final long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        final long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
        final String base = SECONDS.format(Instant.ofEpochSecond(seconds));
        if (nanos % 1000 == 0)
        {
            return base + String.format(".%06dZ", nanos / 1000);
        }
        return base + String.format(".%09dZ", nanos);
    }

    /** Seconds since the epoch with the fraction, as Wireshark's frame.time_epoch prints it. */
    public static String epochSeconds(final long epochNanos)
    {
        return String.format("%d.%09d", Math.floorDiv(epochNanos, 1_000_000_000L),
            Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
