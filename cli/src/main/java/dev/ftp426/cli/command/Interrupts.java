package dev.ftp426.cli.command;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C and SIGTERM into a clean stop: the handler only sets a flag and asks the analysis to stop, so the
 * command can flush every result and the summary before it exits. A shutdown hook could not choose the exit code.
 */
final class Interrupts implements AutoCloseable
{
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;

    private Interrupts(final Runnable onInterrupt)
    {
        final SignalHandler handler = signal ->
        {
            interrupted.set(true);
            onInterrupt.run();
        };
        previousInt = install("INT", handler);
        previousTerm = install("TERM", handler);
    }

    static Interrupts install(final Runnable onInterrupt)
    {
        return new Interrupts(onInterrupt);
    }

    boolean interrupted()
    {
        return interrupted.get();
    }

    @Override
    public void close()
    {
        restore("INT", previousInt);
        restore("TERM", previousTerm);
    }

    private static SignalHandler install(final String name, final SignalHandler handler)
    {
        try
        {
            return Signal.handle(new Signal(name), handler);
        }
        catch (final IllegalArgumentException ex)
        {
            return null; // signal not available here (or already used by the JVM): keep the default behaviour
        }
    }

    private static void restore(final String name, final SignalHandler previous)
    {
        if (previous != null)
        {
            try
            {
                Signal.handle(new Signal(name), previous);
            }
            catch (final IllegalArgumentException ignored)
            {
                // nothing to restore
            }
        }
    }
}
