package dev.ftp426.flow;

import dev.ftp426.decode.DecodedPacket;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID v1 (corelight/community-id-spec) for TCP/UDP flows, so records pivot to Zeek and Suricata logs.
 * <p>
 * SHA-1 over seed (2 bytes) . lower address . higher address . proto . 0 . lower port . higher port, all in network
 * byte order, where "lower" orders endpoints by address, then port; base64 of the digest, prefixed {@code "1:"}.
 * Addresses are IPv4 (4 bytes) when both are IPv4-mapped, IPv6 (16 bytes) otherwise. Not thread-safe: it reuses
 * one digest and scratch array; the returned string is the only allocation.
 */
public final class CommunityId
{
    private final int seed;
    private final MessageDigest sha1;
    private final byte[] scratch = new byte[2 + 16 + 16 + 2 + 2 + 2];

    public CommunityId(final int seed)
    {
        if (seed < 0 || seed > 0xffff)
        {
            throw new IllegalArgumentException("Community ID seed must fit 16 bits: " + seed);
        }
        this.seed = seed;
        try
        {
            sha1 = MessageDigest.getInstance("SHA-1");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-1 is required of every Java runtime", ex);
        }
    }

    public int seed() { return seed; }

    /** True when an address held as 128 bits is IPv4-mapped ({@code ::ffff:a.b.c.d}). */
    public static boolean isV4Mapped(final long hi, final long lo)
    {
        return hi == DecodedPacket.V4_MAPPED_HI && (lo & 0xffff_ffff_0000_0000L) == DecodedPacket.V4_MAPPED_LO_PREFIX;
    }

    /** Community ID of the flow a key describes (direction does not matter). */
    public String compute(final FlowKey key, final int protocol)
    {
        return compute(key.aHi(), key.aLo(), key.aPort(), key.bHi(), key.bLo(), key.bPort(), protocol);
    }

    /** Community ID of one direction of a flow (the other direction gives the same value). */
    public String compute(
        final long srcHi, final long srcLo, final int srcPort,
        final long dstHi, final long dstLo, final int dstPort,
        final int protocol)
    {
        final boolean v4 = isV4Mapped(srcHi, srcLo) && isV4Mapped(dstHi, dstLo);
        final boolean keep = FlowKey.compare(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort) <= 0;
        int p = 0;
        scratch[p++] = (byte)(seed >>> 8);
        scratch[p++] = (byte)seed;
        if (keep)
        {
            p = putAddress(p, srcHi, srcLo, v4);
            p = putAddress(p, dstHi, dstLo, v4);
        }
        else
        {
            p = putAddress(p, dstHi, dstLo, v4);
            p = putAddress(p, srcHi, srcLo, v4);
        }
        scratch[p++] = (byte)protocol;
        scratch[p++] = 0;
        final int first = keep ? srcPort : dstPort;
        final int second = keep ? dstPort : srcPort;
        scratch[p++] = (byte)(first >>> 8);
        scratch[p++] = (byte)first;
        scratch[p++] = (byte)(second >>> 8);
        scratch[p++] = (byte)second;

        sha1.reset();
        sha1.update(scratch, 0, p);
        return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
    }

    private int putAddress(final int offset, final long hi, final long lo, final boolean v4)
    {
        int p = offset;
        if (!v4)
        {
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                scratch[p++] = (byte)(hi >>> shift);
            }
            for (int shift = 56; shift >= 32; shift -= 8)
            {
                scratch[p++] = (byte)(lo >>> shift);
            }
        }
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            scratch[p++] = (byte)(lo >>> shift);
        }
        return p;
    }
}
