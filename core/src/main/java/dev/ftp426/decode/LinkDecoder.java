package dev.ftp426.decode;

import dev.ftp426.pcap.LinkType;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Finds the IP packet inside a link-layer frame: Ethernet II with 802.1Q/802.1ad stacks (and PPPoE sessions or MPLS
 * label stacks after them), Linux cooked (SLL, SLL2), raw IP, BSD null/loopback, OpenBSD loop and NFLOG. Fills the
 * VLAN ids; leaves {@link #networkOffset()} and {@link #ipVersion()} (4, 6, or 0 when the version nibble decides) for
 * the IP decoder.
 */
final class LinkDecoder
{
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88a8;
    static final int ETHERTYPE_QINQ_OLD = 0x9100;
    static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    static final int ETHERTYPE_MPLS = 0x8847;
    static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    static final int PPP_IPV4 = 0x0021;
    static final int PPP_IPV6 = 0x0057;

    /** Not an outcome: the IP packet was found and decoding carries on. */
    static final int FOUND = -1;

    private static final int ETHERNET_HEADER = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final int NULL_HEADER = 4;
    private static final int PPPOE_HEADER = 8;
    private static final int NFLOG_HEADER = 4;
    private static final int NFULA_PAYLOAD = 9;

    private final int maxVlanDepth;
    private int networkOffset;
    private int ipVersion;

    LinkDecoder(final int maxVlanDepth)
    {
        this.maxVlanDepth = maxVlanDepth;
    }

    int networkOffset()
    {
        return networkOffset;
    }

    int ipVersion()
    {
        return ipVersion;
    }

    /**
     * @return {@link #FOUND} when an IP packet was found, or {@link DecodeOutcome#NON_IP},
     * {@link DecodeOutcome#UNKNOWN_LINK_TYPE}, {@link DecodeOutcome#TRUNCATED}.
     */
    int decode(
        final DirectBuffer buffer, final int length, final boolean cut, final int linkType, final DecodedPacket out)
    {
        switch (linkType)
        {
            case LinkType.ETHERNET:
                if (length < ETHERNET_HEADER)
                {
                    return DecodeOutcome.TRUNCATED;
                }
                return etherType(buffer, length, ETHERNET_HEADER - 2, out);

            case LinkType.LINUX_SLL:
                if (length < SLL_HEADER)
                {
                    return DecodeOutcome.TRUNCATED;
                }
                return etherType(buffer, length, SLL_HEADER - 2, out);

            case LinkType.LINUX_SLL2:
                if (length < SLL2_HEADER)
                {
                    return DecodeOutcome.TRUNCATED;
                }
                return sll2(buffer, length, out);

            case LinkType.RAW:
            case LinkType.RAW_12:
            case LinkType.RAW_14:
                return ip(0, 0);

            case LinkType.IPV4:
                return ip(0, 4);

            case LinkType.IPV6:
                return ip(0, 6);

            case LinkType.NULL:
            case LinkType.LOOP:
                if (length < NULL_HEADER)
                {
                    return DecodeOutcome.TRUNCATED;
                }
                return nullLoopback(buffer);

            case LinkType.NFLOG:
                return nflog(buffer, length, cut);

            default:
                return DecodeOutcome.UNKNOWN_LINK_TYPE;
        }
    }

    private int sll2(final DirectBuffer buffer, final int length, final DecodedPacket out)
    {
        final int protocol = buffer.getShort(0, ByteOrder.BIG_ENDIAN) & 0xffff;
        return etherTypeValue(buffer, length, protocol, SLL2_HEADER, out);
    }

    /** Reads the EtherType at {@code typeOffset} and follows VLAN tags after it. */
    private int etherType(final DirectBuffer buffer, final int length, final int typeOffset, final DecodedPacket out)
    {
        final int type = buffer.getShort(typeOffset, ByteOrder.BIG_ENDIAN) & 0xffff;
        return etherTypeValue(buffer, length, type, typeOffset + 2, out);
    }

    private int etherTypeValue(
        final DirectBuffer buffer, final int length, final int etherType, final int next, final DecodedPacket out)
    {
        int type = etherType;
        int offset = next;
        int depth = 0;
        int outer = -1;
        int inner = -1;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD)
        {
            if (depth == maxVlanDepth)
            {
                return DecodeOutcome.NON_IP;
            }
            if (offset + 4 > length)
            {
                return DecodeOutcome.TRUNCATED;
            }
            final int vid = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0x0fff;
            if (depth == 0)
            {
                outer = vid;
            }
            inner = vid;
            depth++;
            type = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xffff;
            offset += 4;
        }
        if (depth > 0)
        {
            out.vlan(depth > 1 ? outer : -1, inner);
        }
        switch (type)
        {
            case ETHERTYPE_IPV4:
                return ip(offset, 4);
            case ETHERTYPE_IPV6:
                return ip(offset, 6);
            case ETHERTYPE_PPPOE_SESSION:
                return pppoe(buffer, length, offset);
            case ETHERTYPE_MPLS:
            case ETHERTYPE_MPLS_MULTICAST:
                return mpls(buffer, length, offset);
            default:
                return DecodeOutcome.NON_IP;
        }
    }

    /** PPPoE session header (6 bytes) then the PPP protocol: 0x0021 IPv4, 0x0057 IPv6. */
    private int pppoe(final DirectBuffer buffer, final int length, final int offset)
    {
        if (offset + PPPOE_HEADER > length)
        {
            return DecodeOutcome.TRUNCATED;
        }
        final int pppProtocol = buffer.getShort(offset + PPPOE_HEADER - 2, ByteOrder.BIG_ENDIAN) & 0xffff;
        if (pppProtocol == PPP_IPV4)
        {
            return ip(offset + PPPOE_HEADER, 4);
        }
        if (pppProtocol == PPP_IPV6)
        {
            return ip(offset + PPPOE_HEADER, 6);
        }
        return DecodeOutcome.NON_IP;
    }

    /** MPLS label stack up to the bottom-of-stack bit; the payload is IP when its version nibble says so. */
    private int mpls(final DirectBuffer buffer, final int length, final int start)
    {
        int offset = start;
        for (int depth = 0; depth < maxVlanDepth; depth++)
        {
            if (offset + 4 > length)
            {
                return DecodeOutcome.TRUNCATED;
            }
            final boolean bottom = (buffer.getByte(offset + 2) & 1) != 0;
            offset += 4;
            if (bottom)
            {
                return ip(offset, 0);
            }
        }
        return DecodeOutcome.NON_IP;
    }

    private int nullLoopback(final DirectBuffer buffer)
    {
        int family = buffer.getInt(0, ByteOrder.BIG_ENDIAN);
        if (family < 0 || family > 0xffff)
        {
            family = buffer.getInt(0, ByteOrder.LITTLE_ENDIAN);
        }
        switch (family)
        {
            case 2:
                return ip(NULL_HEADER, 4);
            case 24:
            case 28:
            case 30:
                return ip(NULL_HEADER, 6);
            default:
                return DecodeOutcome.NON_IP;
        }
    }

    /** NFLOG: a 4-byte header, then TLVs (length and type in host byte order, padded to 4); the packet is type 9. */
    private int nflog(final DirectBuffer buffer, final int length, final boolean cut)
    {
        if (length < NFLOG_HEADER)
        {
            return DecodeOutcome.TRUNCATED;
        }
        int offset = NFLOG_HEADER;
        while (offset + 4 <= length)
        {
            final int littleEndianType = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0x3fff;
            final ByteOrder order = littleEndianType > 0 && littleEndianType < 64 ?
                ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            final int tlvLength = buffer.getShort(offset, order) & 0xffff;
            final int type = buffer.getShort(offset + 2, order) & 0x3fff;
            if (tlvLength < 4)
            {
                return cut ? DecodeOutcome.TRUNCATED : DecodeOutcome.NON_IP;
            }
            if (type == NFULA_PAYLOAD)
            {
                return ip(offset + 4, 0);
            }
            offset += (tlvLength + 3) & ~3;
        }
        return cut || offset != length ? DecodeOutcome.TRUNCATED : DecodeOutcome.NON_IP;
    }

    private int ip(final int offset, final int version)
    {
        networkOffset = offset;
        ipVersion = version;
        return FOUND;
    }
}
