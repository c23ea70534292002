package dev.ftp426.bench.gen;

import java.util.Arrays;

/**
 * Binary min-heap of (time, actor id) in two primitive arrays: the scheduler that interleaves every open flow by its
 * next send time. Ties are broken by actor id so the order never depends on insertion history details.
 */
final class EventQueue
{
    private long[] times;
    private int[] ids;
    private int size;

    EventQueue(final int initialCapacity)
    {
        times = new long[Math.max(16, initialCapacity)];
        ids = new int[times.length];
    }

    int size()
    {
        return size;
    }

    void add(final long time, final int id)
    {
        if (size == times.length)
        {
            times = Arrays.copyOf(times, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!less(time, id, times[parent], ids[parent]))
            {
                break;
            }
            times[i] = times[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        times[i] = time;
        ids[i] = id;
    }

    long peekTime()
    {
        return times[0];
    }

    int peekId()
    {
        return ids[0];
    }

    /** Removes the head; read it first with {@link #peekTime()} and {@link #peekId()}. */
    void poll()
    {
        final int last = --size;
        final long time = times[last];
        final int id = ids[last];
        int i = 0;
        final int half = last >>> 1;
        while (i < half)
        {
            int child = 2 * i + 1;
            final int right = child + 1;
            if (right < last && less(times[right], ids[right], times[child], ids[child]))
            {
                child = right;
            }
            if (!less(times[child], ids[child], time, id))
            {
                break;
            }
            times[i] = times[child];
            ids[i] = ids[child];
            i = child;
        }
        if (last > 0)
        {
            times[i] = time;
            ids[i] = id;
        }
    }

    private static boolean less(final long t1, final int id1, final long t2, final int id2)
    {
        return t1 < t2 || (t1 == t2 && id1 < id2);
    }
}
