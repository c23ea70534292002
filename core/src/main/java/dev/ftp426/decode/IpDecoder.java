package dev.ftp426.decode;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * IPv4 (with options) and IPv6 (with its extension-header chain), fragment reassembly, and the hand-off to the TCP
 * and ICMP decoders. Lengths come from the IP header, never from the frame, so Ethernet padding is ignored; bytes the
 * capture cut off mark the packet truncated.
 */
final class IpDecoder
{
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;

    static final int NH_HOP_BY_HOP = 0;
    static final int NH_ROUTING = 43;
    static final int NH_FRAGMENT = 44;
    static final int NH_ESP = 50;
    static final int NH_AH = 51;
    static final int NH_NONE = 59;
    static final int NH_DEST_OPTIONS = 60;

    private final DecodeLimits limits;
    private final DecodeCounters counters;
    private final Defragmenter defragmenter;
    private final IcmpDecoder icmp;

    IpDecoder(final DecodeLimits limits, final DecodeCounters counters, final Defragmenter defragmenter)
    {
        this.limits = limits;
        this.counters = counters;
        this.defragmenter = defragmenter;
        this.icmp = new IcmpDecoder(limits.maxExtensionHeaders());
    }

    /**
     * @param end     end of the captured bytes in {@code buffer}.
     * @param version 4 or 6 from the link layer, or 0 to read the version nibble.
     */
    int decode(
        final DirectBuffer buffer, final int offset, final int end, final int version, final long nowNanos,
        final DecodedPacket out)
    {
        if (offset >= end)
        {
            return DecodeOutcome.TRUNCATED;
        }
        final int nibble = (buffer.getByte(offset) & 0xf0) >> 4;
        if (version != 0 && nibble != version)
        {
            return DecodeOutcome.BAD_IP_HEADER;
        }
        if (nibble == 4)
        {
            return ipv4(buffer, offset, end, nowNanos, out);
        }
        if (nibble == 6)
        {
            return ipv6(buffer, offset, end, nowNanos, out);
        }
        return version == 0 ? DecodeOutcome.NON_IP : DecodeOutcome.BAD_IP_HEADER;
    }

    private int ipv4(
        final DirectBuffer buffer, final int offset, final int end, final long nowNanos, final DecodedPacket out)
    {
        if (end - offset < IPV4_HEADER)
        {
            return DecodeOutcome.TRUNCATED;
        }
        final int headerLength = (buffer.getByte(offset) & 0x0f) << 2;
        int totalLength = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xffff;
        if (totalLength == 0)
        {
            totalLength = end - offset; // segmentation offload on the capturing host leaves it 0
        }
        if (headerLength < IPV4_HEADER || totalLength < headerLength)
        {
            return DecodeOutcome.BAD_IP_HEADER;
        }
        if (end - offset < headerLength)
        {
            return DecodeOutcome.TRUNCATED;
        }
        final int id = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xffff;
        final int flagsAndOffset = buffer.getShort(offset + 6, ByteOrder.BIG_ENDIAN) & 0xffff;
        final int protocol = buffer.getByte(offset + 9) & 0xff;
        out.ipv4(
            buffer.getInt(offset + 12, ByteOrder.BIG_ENDIAN),
            buffer.getInt(offset + 16, ByteOrder.BIG_ENDIAN),
            buffer.getByte(offset + 8) & 0xff,
            id,
            (flagsAndOffset & 0x4000) != 0,
            protocol);

        final int wireEnd = offset + totalLength;
        final int capturedEnd = Math.min(end, wireEnd);
        final int payloadOffset = offset + headerLength;
        if (end < wireEnd)
        {
            out.truncated(true);
        }

        final boolean more = (flagsAndOffset & 0x2000) != 0;
        final int fragmentOffset = (flagsAndOffset & 0x1fff) << 3;
        if (more || fragmentOffset != 0)
        {
            if (end < wireEnd)
            {
                counters.badFragments++;
                return DecodeOutcome.FRAGMENT_DROPPED;
            }
            final int result = defragmenter.offer(4, out.srcHi(), out.srcLo(), out.dstHi(), out.dstLo(), id, protocol,
                fragmentOffset, more, buffer, payloadOffset, wireEnd - payloadOffset, nowNanos);
            if (result != Defragmenter.COMPLETE)
            {
                return fragmentOutcome(result);
            }
            out.reassembledFromFragments(true);
            out.truncated(false);
            final int length = defragmenter.length();
            return transport(protocol, defragmenter.buffer(), 0, length, length, out);
        }
        return transport(protocol, buffer, payloadOffset, capturedEnd - payloadOffset, wireEnd - payloadOffset, out);
    }

    private int ipv6(
        final DirectBuffer buffer, final int offset, final int end, final long nowNanos, final DecodedPacket out)
    {
        if (end - offset < IPV6_HEADER)
        {
            return DecodeOutcome.TRUNCATED;
        }
        final int payloadLength = buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xffff;
        int nextHeader = buffer.getByte(offset + 6) & 0xff;
        if (payloadLength == 0 && nextHeader == NH_HOP_BY_HOP)
        {
            counters.jumbograms++;
            return DecodeOutcome.BAD_IP_HEADER;
        }
        out.ipv6(
            buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + 16, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + 24, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + 32, ByteOrder.BIG_ENDIAN),
            buffer.getByte(offset + 7) & 0xff,
            nextHeader);

        int wireEnd = offset + IPV6_HEADER + payloadLength;
        int capturedEnd = Math.min(end, wireEnd);
        if (end < wireEnd)
        {
            out.truncated(true);
        }
        DirectBuffer current = buffer;
        int p = offset + IPV6_HEADER;
        int headers = 0;
        while (true)
        {
            if (nextHeader != NH_HOP_BY_HOP && nextHeader != NH_ROUTING && nextHeader != NH_DEST_OPTIONS &&
                nextHeader != NH_AH && nextHeader != NH_FRAGMENT)
            {
                break;
            }
            if (++headers > limits.maxExtensionHeaders())
            {
                return DecodeOutcome.BAD_IP_HEADER;
            }
            if (nextHeader == NH_FRAGMENT)
            {
                if (p + 8 > wireEnd)
                {
                    return DecodeOutcome.BAD_IP_HEADER;
                }
                if (p + 8 > capturedEnd)
                {
                    return DecodeOutcome.TRUNCATED;
                }
                final int fragmentNext = current.getByte(p) & 0xff;
                final int offsetAndFlags = current.getShort(p + 2, ByteOrder.BIG_ENDIAN) & 0xffff;
                final long id = current.getInt(p + 4, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL;
                final int fragmentOffset = offsetAndFlags & 0xfff8;
                final boolean more = (offsetAndFlags & 1) != 0;
                out.ipId((int)(id & 0xffff));
                p += 8;
                nextHeader = fragmentNext;
                if (fragmentOffset == 0 && !more)
                {
                    counters.atomicFragments++;
                    continue;
                }
                if (out.reassembledFromFragments() || end < wireEnd)
                {
                    counters.badFragments++;
                    return DecodeOutcome.FRAGMENT_DROPPED;
                }
                final int result = defragmenter.offer(6, out.srcHi(), out.srcLo(), out.dstHi(), out.dstLo(), id,
                    fragmentNext, fragmentOffset, more, current, p, wireEnd - p, nowNanos);
                if (result != Defragmenter.COMPLETE)
                {
                    return fragmentOutcome(result);
                }
                out.reassembledFromFragments(true);
                out.truncated(false);
                current = defragmenter.buffer();
                p = 0;
                wireEnd = defragmenter.length();
                capturedEnd = wireEnd;
                continue;
            }
            if (p + 2 > wireEnd)
            {
                return DecodeOutcome.BAD_IP_HEADER;
            }
            if (p + 2 > capturedEnd)
            {
                return DecodeOutcome.TRUNCATED;
            }
            final int length = nextHeader == NH_AH ?
                ((current.getByte(p + 1) & 0xff) + 2) << 2 : ((current.getByte(p + 1) & 0xff) + 1) << 3;
            nextHeader = current.getByte(p) & 0xff;
            p += length;
            if (p > wireEnd)
            {
                return DecodeOutcome.BAD_IP_HEADER;
            }
        }
        out.protocol(nextHeader);
        final int captured = Math.max(0, capturedEnd - p);
        if (p > capturedEnd)
        {
            out.truncated(true);
        }
        return transport(nextHeader, current, p, captured, wireEnd - p, out);
    }

    private int transport(
        final int protocol,
        final DirectBuffer buffer,
        final int offset,
        final int captured,
        final int wire,
        final DecodedPacket out)
    {
        switch (protocol)
        {
            case DecodedPacket.PROTO_TCP:
                return TcpDecoder.decode(buffer, offset, captured, wire, limits.verifyChecksums(), out);
            case DecodedPacket.PROTO_ICMP:
                if (out.ipVersion() == 4)
                {
                    return icmp.icmpv4(buffer, offset, captured, wire, out);
                }
                break;
            case DecodedPacket.PROTO_ICMPV6:
                if (out.ipVersion() == 6)
                {
                    return icmp.icmpv6(buffer, offset, captured, wire, out);
                }
                break;
            default:
                break;
        }
        out.payload(buffer, offset, captured, wire);
        return DecodeOutcome.OTHER_IP;
    }

    private static int fragmentOutcome(final int result)
    {
        switch (result)
        {
            case Defragmenter.HELD: return DecodeOutcome.FRAGMENT_HELD;
            case Defragmenter.DROPPED_BY_LIMIT: return DecodeOutcome.FRAGMENT_DROPPED;
            default: return DecodeOutcome.FRAGMENT_DROPPED;
        }
    }
}
