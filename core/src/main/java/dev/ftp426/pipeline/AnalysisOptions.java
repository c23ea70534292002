package dev.ftp426.pipeline;

/** Settings of one analysis run. */
public final class AnalysisOptions
{
    private int communityIdSeed;
    private long maxPackets = Long.MAX_VALUE;
    private ProgressListener progress;
    private long memoryBudgetBytes = 512L << 20;
    private int maxDataFlowRecorders = 16_384;
    private int maxControlConnections = 65_536;
    private int workers = 1;

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

    /** Heap the TCP flow table may use before it evicts the oldest flows (counted in the summary). */
    public long memoryBudgetBytes()
    {
        return memoryBudgetBytes;
    }

    public AnalysisOptions memoryBudgetBytes(final long bytes)
    {
        this.memoryBudgetBytes = bytes;
        return this;
    }

    /**
     * FTP data connections whose TCP facts are recorded at once (about 8 KiB each); as many closed ones, up to 4096,
     * are kept until their transfer is judged.
     */
    public int maxDataFlowRecorders()
    {
        return maxDataFlowRecorders;
    }

    public AnalysisOptions maxDataFlowRecorders(final int max)
    {
        this.maxDataFlowRecorders = max;
        return this;
    }

    /** FTP control connections remembered for their Community ID and how they ended. */
    public int maxControlConnections()
    {
        return maxControlConnections;
    }

    public AnalysisOptions maxControlConnections(final int max)
    {
        this.maxControlConnections = max;
        return this;
    }

    /**
     * Analysis threads: 1 analyses on the reading thread; N > 1 shards the packets by host pair over N workers (see
     * {@code dev.ftp426.pipeline.parallel.ParallelAnalysis}), with the same records as one.
     */
    public int workers()
    {
        return workers;
    }

    public AnalysisOptions workers(final int workers)
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        this.workers = workers;
        return this;
    }
}
