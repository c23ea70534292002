package dev.ftp426.tcp;

import dev.ftp426.flow.FlowTable;

import java.util.concurrent.TimeUnit;

/**
 * Limits and timeouts of a {@link TcpTracker}. Mutable builder-style setters; read once when the tracker is built.
 * <p>
 * Defaults, and why:
 * <ul>
 *   <li>memory budget 512 MiB in total, of which the out-of-order buffers may use 64 MiB: fits a default heap and
 *       holds about 390,000 flows ({@link #maxFlows()}; 1,200 bytes each: an open flow with both endpoints takes
 *       784, its table entry up to 96, and 320 are kept for the side objects a flow commonly gathers before it
 *       ends); beyond it, or when rarer side objects fill it first, flows are evicted and counted, never an
 *       {@link OutOfMemoryError};</li>
 *   <li>out-of-order buffer per direction 1 MiB: a few receive windows of a typical path; a hole larger than that
 *       is delivered as a gap and counted ({@link TcpEventType#REASSEMBLY_CAP_HIT});</li>
 *   <li>idle timeouts: handshake only (SYN seen, not established) 30 s, as conntrack's SYN_SENT; established or
 *       mid-stream 2 h, as the TCP keep-alive default; half closed (one FIN) 2 min; closed (both FINs or a RST)
 *       lingers 5 s to catch retransmissions and post-RST activity before the flow is reported closed.</li>
 * </ul>
 */
public final class TcpConfig
{
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 512L * 1024 * 1024;
    public static final long DEFAULT_REORDER_BUDGET_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_REORDER_BYTES_PER_DIRECTION = 1024 * 1024;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    public static final long DEFAULT_ESTABLISHED_TIMEOUT_NANOS = TimeUnit.HOURS.toNanos(2);
    public static final long DEFAULT_HALF_CLOSED_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);
    public static final long DEFAULT_CLOSED_LINGER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private long memoryBudgetBytes = DEFAULT_MEMORY_BUDGET_BYTES;
    private long reorderBudgetBytes = DEFAULT_REORDER_BUDGET_BYTES;
    private int reorderBytesPerDirection = DEFAULT_REORDER_BYTES_PER_DIRECTION;
    private long handshakeTimeoutNanos = DEFAULT_HANDSHAKE_TIMEOUT_NANOS;
    private long establishedTimeoutNanos = DEFAULT_ESTABLISHED_TIMEOUT_NANOS;
    private long halfClosedTimeoutNanos = DEFAULT_HALF_CLOSED_TIMEOUT_NANOS;
    private long closedLingerNanos = DEFAULT_CLOSED_LINGER_NANOS;

    public long memoryBudgetBytes() { return memoryBudgetBytes; }
    public long reorderBudgetBytes() { return reorderBudgetBytes; }
    public int reorderBytesPerDirection() { return reorderBytesPerDirection; }
    public long handshakeTimeoutNanos() { return handshakeTimeoutNanos; }
    public long establishedTimeoutNanos() { return establishedTimeoutNanos; }
    public long halfClosedTimeoutNanos() { return halfClosedTimeoutNanos; }
    public long closedLingerNanos() { return closedLingerNanos; }

    /** Total heap the tracker may use: flow state, flow table and out-of-order buffers. */
    public TcpConfig memoryBudgetBytes(final long bytes)
    {
        this.memoryBudgetBytes = bytes;
        return this;
    }

    /** The share of the memory budget out-of-order buffers may use across all flows. */
    public TcpConfig reorderBudgetBytes(final long bytes)
    {
        this.reorderBudgetBytes = bytes;
        return this;
    }

    /** Out-of-order bytes buffered per direction of one flow, beyond which holes are skipped. */
    public TcpConfig reorderBytesPerDirection(final int bytes)
    {
        this.reorderBytesPerDirection = bytes;
        return this;
    }

    public TcpConfig handshakeTimeoutNanos(final long nanos)
    {
        this.handshakeTimeoutNanos = nanos;
        return this;
    }

    public TcpConfig establishedTimeoutNanos(final long nanos)
    {
        this.establishedTimeoutNanos = nanos;
        return this;
    }

    public TcpConfig halfClosedTimeoutNanos(final long nanos)
    {
        this.halfClosedTimeoutNanos = nanos;
        return this;
    }

    public TcpConfig closedLingerNanos(final long nanos)
    {
        this.closedLingerNanos = nanos;
        return this;
    }

    /** How many flows fit the budget after the out-of-order share and the segment ring. */
    public int maxFlows()
    {
        final long flowBytes = Math.max(0, flowShare() - RecentSegments.bytes(recentSegmentCapacity()));
        final long flows = flowBytes / (TcpFlow.ESTIMATED_BYTES + FlowTable.BYTES_PER_FLOW);
        return (int)Math.max(16, Math.min(flows, 1 << 28));
    }

    /**
     * Entries of the ring of recent segments compared with forwarded copies: the largest power of two within a
     * sixteenth of the flow share, between {@link RecentSegments#MIN_CAPACITY} and
     * {@link RecentSegments#MAX_CAPACITY} (1 MiB, reached from a 32 MiB budget on).
     */
    int recentSegmentCapacity()
    {
        final long entries = flowShare() / 16 / RecentSegments.ENTRY_BYTES;
        return (int)Math.max(RecentSegments.MIN_CAPACITY,
            Math.min(RecentSegments.MAX_CAPACITY, Long.highestOneBit(Math.max(1, entries))));
    }

    private long flowShare()
    {
        return Math.max(0, memoryBudgetBytes - effectiveReorderBudget());
    }

    /** The reorder share, never more than half the total budget. */
    public long effectiveReorderBudget()
    {
        return Math.min(reorderBudgetBytes, memoryBudgetBytes / 2);
    }

    void validate()
    {
        if (memoryBudgetBytes <= 0 || reorderBudgetBytes < 0)
        {
            throw new IllegalArgumentException("memory budgets must be positive");
        }
        if (reorderBytesPerDirection < ReorderBuffer.PAGE_SIZE)
        {
            throw new IllegalArgumentException("reorderBytesPerDirection must be >= " + ReorderBuffer.PAGE_SIZE);
        }
        if (handshakeTimeoutNanos <= 0 || establishedTimeoutNanos <= 0 || halfClosedTimeoutNanos <= 0 ||
            closedLingerNanos < 0)
        {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
