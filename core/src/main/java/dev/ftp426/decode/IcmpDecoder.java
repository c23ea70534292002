package dev.ftp426.decode;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * ICMP (destination unreachable, source quench, redirect, time exceeded, parameter problem) and ICMPv6 (destination
 * unreachable, packet too big, time exceeded, parameter problem) errors. The quoted packet's addresses, ports and
 * sequence number replace the outer ones, as the quoted packet's source sent them, so the error joins the flow it is
 * about; the outer TTL stays. Quoted headers are read leniently: routers quote as little as 8 bytes past the IP header.
 */
final class IcmpDecoder
{
    private static final int ICMP_HEADER = 8;
    private static final int QUOTED_TRANSPORT = 8;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_SCTP = 132;

    private final int maxExtensionHeaders;

    IcmpDecoder(final int maxExtensionHeaders)
    {
        this.maxExtensionHeaders = maxExtensionHeaders;
    }

    int icmpv4(
        final DirectBuffer buffer, final int offset, final int captured, final int wire, final DecodedPacket out)
    {
        if (captured < ICMP_HEADER)
        {
            return otherIp(buffer, offset, captured, wire, out);
        }
        final int type = buffer.getByte(offset) & 0xff;
        final int code = buffer.getByte(offset + 1) & 0xff;
        if (type != 3 && type != 4 && type != 5 && type != 11 && type != 12)
        {
            return otherIp(buffer, offset, captured, wire, out);
        }
        final int q = offset + ICMP_HEADER;
        final int quoted = captured - ICMP_HEADER;
        if (quoted < IpDecoder.IPV4_HEADER || (buffer.getByte(q) & 0xf0) != 0x40)
        {
            return otherIp(buffer, offset, captured, wire, out);
        }
        final int headerLength = (buffer.getByte(q) & 0x0f) << 2;
        if (headerLength < IpDecoder.IPV4_HEADER || headerLength > quoted)
        {
            return otherIp(buffer, offset, captured, wire, out);
        }
        final int mtu = type == 3 && code == 4 ? buffer.getShort(offset + 6, ByteOrder.BIG_ENDIAN) & 0xffff : 0;
        final int flagsAndOffset = buffer.getShort(q + 6, ByteOrder.BIG_ENDIAN) & 0xffff;
        final int protocol = buffer.getByte(q + 9) & 0xff;
        out.ipv4(
            buffer.getInt(q + 12, ByteOrder.BIG_ENDIAN),
            buffer.getInt(q + 16, ByteOrder.BIG_ENDIAN),
            out.ttl(),
            buffer.getShort(q + 4, ByteOrder.BIG_ENDIAN) & 0xffff,
            (flagsAndOffset & 0x4000) != 0,
            protocol);
        if ((flagsAndOffset & 0x1fff) == 0)
        {
            quotedTransport(buffer, q + headerLength, quoted - headerLength, protocol, out);
        }
        out.icmpError(type, code, mtu);
        return DecodeOutcome.ICMP_ERROR;
    }

    int icmpv6(
        final DirectBuffer buffer, final int offset, final int captured, final int wire, final DecodedPacket out)
    {
        if (captured < ICMP_HEADER)
        {
            return otherIp(buffer, offset, captured, wire, out);
        }
        final int type = buffer.getByte(offset) & 0xff;
        final int code = buffer.getByte(offset + 1) & 0xff;
        if (type < 1 || type > 4)
        {
            return otherIp(buffer, offset, captured, wire, out);
        }
        final int q = offset + ICMP_HEADER;
        final int end = offset + captured;
        if (end - q < IpDecoder.IPV6_HEADER || (buffer.getByte(q) & 0xf0) != 0x60)
        {
            return otherIp(buffer, offset, captured, wire, out);
        }
        final int mtu = type == 2 ? buffer.getInt(offset + 4, ByteOrder.BIG_ENDIAN) : 0;
        int nextHeader = buffer.getByte(q + 6) & 0xff;
        out.ipv6(
            buffer.getLong(q + 8, ByteOrder.BIG_ENDIAN),
            buffer.getLong(q + 16, ByteOrder.BIG_ENDIAN),
            buffer.getLong(q + 24, ByteOrder.BIG_ENDIAN),
            buffer.getLong(q + 32, ByteOrder.BIG_ENDIAN),
            out.ttl(),
            nextHeader);
        int p = q + IpDecoder.IPV6_HEADER;
        boolean firstFragment = true;
        for (int headers = 0; headers <= maxExtensionHeaders && p + 8 <= end; headers++)
        {
            if (nextHeader == IpDecoder.NH_FRAGMENT)
            {
                firstFragment = (buffer.getShort(p + 2, ByteOrder.BIG_ENDIAN) & 0xfff8) == 0;
                out.ipId(buffer.getShort(p + 6, ByteOrder.BIG_ENDIAN) & 0xffff);
                nextHeader = buffer.getByte(p) & 0xff;
                p += 8;
            }
            else if (nextHeader == IpDecoder.NH_HOP_BY_HOP || nextHeader == IpDecoder.NH_ROUTING ||
                nextHeader == IpDecoder.NH_DEST_OPTIONS || nextHeader == IpDecoder.NH_AH)
            {
                final int length = nextHeader == IpDecoder.NH_AH ?
                    ((buffer.getByte(p + 1) & 0xff) + 2) << 2 : ((buffer.getByte(p + 1) & 0xff) + 1) << 3;
                nextHeader = buffer.getByte(p) & 0xff;
                p += length;
            }
            else
            {
                break;
            }
        }
        out.protocol(nextHeader);
        if (firstFragment && p < end)
        {
            quotedTransport(buffer, p, end - p, nextHeader, out);
        }
        out.icmpError(type, code, mtu);
        return DecodeOutcome.ICMP_ERROR;
    }

    /** Ports and, for TCP, as much of the header as the router quoted (at least 8 bytes: ports and sequence). */
    private static void quotedTransport(
        final DirectBuffer buffer, final int offset, final int available, final int protocol, final DecodedPacket out)
    {
        if (available < QUOTED_TRANSPORT ||
            (protocol != DecodedPacket.PROTO_TCP && protocol != PROTO_UDP && protocol != PROTO_SCTP))
        {
            return;
        }
        final int srcPort = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xffff;
        final int dstPort = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xffff;
        if (protocol != DecodedPacket.PROTO_TCP)
        {
            out.tcp(srcPort, dstPort, 0, 0, 0, 0, 0);
            return;
        }
        final long seq = buffer.getInt(offset + 4, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL;
        final long ack = available >= 12 ? buffer.getInt(offset + 8, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL : 0;
        final int flags = available >= 14 ? buffer.getByte(offset + 13) & 0xff : 0;
        final int window = available >= 16 ? buffer.getShort(offset + 14, ByteOrder.BIG_ENDIAN) & 0xffff : 0;
        out.tcp(srcPort, dstPort, seq, ack, flags, window, 0);
    }

    private static int otherIp(
        final DirectBuffer buffer, final int offset, final int captured, final int wire, final DecodedPacket out)
    {
        out.payload(buffer, offset, captured, wire);
        return DecodeOutcome.OTHER_IP;
    }
}
