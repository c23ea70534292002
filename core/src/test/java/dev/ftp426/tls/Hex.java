package dev.ftp426.tls;

/** Hex helpers for the TLS tests. */
final class Hex
{
    private Hex()
    {
    }

    static byte[] decode(final String text)
    {
        final String s = text.replaceAll("\\s+", "");
        final byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String encode(final byte[] bytes)
    {
        final StringBuilder b = new StringBuilder(bytes.length * 2);
        for (final byte x : bytes)
        {
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }

    static byte[] concat(final byte[]... parts)
    {
        int n = 0;
        for (final byte[] p : parts)
        {
            n += p.length;
        }
        final byte[] out = new byte[n];
        int at = 0;
        for (final byte[] p : parts)
        {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
