package dev.ftp426.decode;

/**
 * What became of one frame in {@link PacketDecoder}: exactly one outcome per frame, counted in {@link DecodeCounters}.
 */
public final class DecodeOutcome
{
    /** A TCP segment: the packet is ready for the flow stage. */
    public static final int TCP = 0;
    /** An IP packet of another protocol (UDP, ICMP that is not an error, ESP...), ports 0. */
    public static final int OTHER_IP = 1;
    /** An ICMP/ICMPv6 error whose quoted packet filled addresses and ports. */
    public static final int ICMP_ERROR = 2;
    /** A fragment kept for reassembly; the datagram is not complete yet. */
    public static final int FRAGMENT_HELD = 3;
    /** A fragment that was not kept (a limit, inconsistent offsets, cut by the snaplen). */
    public static final int FRAGMENT_DROPPED = 4;
    /** A link layer that carried something other than IP (ARP, LLDP, ...). */
    public static final int NON_IP = 5;
    /** A link type this decoder does not understand. */
    public static final int UNKNOWN_LINK_TYPE = 6;
    /** The capture cut the frame before the headers needed to decode it. */
    public static final int TRUNCATED = 7;
    /** An IP header that contradicts itself (version, lengths, extension chain). */
    public static final int BAD_IP_HEADER = 8;
    /** A TCP header that contradicts itself (data offset). */
    public static final int BAD_TCP_HEADER = 9;

    public static final int COUNT = 10;

    private DecodeOutcome()
    {
    }

    /** True for the outcomes where {@link PacketDecoder#decode} returns true. */
    public static boolean isDecoded(final int outcome)
    {
        return outcome == TCP || outcome == OTHER_IP || outcome == ICMP_ERROR;
    }

    /** A short name for summaries. */
    public static String name(final int outcome)
    {
        switch (outcome)
        {
            case TCP: return "tcp";
            case OTHER_IP: return "other-ip";
            case ICMP_ERROR: return "icmp-error";
            case FRAGMENT_HELD: return "fragment-held";
            case FRAGMENT_DROPPED: return "fragment-dropped";
            case NON_IP: return "non-ip";
            case UNKNOWN_LINK_TYPE: return "unknown-link-type";
            case TRUNCATED: return "truncated";
            case BAD_IP_HEADER: return "bad-ip-header";
            case BAD_TCP_HEADER: return "bad-tcp-header";
            default: return "outcome-" + outcome;
        }
    }
}
