package dev.ftp426.pcap;

/** LINKTYPE_ values (https://www.tcpdump.org/linktypes.html) the decoders understand. */
public final class LinkType
{
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int RAW_12 = 12;
    public static final int RAW_14 = 14;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int NFLOG = 239;
    public static final int LINUX_SLL2 = 276;

    private LinkType()
    {
    }

    /** A short name for reports, e.g. "ether" or "linux-sll". */
    public static String name(final int linkType)
    {
        switch (linkType)
        {
            case NULL: return "null";
            case ETHERNET: return "ether";
            case RAW_12:
            case RAW_14:
            case RAW: return "raw";
            case LOOP: return "loop";
            case LINUX_SLL: return "linux-sll";
            case IPV4: return "ipv4";
            case IPV6: return "ipv6";
            case NFLOG: return "nflog";
            case LINUX_SLL2: return "linux-sll2";
            default: return "linktype-" + linkType;
        }
    }
}
