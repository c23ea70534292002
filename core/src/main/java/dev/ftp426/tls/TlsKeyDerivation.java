package dev.ftp426.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The TLS 1.2 PRF (RFC 5246 section 5) and TLS 1.3 HKDF-Expand-Label (RFC 8446 section 7.1), on the JDK's HMAC. */
final class TlsKeyDerivation
{
    private TlsKeyDerivation()
    {
    }

    /** TLS 1.2 PRF: P_hash(secret, label + seed) cut to {@code length} bytes. */
    static byte[] prf12(final String hmac, final byte[] secret, final String label, final byte[] seed, final int length)
        throws GeneralSecurityException
    {
        final Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(secret, hmac));
        final byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        final byte[] labelSeed = new byte[labelBytes.length + seed.length];
        System.arraycopy(labelBytes, 0, labelSeed, 0, labelBytes.length);
        System.arraycopy(seed, 0, labelSeed, labelBytes.length, seed.length);

        final byte[] out = new byte[length];
        byte[] a = labelSeed;
        int filled = 0;
        while (filled < length)
        {
            a = mac.doFinal(a);
            mac.update(a);
            mac.update(labelSeed);
            final byte[] block = mac.doFinal();
            final int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    /** HKDF-Expand-Label(secret, label, context, length) with the "tls13 " prefix. */
    static byte[] hkdfExpandLabel(
        final String hmac, final byte[] secret, final String label, final byte[] context, final int length)
        throws GeneralSecurityException
    {
        final byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        final byte[] info = new byte[2 + 1 + fullLabel.length + 1 + context.length];
        info[0] = (byte)(length >> 8);
        info[1] = (byte)length;
        info[2] = (byte)fullLabel.length;
        System.arraycopy(fullLabel, 0, info, 3, fullLabel.length);
        info[3 + fullLabel.length] = (byte)context.length;
        System.arraycopy(context, 0, info, 4 + fullLabel.length, context.length);
        return hkdfExpand(hmac, secret, info, length);
    }

    /** HKDF-Expand (RFC 5869 section 2.3). */
    static byte[] hkdfExpand(final String hmac, final byte[] prk, final byte[] info, final int length)
        throws GeneralSecurityException
    {
        final Mac mac = Mac.getInstance(hmac);
        mac.init(new SecretKeySpec(prk, hmac));
        final byte[] out = new byte[length];
        byte[] t = new byte[0];
        int filled = 0;
        for (int i = 1; filled < length; i++)
        {
            mac.update(t);
            mac.update(info);
            mac.update((byte)i);
            t = mac.doFinal();
            final int n = Math.min(t.length, length - filled);
            System.arraycopy(t, 0, out, filled, n);
            filled += n;
        }
        return out;
    }
}
