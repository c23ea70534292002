package dev.ftp426.decode;

import dev.ftp426.pcap.Frame;

/**
 * Decodes one frame's link, IP and TCP (or ICMP error) headers into a reusable {@link DecodedPacket}.
 * <p>
 * One instance per decoding thread: it holds the fragment reassembly state and the counters. Nothing is allocated per
 * packet (the reassembly buffers are allocated once per slot, the first time the slot is used). Bad input never
 * throws: it is counted under a {@link DecodeOutcome} and {@link #decode} returns false.
 */
public final class PacketDecoder
{
    private final DecodeCounters counters = new DecodeCounters();
    private final Defragmenter defragmenter;
    private final LinkDecoder link;
    private final IpDecoder ip;
    private int lastOutcome = -1;

    public PacketDecoder()
    {
        this(new DecodeLimits());
    }

    public PacketDecoder(final DecodeLimits limits)
    {
        defragmenter = new Defragmenter(limits, counters);
        link = new LinkDecoder(limits.maxVlanDepth());
        ip = new IpDecoder(limits, counters, defragmenter);
    }

    /**
     * Decodes {@code frame} into {@code out}.
     *
     * @return true when {@code out} holds an IP packet for the flow stage: a TCP segment, an ICMP error with its
     * quoted packet ({@link DecodedPacket#icmpError()}), or another IP protocol with ports 0. A fragment that completes
     * a datagram returns the whole datagram ({@link DecodedPacket#reassembledFromFragments()}); one that does not
     * returns false.
     */
    public boolean decode(final Frame frame, final DecodedPacket out)
    {
        out.reset(frame.frameNumber(), frame.timestampNanos(), frame.originalLength());
        defragmenter.expire(frame.timestampNanos());
        int outcome = link.decode(
            frame.buffer(), frame.capturedLength(), frame.isTruncated(), frame.linkType(), out);
        if (outcome == LinkDecoder.FOUND)
        {
            outcome = ip.decode(
                frame.buffer(), link.networkOffset(), frame.capturedLength(), link.ipVersion(), frame.timestampNanos(),
                out);
        }
        else if (outcome == DecodeOutcome.UNKNOWN_LINK_TYPE)
        {
            counters.unknownLinkType(frame.linkType());
        }
        counters.outcome(outcome);
        lastOutcome = outcome;
        final boolean decoded = DecodeOutcome.isDecoded(outcome);
        if (decoded && out.truncated())
        {
            counters.decodedTruncated++;
        }
        return decoded;
    }

    /** The {@link DecodeOutcome} of the last {@link #decode} call, or -1 before the first. */
    public int lastOutcome()
    {
        return lastOutcome;
    }

    public DecodeCounters counters()
    {
        return counters;
    }

    /** Datagrams still waiting for fragments. */
    public int pendingFragmentedDatagrams()
    {
        return defragmenter.pending();
    }

    /** Ends the capture: drops every incomplete datagram, counted as expired. */
    public void finish()
    {
        defragmenter.expireAll();
    }
}
