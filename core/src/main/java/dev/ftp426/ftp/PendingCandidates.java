package dev.ftp426.ftp;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;

/**
 * Connections that may be FTP control on another port but have sent no payload yet: what a session would need of
 * them (addresses, ports, opening frame and time, an urgent mark), by flow id, in parallel arrays.
 * <p>
 * Most such connections are rejected by their first bytes, so they never get an {@link FtpSession}: a slot here costs
 * a few primitives and is reused, where a session would be kilobytes of short-lived objects per connection. Slots
 * are handed out from a free list and the arrays grow by doubling, so steady-state use allocates nothing.
 */
final class PendingCandidates
{
    static final int NONE = -1;
    private static final int INITIAL_CAPACITY = 64;

    /**
     * Slots by mixed flow id: flow ids are consecutive, and the map's own hash keeps consecutive keys in consecutive
     * cells, so the live window of ids (new ones, plus old long-lived ones) piles up in runs that make every miss a
     * long probe. The mix is a bijection, so mixed keys are as unique as flow ids.
     */
    private final Long2LongHashMap slotByFlow = new Long2LongHashMap(NONE);
    private long[] initiatorHi = new long[INITIAL_CAPACITY];
    private long[] initiatorLo = new long[INITIAL_CAPACITY];
    private int[] initiatorPort = new int[INITIAL_CAPACITY];
    private long[] responderHi = new long[INITIAL_CAPACITY];
    private long[] responderLo = new long[INITIAL_CAPACITY];
    private int[] responderPort = new int[INITIAL_CAPACITY];
    private long[] openedFrame = new long[INITIAL_CAPACITY];
    private long[] openedTs = new long[INITIAL_CAPACITY];
    private long[] urgentFrame = new long[INITIAL_CAPACITY];
    private int[] free = new int[INITIAL_CAPACITY];
    private int freeCount;
    private int used;

    int size()
    {
        return slotByFlow.size();
    }

    /** The slot of a pending connection, or {@link #NONE}. */
    int slot(final long flowId)
    {
        return (int)slotByFlow.get(mix(flowId));
    }

    boolean contains(final long flowId)
    {
        return slotByFlow.containsKey(mix(flowId));
    }

    void add(final long flowId, final long iHi, final long iLo, final int iPort, final long rHi, final long rLo,
        final int rPort, final long frame, final long ts)
    {
        final int slot;
        if (freeCount > 0)
        {
            slot = free[--freeCount];
        }
        else
        {
            if (used == openedFrame.length)
            {
                grow();
            }
            slot = used++;
        }
        initiatorHi[slot] = iHi;
        initiatorLo[slot] = iLo;
        initiatorPort[slot] = iPort;
        responderHi[slot] = rHi;
        responderLo[slot] = rLo;
        responderPort[slot] = rPort;
        openedFrame[slot] = frame;
        openedTs[slot] = ts;
        urgentFrame[slot] = FtpTransfer.NONE;
        slotByFlow.put(mix(flowId), slot);
    }

    /** Forgets a pending connection; true if it was pending. Its slot's values stay readable until the next add. */
    boolean remove(final long flowId)
    {
        final int slot = (int)slotByFlow.remove(mix(flowId));
        if (slot == NONE)
        {
            return false;
        }
        free[freeCount++] = slot;
        return true;
    }

    void clear()
    {
        slotByFlow.clear();
        freeCount = 0;
        used = 0;
    }

    void urgent(final int slot, final long frame)
    {
        urgentFrame[slot] = frame;
    }

    long initiatorHi(final int slot)
    {
        return initiatorHi[slot];
    }

    long initiatorLo(final int slot)
    {
        return initiatorLo[slot];
    }

    int initiatorPort(final int slot)
    {
        return initiatorPort[slot];
    }

    long responderHi(final int slot)
    {
        return responderHi[slot];
    }

    long responderLo(final int slot)
    {
        return responderLo[slot];
    }

    int responderPort(final int slot)
    {
        return responderPort[slot];
    }

    long openedFrame(final int slot)
    {
        return openedFrame[slot];
    }

    long openedTs(final int slot)
    {
        return openedTs[slot];
    }

    /** Frame of an urgent segment from the initiator before any payload, or {@link FtpTransfer#NONE}. */
    long urgentFrame(final int slot)
    {
        return urgentFrame[slot];
    }

    /** MurmurHash3's 64-bit finaliser: invertible, so distinct flow ids stay distinct keys. */
    static long mix(final long flowId)
    {
        long x = flowId;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    private void grow()
    {
        final int capacity = openedFrame.length * 2;
        initiatorHi = Arrays.copyOf(initiatorHi, capacity);
        initiatorLo = Arrays.copyOf(initiatorLo, capacity);
        initiatorPort = Arrays.copyOf(initiatorPort, capacity);
        responderHi = Arrays.copyOf(responderHi, capacity);
        responderLo = Arrays.copyOf(responderLo, capacity);
        responderPort = Arrays.copyOf(responderPort, capacity);
        openedFrame = Arrays.copyOf(openedFrame, capacity);
        openedTs = Arrays.copyOf(openedTs, capacity);
        urgentFrame = Arrays.copyOf(urgentFrame, capacity);
        free = Arrays.copyOf(free, capacity);
    }
}
