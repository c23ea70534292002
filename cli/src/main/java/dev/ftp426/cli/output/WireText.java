package dev.ftp426.cli.output;

/**
 * Text that came off the wire (FTP arguments, reply texts) may hold bytes that are not UTF-8. The FTP parser keeps
 * each such byte as a lone surrogate U+DC80..U+DCFF; outputs show it as the four characters {@code \xNN}, so the
 * output stays valid UTF-8 and the byte can still be read.
 */
public final class WireText
{
    private WireText()
    {
    }

    public static String clean(final String text)
    {
        if (text == null)
        {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isEscapedByte(text.charAt(i)))
        {
            i++;
        }
        if (i == text.length())
        {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (isEscapedByte(c))
            {
                out.append("\\x").append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isEscapedByte(final char c)
    {
        return c >= 0xDC80 && c <= 0xDCFF;
    }
}
