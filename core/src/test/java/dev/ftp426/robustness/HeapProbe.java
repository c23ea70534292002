package dev.ftp426.robustness;

import dev.ftp426.pipeline.ProgressListener;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples the live heap (used after a full GC) every few progress calls of an analysis and at its end: a bound
 * check on what the analysis keeps, not a performance measurement.
 */
public final class HeapProbe implements ProgressListener
{
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final int every;
    private long calls;
    private long baseline;
    private long peak;

    /** @param every sample once per this many progress calls (one call per 16,384 packets). */
    public HeapProbe(final int every)
    {
        this.every = every;
        baseline = liveHeap();
    }

    public static long liveHeap()
    {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void onProgress(final String input, final long inputPosition, final long inputSize, final long packets,
        final long verdicts)
    {
        if (++calls % every == 0)
        {
            sample();
        }
    }

    @Override
    public void onFinished(final String input)
    {
        sample();
    }

    private void sample()
    {
        peak = Math.max(peak, liveHeap());
    }

    /** Largest live heap seen, less what was live before the analysis started. */
    public long peakAboveBaseline()
    {
        return Math.max(0, peak - baseline);
    }

    public long samples()
    {
        return calls / every + 1;
    }
}
