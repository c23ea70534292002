package dev.ftp426.ftp;

import org.agrona.DirectBuffer;

/**
 * Turning wire bytes (paths, reply text) into Java strings without losing anything.
 * <p>
 * FTP text is not guaranteed to be UTF-8 (RFC 2640 only recommends it). Valid UTF-8 sequences are decoded;
 * every byte that is not part of a valid sequence becomes the lone surrogate U+DC00 plus the byte ("surrogate
 * escape"). A sink recognises U+DC80..U+DCFF and prints the original byte, e.g. as a backslash-u-00XX escape, so
 * no byte is silently replaced. Only called when a record is built, never per packet.
 */
public final class FtpText
{
    private FtpText()
    {
    }

    public static String decode(final byte[] bytes)
    {
        return bytes == null ? null : decode(bytes, 0, bytes.length);
    }

    public static String decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        return decode(bytes, 0, length);
    }

    public static String decode(final byte[] b, final int offset, final int length)
    {
        final StringBuilder sb = new StringBuilder(length);
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            final int c = b[i] & 0xff;
            if (c < 0x80)
            {
                sb.append((char)c);
                i++;
                continue;
            }
            int need;
            int cp;
            int min;
            if (c >= 0xc2 && c <= 0xdf)
            {
                need = 1;
                cp = c & 0x1f;
                min = 0x80;
            }
            else if (c >= 0xe0 && c <= 0xef)
            {
                need = 2;
                cp = c & 0x0f;
                min = 0x800;
            }
            else if (c >= 0xf0 && c <= 0xf4)
            {
                need = 3;
                cp = c & 0x07;
                min = 0x10000;
            }
            else
            {
                sb.append((char)(0xdc00 + c));
                i++;
                continue;
            }
            boolean ok = true;
            for (int k = 1; k <= need; k++)
            {
                if (i + k >= end || (b[i + k] & 0xc0) != 0x80)
                {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (b[i + k] & 0x3f);
            }
            if (ok && cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff))
            {
                sb.appendCodePoint(cp);
                i += need + 1;
            }
            else
            {
                sb.append((char)(0xdc00 + c));
                i++;
            }
        }
        return sb.toString();
    }
}
