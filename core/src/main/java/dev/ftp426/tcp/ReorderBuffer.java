package dev.ftp426.tcp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Out-of-order bytes of one direction, waiting for the hole before them: a sliding window of pages (from a shared
 * {@link PagePool}) addressed by absolute stream position, plus a short sorted list of the byte ranges present.
 * <p>
 * Overlaps are resolved first-wins: bytes already buffered are never overwritten, and a differing overlap is
 * counted in {@link #lastConflictBytes()}. Pooled by the tracker; attached to an endpoint only while it holds data.
 */
final class ReorderBuffer
{
    static final int PAGE_SIZE = 2048;
    /** Disjoint ranges kept at most; more fragments than this count as reaching the cap. */
    static final int MAX_RANGES = 64;

    private final PagePool pool;
    private final int[] pages;
    private final long[] pagePositions;
    private final long[] starts = new long[MAX_RANGES];
    private final long[] ends = new long[MAX_RANGES];
    private int rangeCount;
    private long bufferedBytes;
    private long lastConflictBytes;
    private long lastConflictOffset;
    private int pagesHeld;
    private long lowPage;
    private long highPage;
    private boolean withBytes;

    ReorderBuffer(final PagePool pool, final int capBytes)
    {
        this.pool = pool;
        pages = new int[(capBytes + PAGE_SIZE - 1) / PAGE_SIZE + 2];
        pagePositions = new long[pages.length];
        Arrays.fill(pages, -1);
    }

    /** Whether bytes are kept (payload delivery on) or only which ranges were seen (facts only). */
    void withBytes(final boolean withBytes) { this.withBytes = withBytes; }
    boolean withBytes() { return withBytes; }
    boolean isEmpty() { return 0 == rangeCount; }
    long lastEnd() { return ends[rangeCount - 1]; }
    int rangeCount() { return rangeCount; }
    long firstStart() { return starts[0]; }
    long firstEnd() { return ends[0]; }
    long bufferedBytes() { return bufferedBytes; }
    long lastConflictBytes() { return lastConflictBytes; }
    long lastConflictOffset() { return lastConflictOffset; }
    int pagesHeld() { return pagesHeld; }

    /** True when a range starting at {@code pos} could not be added (the range list is full). */
    boolean rangesFull() { return rangeCount >= MAX_RANGES - 1; }

    /**
     * Copies the bytes of [pos, pos + length) not already buffered. The caller guarantees the span lies inside the
     * window (at or after the delivery point, within the per-direction cap).
     *
     * @return false, storing nothing, when the page pool cannot supply the pages needed.
     */
    boolean store(final long pos, final DirectBuffer src, final int srcOffset, final int length)
    {
        lastConflictBytes = 0;
        final long end = pos + length;
        if (!withBytes)
        {
            final long before = coveredBytes();
            addRange(pos, end);
            bufferedBytes += coveredBytes() - before;
            return true;
        }
        int needed = 0;
        for (long p = pageStart(pos); p < end; p += PAGE_SIZE)
        {
            final int s = slot(p);
            if (-1 == pages[s])
            {
                needed++;
            }
            else if (pagePositions[s] != p)
            {
                return false; // outside the window the caller promised; refuse rather than corrupt
            }
        }
        if (needed > pool.available())
        {
            return false;
        }
        for (long p = pageStart(pos); p < end; p += PAGE_SIZE)
        {
            final int s = slot(p);
            if (-1 == pages[s])
            {
                pages[s] = pool.acquire();
                pagePositions[s] = p;
                if (0 == pagesHeld++)
                {
                    lowPage = p;
                    highPage = p;
                }
                else
                {
                    lowPage = Math.min(lowPage, p);
                    highPage = Math.max(highPage, p);
                }
            }
        }

        long p = pos;
        int i = 0;
        while (p < end)
        {
            while (i < rangeCount && ends[i] <= p)
            {
                i++;
            }
            if (i < rangeCount && starts[i] <= p)
            {
                final long overlapEnd = Math.min(end, ends[i]);
                compare(p, src, srcOffset + (int)(p - pos), (int)(overlapEnd - p));
                p = overlapEnd;
            }
            else
            {
                final long freeEnd = i < rangeCount ? Math.min(end, starts[i]) : end;
                copyIn(p, src, srcOffset + (int)(p - pos), (int)(freeEnd - p));
                bufferedBytes += freeEnd - p;
                p = freeEnd;
            }
        }
        addRange(pos, end);
        return true;
    }

    /** Counts bytes of [pos, pos + length) in {@code src} that differ from the buffered ones (all buffered). */
    long conflicts(final long pos, final DirectBuffer src, final int srcOffset, final int length)
    {
        lastConflictBytes = 0;
        if (withBytes && length > 0)
        {
            compare(pos, src, srcOffset, length);
        }
        return lastConflictBytes;
    }

    /** Buffer holding the byte at {@code pos}; valid with {@link #offsetOf(long)} for {@link #chunkLength}. */
    UnsafeBuffer bufferOf(final long pos)
    {
        return pool.buffer(pages[slot(pos)]);
    }

    int offsetOf(final long pos)
    {
        return pool.offset(pages[slot(pos)]) + (int)(pos - pageStart(pos));
    }

    /** Contiguous bytes readable at {@code pos} without crossing a page, capped at {@code end}. */
    static int chunkLength(final long pos, final long end)
    {
        return (int)Math.min(end - pos, PAGE_SIZE - (pos - pageStart(pos)));
    }

    /** Drops everything below {@code pos}: ranges are trimmed and fully passed pages go back to the pool. */
    void discardBelow(final long pos)
    {
        int drop = 0;
        while (drop < rangeCount && ends[drop] <= pos)
        {
            bufferedBytes -= ends[drop] - starts[drop];
            drop++;
        }
        if (drop > 0)
        {
            System.arraycopy(starts, drop, starts, 0, rangeCount - drop);
            System.arraycopy(ends, drop, ends, 0, rangeCount - drop);
            rangeCount -= drop;
        }
        if (rangeCount > 0 && starts[0] < pos)
        {
            bufferedBytes -= pos - starts[0];
            starts[0] = pos;
        }
        releasePages(0 == rangeCount ? Long.MAX_VALUE : pos);
    }

    /** Returns the pages lying wholly below {@code limit}; only the span of held pages is visited. */
    private void releasePages(final long limit)
    {
        if (0 == pagesHeld)
        {
            return;
        }
        long p = lowPage;
        while (p <= highPage && p + PAGE_SIZE <= limit)
        {
            final int s = slot(p);
            if (-1 != pages[s] && pagePositions[s] == p)
            {
                pool.release(pages[s]);
                pages[s] = -1;
                pagesHeld--;
            }
            p += PAGE_SIZE;
        }
        lowPage = p;
    }

    /** Returns every page to the pool and forgets all ranges. */
    void clear()
    {
        releasePages(Long.MAX_VALUE);
        pagesHeld = 0;
        rangeCount = 0;
        bufferedBytes = 0;
    }

    private long coveredBytes()
    {
        long total = 0;
        for (int i = 0; i < rangeCount; i++)
        {
            total += ends[i] - starts[i];
        }
        return total;
    }

    private void compare(final long pos, final DirectBuffer src, final int srcOffset, final int length)
    {
        long conflicts = 0;
        long p = pos;
        int o = srcOffset;
        final long end = pos + length;
        while (p < end)
        {
            final int n = chunkLength(p, end);
            final UnsafeBuffer buffer = bufferOf(p);
            final int off = offsetOf(p);
            for (int k = 0; k < n; k++)
            {
                if (buffer.getByte(off + k) != src.getByte(o + k))
                {
                    if (0 == conflicts && 0 == lastConflictBytes)
                    {
                        lastConflictOffset = p + k;
                    }
                    conflicts++;
                }
            }
            p += n;
            o += n;
        }
        lastConflictBytes += conflicts;
    }

    private void copyIn(final long pos, final DirectBuffer src, final int srcOffset, final int length)
    {
        long p = pos;
        int o = srcOffset;
        final long end = pos + length;
        while (p < end)
        {
            final int n = chunkLength(p, end);
            bufferOf(p).putBytes(offsetOf(p), src, o, n);
            p += n;
            o += n;
        }
    }

    private void addRange(final long start, final long end)
    {
        int i = 0;
        while (i < rangeCount && ends[i] < start)
        {
            i++;
        }
        int j = i;
        long s = start;
        long e = end;
        while (j < rangeCount && starts[j] <= end)
        {
            s = Math.min(s, starts[j]);
            e = Math.max(e, ends[j]);
            j++;
        }
        final int removed = j - i;
        if (0 == removed)
        {
            System.arraycopy(starts, i, starts, i + 1, rangeCount - i);
            System.arraycopy(ends, i, ends, i + 1, rangeCount - i);
            rangeCount++;
        }
        else if (removed > 1)
        {
            System.arraycopy(starts, j, starts, i + 1, rangeCount - j);
            System.arraycopy(ends, j, ends, i + 1, rangeCount - j);
            rangeCount -= removed - 1;
        }
        starts[i] = s;
        ends[i] = e;
    }

    private int slot(final long pos)
    {
        return (int)Math.floorMod(Math.floorDiv(pos, PAGE_SIZE), (long)pages.length);
    }

    private static long pageStart(final long pos)
    {
        return pos - Math.floorMod(pos, (long)PAGE_SIZE);
    }
}
