package dev.ftp426.pipeline;

/** Settings of one analysis run. */
public final class AnalysisOptions
{
    private int communityIdSeed;
    private long maxPackets = Long.MAX_VALUE;
    private ProgressListener progress;

    public int communityIdSeed()
    {
        return communityIdSeed;
    }

    public AnalysisOptions communityIdSeed(final int seed)
    {
        this.communityIdSeed = seed;
        return this;
    }

    /** Stop after this many packets (like tcpdump -c). */
    public long maxPackets()
    {
        return maxPackets;
    }

    public AnalysisOptions maxPackets(final long maxPackets)
    {
        this.maxPackets = maxPackets;
        return this;
    }

    /** Where progress goes, or null for none. */
    public ProgressListener progress()
    {
        return progress;
    }

    public AnalysisOptions progress(final ProgressListener progress)
    {
        this.progress = progress;
        return this;
    }
}
