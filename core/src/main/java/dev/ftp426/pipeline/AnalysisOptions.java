package dev.ftp426.pipeline;

import dev.ftp426.decode.DecodeLimits;
import dev.ftp426.ftp.FtpTrackerConfig;
import dev.ftp426.tcp.TcpConfig;
import dev.ftp426.tls.KeyLog;

/** Settings of one analysis run. */
public final class AnalysisOptions
{
    private int communityIdSeed;
    private long maxPackets = Long.MAX_VALUE;
    private ProgressListener progress;
    private long memoryBudgetBytes = 512L << 20;
    private int maxDataFlowRecorders = 16_384;
    private int maxControlConnections = 65_536;
    private DecodeLimits decodeLimits = new DecodeLimits();
    private TcpConfig tcpConfig = new TcpConfig();
    private FtpTrackerConfig ftpConfig = new FtpTrackerConfig();
    private KeyLog tlsKeyLog;
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

    /** Decoder bounds: fragments under reassembly, VLAN and extension-header depth (defaults in DecodeLimits). */
    public DecodeLimits decodeLimits()
    {
        return decodeLimits;
    }

    public AnalysisOptions decodeLimits(final DecodeLimits limits)
    {
        this.decodeLimits = limits;
        return this;
    }

    /**
     * TCP limits and timeouts (defaults in TcpConfig); its memory budget is replaced by {@link #memoryBudgetBytes()}.
     */
    public TcpConfig tcpConfig()
    {
        return tcpConfig;
    }

    public AnalysisOptions tcpConfig(final TcpConfig config)
    {
        this.tcpConfig = config;
        return this;
    }

    /** FTP bounds: line length, reply lines, pending commands, expectations and their lifetime, sessions. */
    public FtpTrackerConfig ftpConfig()
    {
        return ftpConfig;
    }

    public AnalysisOptions ftpConfig(final FtpTrackerConfig config)
    {
        this.ftpConfig = config;
        return this;
    }

    /** TLS secrets (NSS key log) to decrypt FTPS control and data connections with, or null for none. */
    public KeyLog tlsKeyLog()
    {
        return tlsKeyLog;
    }

    public AnalysisOptions tlsKeyLog(final KeyLog keyLog)
    {
        this.tlsKeyLog = keyLog;
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
