package dev.ftp426.flow;

import java.util.Arrays;

/**
 * Maps canonical {@link FlowKey}s to small dense flow ids, with open addressing (linear probing, backward-shift
 * deletion) over primitive arrays, and keeps every flow on one of a few least-recently-seen lists (one per timeout
 * class) so idle expiry and eviction only ever look at list heads.
 * <p>
 * Ids are reused after {@link #remove(int)}, which lets callers pool per-flow state in a plain array indexed by id.
 * The arrays grow by doubling up to {@code maxFlows} and never beyond: when the table is full, {@link #add} returns
 * {@link #NO_FLOW} and the caller evicts (typically {@link #oldest(int)} of its cheapest class) and retries. Nothing
 * allocates except that growth.
 */
public final class FlowTable
{
    public static final int NO_FLOW = -1;

    /**
     * Heap bytes one flow costs in this table at its worst load (key, hash, links, timestamps, and index slots
     * including the doubling headroom); used to turn a memory budget into a flow count.
     */
    public static final int BYTES_PER_FLOW = 96;

    private static final int INITIAL_CAPACITY = 1024;

    private final int maxFlows;
    private final int classCount;
    private int capacity;
    private int size;
    private int highWater;

    private int[] index;
    private int indexMask;

    private long[] aHi;
    private long[] aLo;
    private long[] bHi;
    private long[] bLo;
    private int[] ports;
    private int[] vlan;
    private int[] hashes;
    private int[] prev;
    private int[] next;
    private byte[] timeoutClass;
    private long[] lastSeen;
    private final int[] head;
    private final int[] tail;
    private final int[] classSize;

    private int[] freeIds;
    private int freeCount;

    /**
     * @param maxFlows   hard limit on live flows.
     * @param classCount number of timeout classes (each gets its own recency list), at most 127.
     */
    public FlowTable(final int maxFlows, final int classCount)
    {
        if (maxFlows < 1)
        {
            throw new IllegalArgumentException("maxFlows must be positive: " + maxFlows);
        }
        if (classCount < 1 || classCount > 127)
        {
            throw new IllegalArgumentException("classCount out of range: " + classCount);
        }
        this.maxFlows = maxFlows;
        this.classCount = classCount;
        head = new int[classCount];
        tail = new int[classCount];
        classSize = new int[classCount];
        Arrays.fill(head, NO_FLOW);
        Arrays.fill(tail, NO_FLOW);
        allocate(Math.min(INITIAL_CAPACITY, maxFlows));
    }

    public int maxFlows() { return maxFlows; }
    public int size() { return size; }
    public boolean isFull() { return size >= maxFlows; }
    /** Ids handed out so far are all below this; size any per-id array to at least this. */
    public int idLimit() { return capacity; }
    public int classSize(final int timeoutClass) { return classSize[timeoutClass]; }

    /** The flow id of {@code key}, or {@link #NO_FLOW}. */
    public int find(final FlowKey key)
    {
        int slot = key.hash() & indexMask;
        while (true)
        {
            final int entry = index[slot];
            if (0 == entry)
            {
                return NO_FLOW;
            }
            final int id = entry - 1;
            if (hashes[id] == key.hash() && aLo[id] == key.aLo() && bLo[id] == key.bLo() &&
                ports[id] == packPorts(key) && aHi[id] == key.aHi() && bHi[id] == key.bHi() &&
                vlan[id] == key.vlanKey())
            {
                return id;
            }
            slot = (slot + 1) & indexMask;
        }
    }

    /**
     * Inserts a key that {@link #find} did not find.
     *
     * @return the new flow id, or {@link #NO_FLOW} when the table holds {@code maxFlows} flows.
     */
    public int add(final FlowKey key, final long nowNanos, final int cls)
    {
        if (size >= maxFlows)
        {
            return NO_FLOW;
        }
        final int id;
        if (freeCount > 0)
        {
            id = freeIds[--freeCount];
        }
        else
        {
            if (highWater == capacity)
            {
                allocate(Math.min(maxFlows, capacity * 2));
            }
            id = highWater++;
        }
        aHi[id] = key.aHi();
        aLo[id] = key.aLo();
        bHi[id] = key.bHi();
        bLo[id] = key.bLo();
        ports[id] = packPorts(key);
        vlan[id] = key.vlanKey();
        hashes[id] = key.hash();
        insertIndex(id);
        size++;
        lastSeen[id] = nowNanos;
        timeoutClass[id] = (byte)cls;
        linkTail(id, cls);
        return id;
    }

    /** Records activity: moves the flow to the tail of its (possibly new) class list. */
    public void touch(final int id, final long nowNanos, final int cls)
    {
        unlink(id);
        lastSeen[id] = Math.max(lastSeen[id], nowNanos);
        timeoutClass[id] = (byte)cls;
        linkTail(id, cls);
    }

    /** Removes a live flow; its id may be handed out again by the next {@link #add}. */
    public void remove(final int id)
    {
        unlink(id);
        removeIndex(id);
        freeIds[freeCount++] = id;
        size--;
    }

    /** The least recently seen flow of a class, or {@link #NO_FLOW}. */
    public int oldest(final int timeoutClass)
    {
        return head[timeoutClass];
    }

    public long lastSeen(final int id) { return lastSeen[id]; }
    public int timeoutClass(final int id) { return timeoutClass[id]; }

    /** Copies the key of a live flow into {@code out}, in canonical order. */
    public FlowKey keyOf(final int id, final FlowKey out)
    {
        return out.set(aHi[id], aLo[id], ports[id] >>> 16, bHi[id], bLo[id], ports[id] & 0xffff, vlan[id]);
    }

    private static int packPorts(final FlowKey key)
    {
        return (key.aPort() << 16) | (key.bPort() & 0xffff);
    }

    private void linkTail(final int id, final int cls)
    {
        final int t = tail[cls];
        prev[id] = t;
        next[id] = NO_FLOW;
        if (NO_FLOW == t)
        {
            head[cls] = id;
        }
        else
        {
            next[t] = id;
        }
        tail[cls] = id;
        classSize[cls]++;
    }

    private void unlink(final int id)
    {
        final int cls = timeoutClass[id];
        final int p = prev[id];
        final int n = next[id];
        if (NO_FLOW == p)
        {
            head[cls] = n;
        }
        else
        {
            next[p] = n;
        }
        if (NO_FLOW == n)
        {
            tail[cls] = p;
        }
        else
        {
            prev[n] = p;
        }
        classSize[cls]--;
    }

    private void insertIndex(final int id)
    {
        int slot = hashes[id] & indexMask;
        while (0 != index[slot])
        {
            slot = (slot + 1) & indexMask;
        }
        index[slot] = id + 1;
    }

    private void removeIndex(final int id)
    {
        int slot = hashes[id] & indexMask;
        while (index[slot] != id + 1)
        {
            slot = (slot + 1) & indexMask;
        }
        // backward-shift deletion keeps probe chains intact without tombstones
        int hole = slot;
        int probe = (slot + 1) & indexMask;
        while (0 != index[probe])
        {
            final int ideal = hashes[index[probe] - 1] & indexMask;
            if (((probe - ideal) & indexMask) >= ((probe - hole) & indexMask))
            {
                index[hole] = index[probe];
                hole = probe;
            }
            probe = (probe + 1) & indexMask;
        }
        index[hole] = 0;
    }

    private void allocate(final int newCapacity)
    {
        final int oldCapacity = capacity;
        aHi = grow(aHi, newCapacity);
        aLo = grow(aLo, newCapacity);
        bHi = grow(bHi, newCapacity);
        bLo = grow(bLo, newCapacity);
        lastSeen = grow(lastSeen, newCapacity);
        ports = grow(ports, newCapacity);
        vlan = grow(vlan, newCapacity);
        hashes = grow(hashes, newCapacity);
        prev = grow(prev, newCapacity);
        next = grow(next, newCapacity);
        freeIds = grow(freeIds, newCapacity);
        timeoutClass = null == timeoutClass ?
            new byte[newCapacity] : Arrays.copyOf(timeoutClass, newCapacity);
        capacity = newCapacity;

        final int indexSize = Integer.highestOneBit(Math.max(2, newCapacity) * 2 - 1) * 2;
        index = new int[indexSize];
        indexMask = indexSize - 1;
        for (int id = 0; id < oldCapacity; id++)
        {
            if (isLive(id))
            {
                insertIndex(id);
            }
        }
    }

    private boolean isLive(final int id)
    {
        // growth happens only when no id is free, so every id below the high-water mark is live
        return id < highWater;
    }

    private static long[] grow(final long[] array, final int length)
    {
        return null == array ? new long[length] : Arrays.copyOf(array, length);
    }

    private static int[] grow(final int[] array, final int length)
    {
        return null == array ? new int[length] : Arrays.copyOf(array, length);
    }
}
