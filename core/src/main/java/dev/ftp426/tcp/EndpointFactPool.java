package dev.ftp426.tcp;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Hands out the side objects a {@link TcpEndpoint} creates only when a rare event happens (RST, FIN, zero window,
 * TTL change, loss, analysis events), takes them back when the endpoint is reused or its flow evicted, and keeps
 * a bounded number of spares so flows that come and go allocate nothing after warm-up. Counts the heap they hold,
 * for the memory budget.
 */
final class EndpointFactPool
{
    /** Heap bytes of one endpoint's event counter array (16-byte header, one int per event type). */
    static final int EVENT_COUNTS_BYTES = (16 + 4 * (TcpEventType.MAX_TYPE + 1) + 7) & ~7;
    /** Spares kept per kind (about 0.5 MiB in all at most); beyond it returned objects are left to the collector. */
    static final int MAX_SPARES = 1024;

    private final Spares<ResetFacts> resets = new Spares<>(ResetFacts::new, ResetFacts.BYTES);
    private final Spares<FinFacts> fins = new Spares<>(FinFacts::new, FinFacts.BYTES);
    private final Spares<ZeroWindowSpans> zeroWindows = new Spares<>(ZeroWindowSpans::new, ZeroWindowSpans.BYTES);
    private final Spares<TtlChanges> ttlChanges = new Spares<>(TtlChanges::new, TtlChanges.BYTES);
    private final Spares<Irregularities> irregularities = new Spares<>(Irregularities::new, Irregularities.BYTES);
    private final Spares<int[]> eventCounts =
        new Spares<>(() -> new int[TcpEventType.MAX_TYPE + 1], EVENT_COUNTS_BYTES);
    private long bytesInUse;

    ResetFacts resetFacts(final TcpEndpoint ep)
    {
        if (null == ep.resets)
        {
            ep.resets = resets.take().reset();
        }
        return ep.resets;
    }

    FinFacts finFacts(final TcpEndpoint ep)
    {
        if (null == ep.fin)
        {
            ep.fin = fins.take().reset();
        }
        return ep.fin;
    }

    ZeroWindowSpans zeroWindowSpans(final TcpEndpoint ep)
    {
        if (null == ep.zeroWindows)
        {
            ep.zeroWindows = zeroWindows.take().reset();
        }
        return ep.zeroWindows;
    }

    TtlChanges ttlChanges(final TcpEndpoint ep)
    {
        if (null == ep.ttlChanges)
        {
            ep.ttlChanges = ttlChanges.take().reset(ep.ttlFirst);
        }
        return ep.ttlChanges;
    }

    Irregularities irregularities(final TcpEndpoint ep)
    {
        if (null == ep.irregularities)
        {
            ep.irregularities = irregularities.take().reset();
        }
        return ep.irregularities;
    }

    int[] eventCounts(final TcpEndpoint ep)
    {
        if (null == ep.eventCounts)
        {
            final int[] counts = eventCounts.take();
            Arrays.fill(counts, 0);
            ep.eventCounts = counts;
        }
        return ep.eventCounts;
    }

    /** Takes back every side object of {@code ep}; its getters then answer as if those events never happened. */
    void release(final TcpEndpoint ep)
    {
        if (null != ep.resets)
        {
            resets.give(ep.resets);
            ep.resets = null;
        }
        if (null != ep.fin)
        {
            fins.give(ep.fin);
            ep.fin = null;
        }
        if (null != ep.zeroWindows)
        {
            zeroWindows.give(ep.zeroWindows);
            ep.zeroWindows = null;
        }
        if (null != ep.ttlChanges)
        {
            ttlChanges.give(ep.ttlChanges);
            ep.ttlChanges = null;
        }
        if (null != ep.irregularities)
        {
            irregularities.give(ep.irregularities);
            ep.irregularities = null;
        }
        if (null != ep.eventCounts)
        {
            eventCounts.give(ep.eventCounts);
            ep.eventCounts = null;
        }
    }

    /** Heap held by side objects attached to endpoints right now (the spares, at most about 0.5 MiB, left out). */
    long bytesInUse()
    {
        return bytesInUse;
    }

    /** A free stack of one kind of side object. */
    private final class Spares<T>
    {
        private final Supplier<T> factory;
        private final int bytesEach;
        private Object[] items = new Object[16];
        private int count;

        Spares(final Supplier<T> factory, final int bytesEach)
        {
            this.factory = factory;
            this.bytesEach = bytesEach;
        }

        @SuppressWarnings("unchecked")
        T take()
        {
            bytesInUse += bytesEach;
            if (count > 0)
            {
                final T item = (T)items[--count];
                items[count] = null;
                return item;
            }
            return factory.get();
        }

        void give(final T item)
        {
            bytesInUse -= bytesEach;
            if (count < MAX_SPARES)
            {
                if (count == items.length)
                {
                    items = Arrays.copyOf(items, Math.min(MAX_SPARES, 2 * count));
                }
                items[count++] = item;
            }
        }
    }
}
