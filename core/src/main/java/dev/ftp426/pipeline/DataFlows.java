package dev.ftp426.pipeline;

import dev.ftp426.pipeline.facts.DataFlowRecorder;
import dev.ftp426.report.DataFlowSummary;
import dev.ftp426.tls.TlsConnection;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayQueue;

import java.util.ArrayList;

/**
 * The recorders of (possible) FTP data connections, by flow id, kept a while after the connection closed: the FTP
 * tracker may hand over the transfer after the data connection is gone. Bounded: the oldest closed connections are
 * forgotten first, and a limit on open recorders keeps a flood of candidate connections from growing memory.
 */
final class DataFlows
{
    /** What is kept of one data connection. */
    static final class Entry
    {
        final DataFlowRecorder recorder = new DataFlowRecorder();
        DataFlowSummary summary;
        /** Looks like FTP data (from port 20) but no control connection claimed it. */
        boolean orphan;
        /** TLS of a data connection of a decrypted FTPS session (its bytes are delivered), or null. */
        TlsConnection tls;

        /** Clears everything of the connection it served, for the next one. */
        Entry reset()
        {
            recorder.reset();
            summary = null;
            orphan = false;
            tls = null;
            return this;
        }
    }

    /** Forgotten entries kept for reuse at most: enough for the churn of closed connections, bounded after a burst. */
    static final int MAX_POOLED = 256;

    private final Long2ObjectHashMap<Entry> byFlowId = new Long2ObjectHashMap<>();
    /** Closed connections' flow ids, oldest first (primitive: no boxed id per data connection). */
    private final LongArrayQueue closedOrder = new LongArrayQueue(Long.MIN_VALUE);
    /** Entries whose connection was forgotten: reused (cleared) by the next connections instead of new ones. */
    private final ArrayList<Entry> pool = new ArrayList<>();
    private final int maxOpen;
    private final int maxClosed;
    private int open;
    private long refused;
    private long forgotten;

    DataFlows(final int maxOpen, final int maxClosed)
    {
        this.maxOpen = maxOpen;
        this.maxClosed = maxClosed;
    }

    /** A new recorder for a connection, or null when the limit of open recorders is reached (counted). */
    Entry open(final long flowId)
    {
        if (open >= maxOpen)
        {
            refused++;
            return null;
        }
        // cleared when taken, not when forgotten: the caller closing a connection may still read its own entry
        final Entry entry = pool.isEmpty() ? new Entry() : pool.remove(pool.size() - 1).reset();
        byFlowId.put(flowId, entry);
        open++;
        return entry;
    }

    Entry get(final long flowId)
    {
        return byFlowId.get(flowId);
    }

    void closed(final long flowId)
    {
        open--;
        closedOrder.addLong(flowId);
        while (closedOrder.size() > maxClosed)
        {
            final Entry entry = byFlowId.remove(closedOrder.pollLong());
            if (entry != null && pool.size() < MAX_POOLED)
            {
                pool.add(entry);
            }
            forgotten++;
        }
    }

    /** Forgotten entries waiting to be reused. */
    int pooled()
    {
        return pool.size();
    }

    /** Closed connections whose recorded facts were dropped to keep at most maxClosed. */
    long forgotten()
    {
        return forgotten;
    }

    /** Connections that got no recorder because too many were open at once. */
    long refused()
    {
        return refused;
    }
}
