package dev.ftp426.cli.progress;

import java.io.PrintStream;

/**
 * A one-line progress display on stderr for long inputs: bytes done, percent and ETA when the size is known,
 * packets, MB/s and verdicts so far. On a terminal it redraws in place; otherwise ({@code --progress=always}) it
 * prints a plain status line every few seconds.
 */
public final class ProgressLine
{
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long PLAIN_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final boolean redraw;
    private final String name;
    private final long totalBytes;
    private final long startNanos;
    private long lastDrawNanos;
    private boolean drawn;

    public ProgressLine(final PrintStream err, final boolean redraw, final String name, final long totalBytes,
        final long startNanos)
    {
        this.err = err;
        this.redraw = redraw;
        this.name = name;
        this.totalBytes = totalBytes;
        this.startNanos = startNanos;
        this.lastDrawNanos = startNanos;
    }

    /** Draws when enough time has passed since the last draw. */
    public void update(final long nowNanos, final long bytesDone, final long packets, final long verdicts)
    {
        if (nowNanos - lastDrawNanos < (redraw ? REDRAW_NANOS : PLAIN_NANOS))
        {
            return;
        }
        lastDrawNanos = nowNanos;
        final String line = format(nowNanos, bytesDone, packets, verdicts);
        if (redraw)
        {
            err.print("\r" + line + "\033[K");
        }
        else
        {
            err.println(line);
        }
        err.flush();
        drawn = true;
    }

    /** Removes the line from the terminal before the report or the summary is printed. */
    public void finish()
    {
        if (drawn && redraw)
        {
            err.print("\r\033[K");
            err.flush();
        }
    }

    String format(final long nowNanos, final long bytesDone, final long packets, final long verdicts)
    {
        final double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        final double mbPerSecond = bytesDone / 1e6 / seconds;
        final StringBuilder line = new StringBuilder(96).append(name).append(": ");
        if (totalBytes > 0)
        {
            final double fraction = Math.min(1.0, (double)bytesDone / totalBytes);
            final long etaSeconds = fraction > 0 ? Math.round(seconds / fraction - seconds) : -1;
            line.append(String.format("%5.1f%% %s / %s", fraction * 100, megabytes(bytesDone), megabytes(totalBytes)));
            if (etaSeconds >= 0)
            {
                line.append(String.format(", ETA %d:%02d", etaSeconds / 60, etaSeconds % 60));
            }
        }
        else
        {
            line.append(megabytes(bytesDone));
        }
        line.append(String.format(", %,d packets, %.1f MB/s, %d verdicts", packets, mbPerSecond, verdicts));
        return line.toString();
    }

    private static String megabytes(final long bytes)
    {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
