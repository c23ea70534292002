package dev.ftp426.decode;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/** The TCP header and its options, read into {@link DecodedPacket}. */
final class TcpDecoder
{
    static final int HEADER = 20;

    private static final int OPT_EOL = 0;
    private static final int OPT_NOP = 1;
    private static final int OPT_MSS = 2;
    private static final int OPT_WSCALE = 3;
    private static final int OPT_SACK_PERMITTED = 4;
    private static final int OPT_SACK = 5;
    private static final int OPT_TIMESTAMPS = 8;

    private TcpDecoder()
    {
    }

    /**
     * Decodes a segment whose first byte is at {@code offset}.
     *
     * @param captured bytes of the segment present in {@code buffer}.
     * @param wire     bytes the segment had on the wire (from the IP length).
     * @return {@link DecodeOutcome#TCP}, {@link DecodeOutcome#TRUNCATED} or {@link DecodeOutcome#BAD_TCP_HEADER}.
     */
    static int decode(
        final DirectBuffer buffer,
        final int offset,
        final int captured,
        final int wire,
        final boolean verifyChecksum,
        final DecodedPacket out)
    {
        if (wire < HEADER)
        {
            return DecodeOutcome.BAD_TCP_HEADER;
        }
        if (captured < HEADER)
        {
            return DecodeOutcome.TRUNCATED;
        }
        final int headerLength = (buffer.getByte(offset + 12) & 0xf0) >> 2;
        if (headerLength < HEADER || headerLength > wire)
        {
            return DecodeOutcome.BAD_TCP_HEADER;
        }
        out.tcp(
            buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xffff,
            buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xffff,
            buffer.getInt(offset + 4, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL,
            buffer.getInt(offset + 8, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL,
            buffer.getByte(offset + 13) & 0xff,
            buffer.getShort(offset + 14, ByteOrder.BIG_ENDIAN) & 0xffff,
            buffer.getShort(offset + 18, ByteOrder.BIG_ENDIAN) & 0xffff);

        options(buffer, offset + HEADER, offset + Math.min(headerLength, captured), out);
        if (captured < headerLength)
        {
            out.truncated(true);
            out.payload(buffer, offset, 0, wire - headerLength);
            return DecodeOutcome.TCP;
        }
        out.payload(buffer, offset + headerLength, captured - headerLength, wire - headerLength);
        if (captured < wire)
        {
            out.truncated(true);
        }
        else if (verifyChecksum)
        {
            out.checksumValid(checksum(buffer, offset, wire, out) == 0);
        }
        return DecodeOutcome.TCP;
    }

    /** Reads options in [start, end); stops at EOL or at the first option whose length does not fit. */
    static void options(final DirectBuffer buffer, final int start, final int end, final DecodedPacket out)
    {
        int p = start;
        while (p < end)
        {
            final int kind = buffer.getByte(p) & 0xff;
            if (kind == OPT_EOL)
            {
                return;
            }
            if (kind == OPT_NOP)
            {
                p++;
                continue;
            }
            if (p + 1 >= end)
            {
                return;
            }
            final int length = buffer.getByte(p + 1) & 0xff;
            if (length < 2 || p + length > end)
            {
                return;
            }
            switch (kind)
            {
                case OPT_MSS:
                    if (length == 4)
                    {
                        out.mss(buffer.getShort(p + 2, ByteOrder.BIG_ENDIAN) & 0xffff);
                    }
                    break;
                case OPT_WSCALE:
                    if (length == 3)
                    {
                        out.windowScale(buffer.getByte(p + 2) & 0xff);
                    }
                    break;
                case OPT_SACK_PERMITTED:
                    if (length == 2)
                    {
                        out.sackPermitted(true);
                    }
                    break;
                case OPT_SACK:
                    for (int b = p + 2; b + 8 <= p + length; b += 8)
                    {
                        out.addSack(
                            buffer.getInt(b, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL,
                            buffer.getInt(b + 4, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL);
                    }
                    break;
                case OPT_TIMESTAMPS:
                    if (length == 10)
                    {
                        out.timestamps(
                            buffer.getInt(p + 2, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL,
                            buffer.getInt(p + 6, ByteOrder.BIG_ENDIAN) & 0xffff_ffffL);
                    }
                    break;
                default:
                    break;
            }
            p += length;
        }
    }

    /** One's-complement sum over the pseudo header and the segment; 0 when the checksum field is right. */
    static int checksum(final DirectBuffer buffer, final int offset, final int length, final DecodedPacket out)
    {
        long sum = DecodedPacket.PROTO_TCP + length;
        if (out.ipVersion() == 4)
        {
            sum += words32(out.srcLo()) + words32(out.dstLo());
        }
        else
        {
            sum += words64(out.srcHi()) + words64(out.srcLo()) + words64(out.dstHi()) + words64(out.dstLo());
        }
        final int even = length & ~1;
        for (int i = 0; i < even; i += 2)
        {
            sum += buffer.getShort(offset + i, ByteOrder.BIG_ENDIAN) & 0xffff;
        }
        if ((length & 1) != 0)
        {
            sum += (buffer.getByte(offset + length - 1) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int)(~sum & 0xffff);
    }

    private static long words32(final long value)
    {
        return ((value >>> 16) & 0xffff) + (value & 0xffff);
    }

    private static long words64(final long value)
    {
        return words32(value >>> 32) + words32(value);
    }
}
