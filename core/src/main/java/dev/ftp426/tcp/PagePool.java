package dev.ftp426.tcp;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fixed-size pages for out-of-order bytes, carved from slabs allocated on first need and never freed, up to a hard
 * page count: the global reassembly cap. Pages are recycled through a free stack, so steady-state reordering
 * allocates nothing.
 */
final class PagePool
{
    static final int PAGES_PER_SLAB = 256;

    private final int pageSize;
    private final int maxPages;
    private final UnsafeBuffer[] slabs;
    private final int[] free;
    private int freeCount;
    private int created;
    private int inUse;

    PagePool(final int pageSize, final long budgetBytes)
    {
        this.pageSize = pageSize;
        this.maxPages = (int)Math.min(Integer.MAX_VALUE - 8, Math.max(0, budgetBytes / pageSize));
        slabs = new UnsafeBuffer[(maxPages + PAGES_PER_SLAB - 1) / PAGES_PER_SLAB];
        free = new int[maxPages];
    }

    int maxPages() { return maxPages; }
    int inUse() { return inUse; }
    int available() { return maxPages - inUse; }

    /** A page id, or -1 when the cap is reached. */
    int acquire()
    {
        final int page;
        if (freeCount > 0)
        {
            page = free[--freeCount];
        }
        else if (created < maxPages)
        {
            page = created++;
            final int slab = page / PAGES_PER_SLAB;
            if (null == slabs[slab])
            {
                slabs[slab] = new UnsafeBuffer(new byte[PAGES_PER_SLAB * pageSize]);
            }
        }
        else
        {
            return -1;
        }
        inUse++;
        return page;
    }

    void release(final int page)
    {
        free[freeCount++] = page;
        inUse--;
    }

    UnsafeBuffer buffer(final int page)
    {
        return slabs[page / PAGES_PER_SLAB];
    }

    int offset(final int page)
    {
        return (page % PAGES_PER_SLAB) * pageSize;
    }
}
