package dev.ftp426.decode;

/**
 * Counts of what the decoder saw, for the run summary: frames by {@link DecodeOutcome}, the link types it could not
 * decode, and the fragment reassembly's bookkeeping. Single-writer (the decoding thread); plain fields.
 */
public final class DecodeCounters
{
    /** Distinct unknown link types remembered by value; more are only counted in total. */
    public static final int MAX_UNKNOWN_LINK_TYPES = 8;

    private final long[] outcomes = new long[DecodeOutcome.COUNT];
    private final int[] unknownLinkTypes = new int[MAX_UNKNOWN_LINK_TYPES];
    private final long[] unknownLinkTypeFrames = new long[MAX_UNKNOWN_LINK_TYPES];
    private int unknownLinkTypeCount;

    long decodedTruncated;
    long fragmentsHeld;
    long datagramsReassembled;
    long datagramsExpired;
    long fragmentsExpired;
    long fragmentsDroppedByLimit;
    long badFragments;
    long overlappingFragments;
    long conflictingOverlaps;
    long atomicFragments;
    long jumbograms;

    void outcome(final int outcome)
    {
        outcomes[outcome]++;
    }

    void unknownLinkType(final int linkType)
    {
        for (int i = 0; i < unknownLinkTypeCount; i++)
        {
            if (unknownLinkTypes[i] == linkType)
            {
                unknownLinkTypeFrames[i]++;
                return;
            }
        }
        if (unknownLinkTypeCount < MAX_UNKNOWN_LINK_TYPES)
        {
            unknownLinkTypes[unknownLinkTypeCount] = linkType;
            unknownLinkTypeFrames[unknownLinkTypeCount] = 1;
            unknownLinkTypeCount++;
        }
    }

    /** Adds another decoder's counts to these (the parallel pipeline joins its workers' decoders this way). */
    public void add(final DecodeCounters other)
    {
        for (int i = 0; i < outcomes.length; i++)
        {
            outcomes[i] += other.outcomes[i];
        }
        for (int i = 0; i < other.unknownLinkTypeCount; i++)
        {
            int j = 0;
            while (j < unknownLinkTypeCount && unknownLinkTypes[j] != other.unknownLinkTypes[i])
            {
                j++;
            }
            if (j == unknownLinkTypeCount && unknownLinkTypeCount < MAX_UNKNOWN_LINK_TYPES)
            {
                unknownLinkTypes[j] = other.unknownLinkTypes[i];
                unknownLinkTypeCount++;
            }
            if (j < unknownLinkTypeCount)
            {
                unknownLinkTypeFrames[j] += other.unknownLinkTypeFrames[i];
            }
        }
        decodedTruncated += other.decodedTruncated;
        fragmentsHeld += other.fragmentsHeld;
        datagramsReassembled += other.datagramsReassembled;
        datagramsExpired += other.datagramsExpired;
        fragmentsExpired += other.fragmentsExpired;
        fragmentsDroppedByLimit += other.fragmentsDroppedByLimit;
        badFragments += other.badFragments;
        overlappingFragments += other.overlappingFragments;
        conflictingOverlaps += other.conflictingOverlaps;
        atomicFragments += other.atomicFragments;
        jumbograms += other.jumbograms;
    }

    /** Frames that ended with the given {@link DecodeOutcome}. */
    public long frames(final int outcome)
    {
        return outcomes[outcome];
    }

    /** All frames offered to the decoder. */
    public long frames()
    {
        long total = 0;
        for (final long count : outcomes)
        {
            total += count;
        }
        return total;
    }

    public long tcp()
    {
        return outcomes[DecodeOutcome.TCP];
    }

    public long otherIp()
    {
        return outcomes[DecodeOutcome.OTHER_IP];
    }

    /** ICMP/ICMPv6 errors decoded with their quoted packet. */
    public long icmpErrors()
    {
        return outcomes[DecodeOutcome.ICMP_ERROR];
    }

    public long nonIp()
    {
        return outcomes[DecodeOutcome.NON_IP];
    }

    public long unknownLinkType()
    {
        return outcomes[DecodeOutcome.UNKNOWN_LINK_TYPE];
    }

    /** Frames the capture cut before the headers needed to decode them. */
    public long truncated()
    {
        return outcomes[DecodeOutcome.TRUNCATED];
    }

    public long badIpHeader()
    {
        return outcomes[DecodeOutcome.BAD_IP_HEADER];
    }

    public long badTcpHeader()
    {
        return outcomes[DecodeOutcome.BAD_TCP_HEADER];
    }

    /**
     * Packets decoded (returned true) whose bytes the snaplen cut short ({@link DecodedPacket#truncated()}): a capture
     * artefact, not loss. Frames cut before their headers are in {@link #truncated()}.
     */
    public long decodedTruncated()
    {
        return decodedTruncated;
    }

    /** Number of distinct unknown link types remembered (at most {@link #MAX_UNKNOWN_LINK_TYPES}). */
    public int unknownLinkTypeCount()
    {
        return unknownLinkTypeCount;
    }

    public int unknownLinkTypeValue(final int index)
    {
        return unknownLinkTypes[index];
    }

    public long unknownLinkTypeFrames(final int index)
    {
        return unknownLinkTypeFrames[index];
    }

    /** Fragments accepted into a pending datagram. */
    public long fragmentsHeld()
    {
        return fragmentsHeld;
    }

    public long datagramsReassembled()
    {
        return datagramsReassembled;
    }

    /** Incomplete datagrams dropped because their time ran out (or the capture ended). */
    public long datagramsExpired()
    {
        return datagramsExpired;
    }

    /** Fragments that were held in datagrams that expired. */
    public long fragmentsExpired()
    {
        return fragmentsExpired;
    }

    /** Fragments dropped because the datagram or byte limit of {@link DecodeLimits} was reached. */
    public long fragmentsDroppedByLimit()
    {
        return fragmentsDroppedByLimit;
    }

    /** Fragments dropped for inconsistent offsets/lengths or because the snaplen cut them. */
    public long badFragments()
    {
        return badFragments;
    }

    /** Fragments that overlapped data already held (the first copy wins). */
    public long overlappingFragments()
    {
        return overlappingFragments;
    }

    /** Overlapping fragments whose bytes differed from the bytes already held. */
    public long conflictingOverlaps()
    {
        return conflictingOverlaps;
    }

    /** IPv6 fragment headers with offset 0 and no more fragments, decoded as whole packets. */
    public long atomicFragments()
    {
        return atomicFragments;
    }

    /** IPv6 jumbograms, skipped (counted as bad IP headers). */
    public long jumbograms()
    {
        return jumbograms;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("DecodeCounters{");
        for (int i = 0; i < DecodeOutcome.COUNT; i++)
        {
            sb.append(DecodeOutcome.name(i)).append('=').append(outcomes[i]).append(", ");
        }
        for (int i = 0; i < unknownLinkTypeCount; i++)
        {
            sb.append("linktype-").append(unknownLinkTypes[i]).append('=').append(unknownLinkTypeFrames[i])
                .append(", ");
        }
        return sb.append("decodedTruncated=").append(decodedTruncated)
            .append(", fragmentsHeld=").append(fragmentsHeld)
            .append(", datagramsReassembled=").append(datagramsReassembled)
            .append(", datagramsExpired=").append(datagramsExpired)
            .append(", fragmentsExpired=").append(fragmentsExpired)
            .append(", fragmentsDroppedByLimit=").append(fragmentsDroppedByLimit)
            .append(", badFragments=").append(badFragments)
            .append(", overlappingFragments=").append(overlappingFragments)
            .append(", conflictingOverlaps=").append(conflictingOverlaps)
            .append(", atomicFragments=").append(atomicFragments)
            .append(", jumbograms=").append(jumbograms)
            .append('}').toString();
    }
}
