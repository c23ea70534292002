package dev.ftp426.decode;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Text for the 128-bit ({@code hi}, {@code lo}) addresses of {@link DecodedPacket}: IPv4-mapped addresses print as
 * dotted quads, the rest as RFC 5952 text. Formatting allocates: for reports and logs, not the packet path.
 */
public final class IpAddress
{
    private IpAddress()
    {
    }

    /** True when the address is {@code ::ffff:a.b.c.d}, the form IPv4 addresses are stored in. */
    public static boolean isV4Mapped(final long hi, final long lo)
    {
        return hi == DecodedPacket.V4_MAPPED_HI && (lo & 0xffff_ffff_0000_0000L) == DecodedPacket.V4_MAPPED_LO_PREFIX;
    }

    /** The IPv4 address of a mapped address as an unsigned 32-bit value in an int. */
    public static int v4(final long lo)
    {
        return (int)lo;
    }

    public static String format(final long hi, final long lo)
    {
        final StringBuilder sb = new StringBuilder(39);
        if (isV4Mapped(hi, lo))
        {
            return sb.append((lo >>> 24) & 0xff).append('.').append((lo >>> 16) & 0xff).append('.')
                .append((lo >>> 8) & 0xff).append('.').append(lo & 0xff).toString();
        }
        final int[] groups = new int[8];
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (int)((hi >>> (48 - 16 * i)) & 0xffff);
            groups[i + 4] = (int)((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; )
        {
            if (groups[i] == 0)
            {
                int j = i;
                while (j < 8 && groups[j] == 0)
                {
                    j++;
                }
                if (j - i > bestLength)
                {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
            else
            {
                i++;
            }
        }
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':')
            {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** Formats the source address of a decoded packet. */
    public static String formatSource(final DecodedPacket packet)
    {
        return format(packet.srcHi(), packet.srcLo());
    }

    /** Formats the destination address of a decoded packet. */
    public static String formatDestination(final DecodedPacket packet)
    {
        return format(packet.dstHi(), packet.dstLo());
    }

    /**
     * Parses an IPv4 or IPv6 literal (never a host name, never a DNS lookup) into {hi, lo}; IPv4 becomes IPv4-mapped.
     *
     * @throws IllegalArgumentException if the text is not an address literal.
     */
    public static long[] parse(final String text)
    {
        if (text.indexOf(':') < 0)
        {
            return new long[]{DecodedPacket.V4_MAPPED_HI, DecodedPacket.V4_MAPPED_LO_PREFIX | parseDottedQuad(text)};
        }
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(text);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IP address literal: " + text, ex);
        }
        final byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address)
        {
            return new long[]{DecodedPacket.V4_MAPPED_HI, DecodedPacket.V4_MAPPED_LO_PREFIX | (toLong(bytes, 0, 4))};
        }
        if (address instanceof Inet6Address)
        {
            return new long[]{toLong(bytes, 0, 8), toLong(bytes, 8, 8)};
        }
        throw new IllegalArgumentException("not an IP address literal: " + text);
    }

    private static long parseDottedQuad(final String text)
    {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not an IP address literal: " + text);
        }
        long value = 0;
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                throw new IllegalArgumentException("not an IP address literal: " + text);
            }
            final int octet = Integer.parseInt(part);
            if (octet > 255)
            {
                throw new IllegalArgumentException("not an IP address literal: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static long toLong(final byte[] bytes, final int offset, final int length)
    {
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
