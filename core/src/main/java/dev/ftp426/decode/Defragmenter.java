package dev.ftp426.decode;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * IPv4 and IPv6 fragment reassembly in bounded memory.
 * <p>
 * A datagram is keyed by (version, source, destination, identification, protocol) and held in one of a fixed number
 * of slots; each slot owns a 64 KiB buffer allocated the first time the slot is used and reused afterwards, plus a
 * bitmap of the 8-byte units already filled. Overlapping data keeps the first copy (the usual end-host policy) and
 * counts the overlap, and separately the overlaps whose bytes differ. Time is the capture time: a datagram still
 * incomplete {@link DecodeLimits#fragmentTimeoutNanos()} after its first fragment is dropped and counted.
 * <p>
 * Only the fragmentable part (the IPv4 payload, or what follows the IPv6 fragment header) is reassembled; the caller
 * keeps the header of the fragment that completed the datagram.
 */
public final class Defragmenter
{
    /** The fragment was kept; the datagram is not complete. */
    public static final int HELD = 0;
    /** The fragment completed its datagram: see {@link #buffer()} and {@link #length()}. */
    public static final int COMPLETE = 1;
    /** Dropped: no free slot or the byte limit was reached. */
    public static final int DROPPED_BY_LIMIT = 2;
    /** Dropped: offsets or lengths inconsistent with the datagram, or beyond 65535 bytes. */
    public static final int BAD = 3;

    /** Largest reassembled payload: an IP datagram cannot exceed 65535 bytes. */
    public static final int MAX_DATAGRAM = 65535;
    private static final int UNITS = (MAX_DATAGRAM + 8) >> 3;
    private static final int BITMAP_WORDS = (UNITS + 63) >> 6;

    private final DecodeLimits limits;
    private final DecodeCounters counters;
    private final Slot[] slots;
    private final UnsafeBuffer result = new UnsafeBuffer(0, 0);
    private int active;
    private int heldBytes;
    private long earliestDeadline = Long.MAX_VALUE;
    private int resultLength;
    private int resultNextHeader;

    public Defragmenter(final DecodeLimits limits, final DecodeCounters counters)
    {
        this.limits = limits;
        this.counters = counters;
        this.slots = new Slot[limits.maxPendingDatagrams()];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = new Slot();
        }
    }

    /**
     * Adds one fragment.
     *
     * @param version        4 or 6.
     * @param id             IPv4 identification or IPv6 fragment identification.
     * @param protocol       IPv4 protocol, or the next header named by the IPv6 fragment header.
     * @param fragmentOffset byte offset of this fragment's data in the datagram.
     * @param more           the more-fragments flag.
     * @param source         buffer holding the fragment data.
     * @param dataOffset     offset of the fragment data in {@code source}.
     * @param dataLength     length of the fragment data (all of it must be captured).
     * @param nowNanos       capture time of the fragment.
     * @return {@link #HELD}, {@link #COMPLETE}, {@link #DROPPED_BY_LIMIT} or {@link #BAD}.
     */
    public int offer(
        final int version,
        final long srcHi,
        final long srcLo,
        final long dstHi,
        final long dstLo,
        final long id,
        final int protocol,
        final int fragmentOffset,
        final boolean more,
        final DirectBuffer source,
        final int dataOffset,
        final int dataLength,
        final long nowNanos)
    {
        expire(nowNanos);
        final int end = fragmentOffset + dataLength;
        if (end > MAX_DATAGRAM || (more && (dataLength & 7) != 0) || (more && dataLength == 0))
        {
            counters.badFragments++;
            return BAD;
        }

        Slot slot = find(version, srcHi, srcLo, dstHi, dstLo, id, protocol);
        if (null == slot)
        {
            slot = freeSlot();
            if (null == slot || heldBytes + dataLength > limits.maxPendingBytes())
            {
                counters.fragmentsDroppedByLimit++;
                return DROPPED_BY_LIMIT;
            }
            slot.open(version, srcHi, srcLo, dstHi, dstLo, id, protocol, nowNanos + limits.fragmentTimeoutNanos());
            active++;
            earliestDeadline = Math.min(earliestDeadline, slot.deadline);
        }
        else if (heldBytes + dataLength > limits.maxPendingBytes())
        {
            counters.fragmentsDroppedByLimit++;
            return DROPPED_BY_LIMIT;
        }

        if ((slot.totalLength >= 0 && end > slot.totalLength) || (!more && (end < slot.maxEnd ||
            (slot.totalLength >= 0 && end != slot.totalLength))))
        {
            counters.badFragments++;
            return BAD;
        }

        final boolean overlap = slot.add(source, dataOffset, fragmentOffset, end);
        heldBytes += slot.lastAdded;
        slot.fragments++;
        counters.fragmentsHeld++;
        if (overlap)
        {
            counters.overlappingFragments++;
            if (slot.lastConflict)
            {
                counters.conflictingOverlaps++;
            }
        }
        if (!more)
        {
            slot.totalLength = end;
        }

        if (slot.totalLength >= 0 && slot.coveredUnits == (slot.totalLength + 7) >> 3)
        {
            result.wrap(slot.data, 0, slot.totalLength);
            resultLength = slot.totalLength;
            resultNextHeader = slot.protocol;
            release(slot);
            counters.datagramsReassembled++;
            return COMPLETE;
        }
        return HELD;
    }

    /** The reassembled datagram payload after {@link #COMPLETE}; valid until the next call to {@link #offer}. */
    public DirectBuffer buffer()
    {
        return result;
    }

    public int length()
    {
        return resultLength;
    }

    /** The protocol (IPv6: the first next header of the fragmentable part) of the last completed datagram. */
    public int protocol()
    {
        return resultNextHeader;
    }

    /** Datagrams under reassembly. */
    public int pending()
    {
        return active;
    }

    /** Fragment bytes held across pending datagrams. */
    public int heldBytes()
    {
        return heldBytes;
    }

    /** Drops datagrams whose deadline is at or before {@code nowNanos}; cheap when nothing is due. */
    public void expire(final long nowNanos)
    {
        if (active == 0 || nowNanos < earliestDeadline)
        {
            return;
        }
        long next = Long.MAX_VALUE;
        for (final Slot slot : slots)
        {
            if (slot.inUse)
            {
                if (slot.deadline <= nowNanos)
                {
                    expired(slot);
                }
                else
                {
                    next = Math.min(next, slot.deadline);
                }
            }
        }
        earliestDeadline = next;
    }

    /** Drops every pending datagram as expired, e.g. at the end of a capture. */
    public void expireAll()
    {
        for (final Slot slot : slots)
        {
            if (slot.inUse)
            {
                expired(slot);
            }
        }
        earliestDeadline = Long.MAX_VALUE;
    }

    private void expired(final Slot slot)
    {
        counters.datagramsExpired++;
        counters.fragmentsExpired += slot.fragments;
        release(slot);
    }

    private void release(final Slot slot)
    {
        heldBytes -= slot.held;
        active--;
        slot.close();
    }

    private Slot find(
        final int version,
        final long srcHi,
        final long srcLo,
        final long dstHi,
        final long dstLo,
        final long id,
        final int protocol)
    {
        if (active == 0)
        {
            return null;
        }
        for (final Slot slot : slots)
        {
            if (slot.inUse && slot.id == id && slot.srcLo == srcLo && slot.dstLo == dstLo && slot.srcHi == srcHi &&
                slot.dstHi == dstHi && slot.protocol == protocol && slot.version == version)
            {
                return slot;
            }
        }
        return null;
    }

    private Slot freeSlot()
    {
        if (active == slots.length)
        {
            return null;
        }
        for (final Slot slot : slots)
        {
            if (!slot.inUse)
            {
                return slot;
            }
        }
        return null;
    }

    private static final class Slot
    {
        private final long[] covered = new long[BITMAP_WORDS];
        private byte[] data;
        private boolean inUse;
        private int version;
        private long srcHi;
        private long srcLo;
        private long dstHi;
        private long dstLo;
        private long id;
        private int protocol;
        private long deadline;
        private int totalLength;
        private int maxEnd;
        private int coveredUnits;
        private int held;
        private int fragments;
        private int lastAdded;
        private boolean lastConflict;

        void open(
            final int version,
            final long srcHi,
            final long srcLo,
            final long dstHi,
            final long dstLo,
            final long id,
            final int protocol,
            final long deadline)
        {
            if (null == data)
            {
                data = new byte[MAX_DATAGRAM + 8];
            }
            inUse = true;
            this.version = version;
            this.srcHi = srcHi;
            this.srcLo = srcLo;
            this.dstHi = dstHi;
            this.dstLo = dstLo;
            this.id = id;
            this.protocol = protocol;
            this.deadline = deadline;
            totalLength = -1;
            maxEnd = 0;
            coveredUnits = 0;
            held = 0;
            fragments = 0;
        }

        void close()
        {
            Arrays.fill(covered, 0, Math.min(BITMAP_WORDS, ((maxEnd + 7) >> 9) + 1), 0L);
            inUse = false;
        }

        /** Copies the units not yet covered; returns true when some were (the first copy wins). */
        boolean add(final DirectBuffer source, final int sourceOffset, final int start, final int end)
        {
            boolean overlap = false;
            boolean conflict = false;
            int added = 0;
            final int lastUnit = (end + 7) >> 3;
            for (int unit = start >> 3; unit < lastUnit; unit++)
            {
                final int unitStart = unit << 3;
                final int unitEnd = Math.min(unitStart + 8, end);
                final int from = sourceOffset + unitStart - start;
                final long bit = 1L << (unit & 63);
                if ((covered[unit >> 6] & bit) != 0)
                {
                    overlap = true;
                    if (!conflict)
                    {
                        for (int i = unitStart; i < unitEnd; i++)
                        {
                            if (data[i] != source.getByte(from + i - unitStart))
                            {
                                conflict = true;
                                break;
                            }
                        }
                    }
                }
                else
                {
                    source.getBytes(from, data, unitStart, unitEnd - unitStart);
                    covered[unit >> 6] |= bit;
                    coveredUnits++;
                    added += unitEnd - unitStart;
                }
            }
            maxEnd = Math.max(maxEnd, end);
            held += added;
            lastAdded = added;
            lastConflict = conflict;
            return overlap;
        }
    }
}
