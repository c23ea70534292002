package dev.ftp426.ftp;

import org.agrona.DirectBuffer;

/**
 * Parsers for the FTP texts that carry a data-connection address or a byte count. Nothing here allocates.
 * <p>
 * Every parser takes the text after the command verb or the reply code (the caller strips "227 " etc.) and returns
 * false, leaving {@code out} in an unspecified state, when the text does not hold what it should.
 * The accepted quirks follow the field guide, section 3: 227 without parentheses, with odd spacing, a trailing
 * period, {@code =h1,...}, numbers out of range reduced mod 256 (the "scan for the first digit" rule of
 * RFC 1123 4.1.2.6 with Wireshark's retry at the next number); 229 with any delimiter 33..126, identical all through.
 */
public final class FtpReplyParsers
{
    private static final int MAX_NUMBER_DIGITS = 9;

    private FtpReplyParsers()
    {
    }

    /**
     * 227 reply text, or a PORT argument: six comma-separated numbers h1,h2,h3,h4,p1,p2 somewhere in the text.
     * Each number is reduced mod 256. The first run of digits that starts six numbers wins.
     */
    public static boolean parseHostPortSix(final DirectBuffer b, final int offset, final int length, final HostPort out)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            while (i < end && !isDigit(b.getByte(i)))
            {
                i++;
            }
            if (i >= end)
            {
                return false;
            }
            if (tryParseSix(b, i, end, out))
            {
                return true;
            }
            while (i < end && isDigit(b.getByte(i)))
            {
                i++;
            }
        }
        return false;
    }

    private static boolean tryParseSix(final DirectBuffer b, final int start, final int end, final HostPort out)
    {
        int address = 0;
        int port = 0;
        int i = start;
        for (int n = 0; n < 6; n++)
        {
            if (n > 0)
            {
                while (i < end && b.getByte(i) == ' ')
                {
                    i++;
                }
                if (i >= end || b.getByte(i) != ',')
                {
                    return false;
                }
                i++;
                while (i < end && b.getByte(i) == ' ')
                {
                    i++;
                }
            }
            int value = 0;
            int digits = 0;
            while (i < end && isDigit(b.getByte(i)))
            {
                if (++digits > MAX_NUMBER_DIGITS)
                {
                    return false;
                }
                value = value * 10 + (b.getByte(i) - '0');
                i++;
            }
            if (digits == 0)
            {
                return false;
            }
            value &= 0xff;
            if (n < 4)
            {
                address = (address << 8) | value;
            }
            else
            {
                port = (port << 8) | value;
            }
        }
        out.reset();
        out.ipv4(address);
        out.port(port);
        return true;
    }

    /**
     * 229 reply text: {@code (<d><d><d>port<d>)} with any delimiter 33..126, identical all through (RFC 2428).
     * A 229 that carries an address in EPRT form ({@code (|2|2001:db8::1|5282|)}) is also accepted.
     * Without parentheses the first {@code <d><d><d>digits<d>} run is taken.
     */
    public static boolean parseEpsv(final DirectBuffer b, final int offset, final int length, final HostPort out)
    {
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            if (b.getByte(i) == '(')
            {
                if (tryEpsvAt(b, i + 1, end, out) || parseEprt(b, i + 1, end - i - 1, out))
                {
                    return true;
                }
            }
        }
        for (int i = offset; i < end; i++)
        {
            if (tryEpsvAt(b, i, end, out))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean tryEpsvAt(final DirectBuffer b, final int start, final int end, final HostPort out)
    {
        if (start + 5 > end)
        {
            return false;
        }
        final byte d = b.getByte(start);
        if (!isDelimiter(d) || b.getByte(start + 1) != d || b.getByte(start + 2) != d)
        {
            return false;
        }
        int i = start + 3;
        final int port = parsePortNumber(b, i, end);
        if (port < 0)
        {
            return false;
        }
        while (i < end && isDigit(b.getByte(i)))
        {
            i++;
        }
        if (i >= end || b.getByte(i) != d)
        {
            return false;
        }
        out.reset();
        out.port(port);
        return true;
    }

    /**
     * EPRT argument {@code <d>af<d>address<d>port<d>} (RFC 2428): af 1 is IPv4 dotted, af 2 is IPv6 text.
     * Leading spaces are skipped; exactly four identical delimiters are required.
     */
    public static boolean parseEprt(final DirectBuffer b, final int offset, final int length, final HostPort out)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end && b.getByte(i) == ' ')
        {
            i++;
        }
        if (i >= end)
        {
            return false;
        }
        final byte d = b.getByte(i);
        if (!isDelimiter(d) || isDigit(d))
        {
            return false;
        }
        i++;
        final int afStart = i;
        while (i < end && b.getByte(i) != d)
        {
            i++;
        }
        if (i >= end || i - afStart != 1)
        {
            return false;
        }
        final byte af = b.getByte(afStart);
        i++;
        final int addrStart = i;
        while (i < end && b.getByte(i) != d)
        {
            i++;
        }
        if (i >= end)
        {
            return false;
        }
        final int addrEnd = i;
        i++;
        final int port = parsePortNumber(b, i, end);
        if (port < 0)
        {
            return false;
        }
        while (i < end && isDigit(b.getByte(i)))
        {
            i++;
        }
        if (i >= end || b.getByte(i) != d)
        {
            return false;
        }
        out.reset();
        if (af == '1')
        {
            final long v4 = parseIpv4(b, addrStart, addrEnd);
            if (v4 < 0)
            {
                return false;
            }
            out.ipv4((int)v4);
        }
        else if (af == '2')
        {
            if (!parseIpv6(b, addrStart, addrEnd, out))
            {
                return false;
            }
        }
        else
        {
            return false;
        }
        out.port(port);
        return true;
    }

    /**
     * LPRT argument or 228 (LPSV) reply text (RFC 1639): {@code af,hal,h1,...,pl,p1,p2}, af 4 (hal 4) or 6 (hal 16).
     * In a reply the first digit starts the list.
     */
    public static boolean parseLongHostPort(final DirectBuffer b, final int offset, final int length,
        final HostPort out)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end && !isDigit(b.getByte(i)))
        {
            i++;
        }
        final int[] position = {i};
        final int af = nextNumber(b, position, end, true);
        final int hal = nextNumber(b, position, end, false);
        if (!(af == 4 && hal == 4) && !(af == 6 && hal == 16))
        {
            return false;
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < hal; k++)
        {
            final int v = nextNumber(b, position, end, false);
            if (v < 0 || v > 255)
            {
                return false;
            }
            if (hal == 4)
            {
                lo = (lo << 8) | v;
            }
            else if (k < 8)
            {
                hi = (hi << 8) | v;
            }
            else
            {
                lo = (lo << 8) | v;
            }
        }
        final int pl = nextNumber(b, position, end, false);
        if (pl != 2)
        {
            return false;
        }
        final int p1 = nextNumber(b, position, end, false);
        final int p2 = nextNumber(b, position, end, false);
        if (p1 < 0 || p1 > 255 || p2 < 0 || p2 > 255)
        {
            return false;
        }
        out.reset();
        if (hal == 4)
        {
            out.ipv4((int)lo);
        }
        else
        {
            out.ipv6(hi, lo);
        }
        out.port((p1 << 8) | p2);
        return true;
    }

    // Small helper that keeps the position in a one-element array; only used by the rare LPRT/LPSV path.
    private static int nextNumber(final DirectBuffer b, final int[] position, final int end, final boolean first)
    {
        int i = position[0];
        if (!first)
        {
            while (i < end && b.getByte(i) == ' ')
            {
                i++;
            }
            if (i >= end || b.getByte(i) != ',')
            {
                return -1;
            }
            i++;
            while (i < end && b.getByte(i) == ' ')
            {
                i++;
            }
        }
        int value = 0;
        int digits = 0;
        while (i < end && isDigit(b.getByte(i)))
        {
            if (++digits > 3)
            {
                return -1;
            }
            value = value * 10 + (b.getByte(i) - '0');
            i++;
        }
        position[0] = i;
        return digits == 0 ? -1 : value;
    }

    /**
     * Byte count announced in a 150 reply: {@code (N bytes)} as vsftpd and ProFTPD write it (Zeek's rule), or -1.
     */
    public static long parseAnnouncedBytes(final DirectBuffer b, final int offset, final int length)
    {
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            if (b.getByte(i) != '(')
            {
                continue;
            }
            int j = i + 1;
            long value = 0;
            int digits = 0;
            while (j < end && isDigit(b.getByte(j)) && digits < 18)
            {
                value = value * 10 + (b.getByte(j) - '0');
                digits++;
                j++;
            }
            if (digits == 0 || j >= end || (b.getByte(j) != ' ' && b.getByte(j) != '\t'))
            {
                continue;
            }
            while (j < end && (b.getByte(j) == ' ' || b.getByte(j) == '\t'))
            {
                j++;
            }
            if (j + 4 <= end && lower(b.getByte(j)) == 'b' && lower(b.getByte(j + 1)) == 'y' &&
                lower(b.getByte(j + 2)) == 't' && lower(b.getByte(j + 3)) == 'e')
            {
                return value;
            }
        }
        return -1;
    }

    /** A decimal number at the start of the text (after spaces), e.g. a 213 SIZE reply or a REST argument; or -1. */
    public static long parseLeadingNumber(final DirectBuffer b, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end && b.getByte(i) == ' ')
        {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && isDigit(b.getByte(i)))
        {
            if (++digits > 18)
            {
                return -1;
            }
            value = value * 10 + (b.getByte(i) - '0');
            i++;
        }
        if (digits == 0 || (i < end && b.getByte(i) != ' ' && b.getByte(i) != '\r'))
        {
            return -1;
        }
        return value;
    }

    /** Dotted quad between {@code start} and {@code end} as an unsigned int, or -1. */
    static long parseIpv4(final DirectBuffer b, final int start, final int end)
    {
        long address = 0;
        int i = start;
        for (int n = 0; n < 4; n++)
        {
            if (n > 0)
            {
                if (i >= end || b.getByte(i) != '.')
                {
                    return -1;
                }
                i++;
            }
            int value = 0;
            int digits = 0;
            while (i < end && isDigit(b.getByte(i)))
            {
                if (++digits > 3)
                {
                    return -1;
                }
                value = value * 10 + (b.getByte(i) - '0');
                i++;
            }
            if (digits == 0 || value > 255)
            {
                return -1;
            }
            address = (address << 8) | value;
        }
        return i == end ? address : -1;
    }

    /** IPv6 text form (RFC 4291 2.2, with "::" and a trailing dotted quad) into {@code out}. */
    static boolean parseIpv6(final DirectBuffer b, final int start, final int end, final HostPort out)
    {
        // up to 8 groups; groups after "::" are collected separately and shifted to the end
        long headHi = 0;
        long headLo = 0;
        int headCount = 0;
        long tailHi = 0;
        long tailLo = 0;
        int tailCount = 0;
        boolean compressed = false;
        int i = start;
        if (end - start >= 2 && b.getByte(i) == ':' && b.getByte(i + 1) == ':')
        {
            compressed = true;
            i += 2;
        }
        else if (i < end && b.getByte(i) == ':')
        {
            return false;
        }
        while (i < end)
        {
            // embedded IPv4 in the last 32 bits
            int j = i;
            while (j < end && isHex(b.getByte(j)))
            {
                j++;
            }
            if (j < end && b.getByte(j) == '.')
            {
                final long v4 = parseIpv4(b, i, end);
                if (v4 < 0)
                {
                    return false;
                }
                for (int k = 0; k < 2; k++)
                {
                    final int group = (int)((v4 >>> (16 - 16 * k)) & 0xffff);
                    if (compressed)
                    {
                        tailHi = (tailHi << 16) | (tailLo >>> 48);
                        tailLo = (tailLo << 16) | group;
                        tailCount++;
                    }
                    else
                    {
                        headHi = (headHi << 16) | (headLo >>> 48);
                        headLo = (headLo << 16) | group;
                        headCount++;
                    }
                }
                i = end;
                break;
            }
            if (j == i || j - i > 4)
            {
                return false;
            }
            int group = 0;
            for (int k = i; k < j; k++)
            {
                group = (group << 4) | hexValue(b.getByte(k));
            }
            if (compressed)
            {
                tailHi = (tailHi << 16) | (tailLo >>> 48);
                tailLo = (tailLo << 16) | group;
                tailCount++;
            }
            else
            {
                headHi = (headHi << 16) | (headLo >>> 48);
                headLo = (headLo << 16) | group;
                headCount++;
            }
            i = j;
            if (i < end)
            {
                if (b.getByte(i) != ':')
                {
                    return false;
                }
                i++;
                if (i < end && b.getByte(i) == ':')
                {
                    if (compressed)
                    {
                        return false;
                    }
                    compressed = true;
                    i++;
                }
                else if (i >= end)
                {
                    return false;
                }
            }
            if (headCount + tailCount > 8)
            {
                return false;
            }
        }
        final int total = headCount + tailCount;
        if (total > 8 || (!compressed && total != 8) || (compressed && total > 7))
        {
            return false;
        }
        // head groups occupy the top, tail groups the bottom
        final int headShift = 8 - headCount;
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < headCount; g++)
        {
            final int group = groupAt(headHi, headLo, headCount, g);
            final int index = g;
            if (index < 4)
            {
                hi |= ((long)group) << (48 - 16 * index);
            }
            else
            {
                lo |= ((long)group) << (48 - 16 * (index - 4));
            }
        }
        for (int g = 0; g < tailCount; g++)
        {
            final int group = groupAt(tailHi, tailLo, tailCount, g);
            final int index = 8 - tailCount + g;
            if (index < 4)
            {
                hi |= ((long)group) << (48 - 16 * index);
            }
            else
            {
                lo |= ((long)group) << (48 - 16 * (index - 4));
            }
        }
        if (headShift < 0)
        {
            return false;
        }
        out.ipv6(hi, lo);
        return true;
    }

    // the g-th (0-based, oldest first) of count groups pushed into a 128-bit shift register
    private static int groupAt(final long regHi, final long regLo, final int count, final int g)
    {
        final int fromEnd = count - 1 - g;
        if (fromEnd < 4)
        {
            return (int)((regLo >>> (16 * fromEnd)) & 0xffff);
        }
        return (int)((regHi >>> (16 * (fromEnd - 4))) & 0xffff);
    }

    private static int parsePortNumber(final DirectBuffer b, final int start, final int end)
    {
        int i = start;
        int value = 0;
        int digits = 0;
        while (i < end && isDigit(b.getByte(i)))
        {
            if (++digits > 5)
            {
                return -1;
            }
            value = value * 10 + (b.getByte(i) - '0');
            i++;
        }
        return digits == 0 || value > 65535 ? -1 : value;
    }

    static boolean isDigit(final byte c)
    {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(final byte c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hexValue(final byte c)
    {
        if (c <= '9')
        {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }

    private static boolean isDelimiter(final byte c)
    {
        return c >= 33 && c <= 126;
    }

    private static int lower(final byte c)
    {
        return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    }
}
