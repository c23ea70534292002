package dev.ftp426.cli.progress;

import dev.ftp426.pipeline.ProgressListener;

import java.io.PrintStream;

/** Shows analysis progress on stderr according to {@code --progress} (auto: only when stderr is a terminal). */
public final class ProgressDisplay implements ProgressListener
{
    /** The {@code --progress} choices. */
    public enum Mode
    {
        auto, always, never
    }

    private final PrintStream err;
    private final boolean redraw;
    private ProgressLine line;
    private String input;

    private ProgressDisplay(final PrintStream err, final boolean redraw)
    {
        this.err = err;
        this.redraw = redraw;
    }

    /** The listener for a mode, or null when nothing is to be shown. */
    public static ProgressDisplay create(final Mode mode, final boolean quiet, final PrintStream err)
    {
        final boolean terminal = Terminal.isTerminal(2);
        if (quiet || mode == Mode.never || (mode == Mode.auto && !terminal))
        {
            return null;
        }
        return new ProgressDisplay(err, terminal);
    }

    @Override
    public void onProgress(final String input, final long inputPosition, final long inputSize, final long packets,
        final long verdicts)
    {
        final long now = System.nanoTime();
        if (line == null || !input.equals(this.input))
        {
            this.input = input;
            line = new ProgressLine(err, redraw, input, inputSize, now);
        }
        line.update(now, inputPosition, packets, verdicts);
    }

    @Override
    public void onFinished(final String input)
    {
        if (line != null)
        {
            line.finish();
            line = null;
        }
    }
}
