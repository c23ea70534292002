package dev.ftp426.pipeline.parallel;

import dev.ftp426.pcap.LinkType;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A symmetric hash of a frame's two IP addresses, to shard packets over workers: an FTP control connection and all
 * its data connections (other ports, opened in either direction) share the host pair, so they meet in one worker,
 * which the association of data connections to commands needs. An ICMP error is hashed by the addresses of the packet
 * it quotes, so it reaches the worker of the connection it reports on. Fragments carry the addresses of their datagram.
 * Frames that are not IP (or are too short to tell) hash to 0, and only they.
 */
public final class HostPairHash
{
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_VLAN_9100 = 0x9100;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_ICMPV6 = 58;
    private static final int ICMP_HEADER = 8;
    private static final int NOT_IP = -1;

    private HostPairHash()
    {
    }

    /** Worker index in [0, shards) for a frame. */
    public static int shard(
        final DirectBuffer frame, final int offset, final int capturedLength, final int linkType, final int shards)
    {
        return (int)((hash(frame, offset, capturedLength, linkType) & 0xFFFF_FFFFL) % shards);
    }

    /** The symmetric host-pair hash of a frame, 0 when it is not IP. */
    public static int hash(final DirectBuffer frame, final int offset, final int capturedLength, final int linkType)
    {
        final int end = offset + capturedLength;
        final int ip = ipOffset(frame, offset, end, linkType);
        if (ip < 0 || ip >= end)
        {
            return 0;
        }
        final int outer = ipHash(frame, ip, end, true);
        return outer == NOT_IP ? 0 : outer;
    }

    /**
     * Index in {@code frame} of the IP header behind the link-layer header (up to three 802.1Q, 802.1ad or 0x9100
     * tags on Ethernet), or -1 when the frame is not IP or too short to tell. The version byte is not checked.
     */
    public static int ipHeader(final DirectBuffer frame, final int offset, final int capturedLength, final int linkType)
    {
        final int end = offset + capturedLength;
        final int ip = ipOffset(frame, offset, end, linkType);
        return ip < 0 || ip >= end ? NOT_IP : ip;
    }

    private static int ipHash(final DirectBuffer frame, final int ip, final int end, final boolean followIcmp)
    {
        final int version = (frame.getByte(ip) & 0xF0) >> 4;
        if (4 == version && ip + 20 <= end)
        {
            final int headerLength = (frame.getByte(ip) & 0x0F) << 2;
            final boolean firstFragment = 0 == (frame.getShort(ip + 6, ByteOrder.BIG_ENDIAN) & 0x1FFF);
            if (followIcmp && firstFragment && PROTO_ICMP == (frame.getByte(ip + 9) & 0xFF) && headerLength >= 20)
            {
                final int icmp = ip + headerLength;
                if (icmp + ICMP_HEADER < end && isIcmpError(frame.getByte(icmp) & 0xFF))
                {
                    final int inner = ipHash(frame, icmp + ICMP_HEADER, end, false);
                    if (inner != NOT_IP)
                    {
                        return inner;
                    }
                }
            }
            return pair(frame.getInt(ip + 12, ByteOrder.BIG_ENDIAN), frame.getInt(ip + 16, ByteOrder.BIG_ENDIAN));
        }
        if (6 == version && ip + 40 <= end)
        {
            if (followIcmp && PROTO_ICMPV6 == (frame.getByte(ip + 6) & 0xFF))
            {
                final int icmp = ip + 40;
                final int type = icmp < end ? frame.getByte(icmp) & 0xFF : 0xFF;
                if (type >= 1 && type <= 4 && icmp + ICMP_HEADER < end)
                {
                    final int inner = ipHash(frame, icmp + ICMP_HEADER, end, false);
                    if (inner != NOT_IP)
                    {
                        return inner;
                    }
                }
            }
            return pair(fold(frame, ip + 8), fold(frame, ip + 24));
        }
        return NOT_IP;
    }

    /** Destination unreachable, source quench, redirect, time exceeded, parameter problem: they quote a packet. */
    private static boolean isIcmpError(final int type)
    {
        return 3 == type || 4 == type || 5 == type || 11 == type || 12 == type;
    }

    private static int pair(final int a, final int b)
    {
        final int h = mix(mix(a) + mix(b));
        return h == NOT_IP || h == 0 ? 0x5bd1e995 : h;
    }

    private static int ipOffset(final DirectBuffer frame, final int offset, final int end, final int linkType)
    {
        switch (linkType)
        {
            case LinkType.ETHERNET:
            {
                int position = offset + 12;
                for (int tags = 0; tags < 3 && position + 2 <= end; tags++)
                {
                    final int etherType = frame.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                    if (ETHERTYPE_VLAN == etherType || ETHERTYPE_QINQ == etherType || ETHERTYPE_VLAN_9100 == etherType)
                    {
                        position += 4;
                        continue;
                    }
                    return ETHERTYPE_IPV4 == etherType || ETHERTYPE_IPV6 == etherType ? position + 2 : NOT_IP;
                }
                return NOT_IP;
            }

            case LinkType.LINUX_SLL:
                return offset + 16;

            case LinkType.LINUX_SLL2:
                return offset + 20;

            case LinkType.NULL:
            case LinkType.LOOP:
                return offset + 4;

            case LinkType.RAW:
            case LinkType.RAW_12:
            case LinkType.RAW_14:
            case LinkType.IPV4:
            case LinkType.IPV6:
                return offset;

            default:
                return NOT_IP;
        }
    }

    /** Folds the 16 bytes of an IPv6 address at {@code index} into one int (also used by the live sharder). */
    public static int fold(final DirectBuffer frame, final int index)
    {
        return frame.getInt(index) ^ Integer.rotateLeft(frame.getInt(index + 4), 7) ^
            Integer.rotateLeft(frame.getInt(index + 8), 13) ^ Integer.rotateLeft(frame.getInt(index + 12), 19);
    }

    /** MurmurHash3's 32-bit finaliser (also used by the live sharder). */
    public static int mix(final int value)
    {
        int h = value;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
