package dev.ftp426.flow;

import dev.ftp426.decode.DecodedPacket;

/**
 * The bidirectional 5-tuple (TCP implied) plus VLAN ids, in canonical order so both directions of a connection
 * produce the same key and hash.
 * <p>
 * Endpoint {@code a} is the smaller of the two (address compared as an unsigned 128-bit number, then port). A
 * mutable holder meant to be reused: {@link #set(DecodedPacket)} overwrites it for every packet.
 */
public final class FlowKey
{
    private long aHi;
    private long aLo;
    private int aPort;
    private long bHi;
    private long bLo;
    private int bPort;
    private int vlanKey;
    private boolean sourceIsA;
    private int hash;

    /** Fills this key from a packet's addresses, ports and VLAN ids. */
    public FlowKey set(final DecodedPacket packet)
    {
        return set(packet.srcHi(), packet.srcLo(), packet.srcPort(), packet.dstHi(), packet.dstLo(), packet.dstPort(),
            vlanKey(packet.outerVlanId(), packet.vlanId()));
    }

    /** Fills this key from one direction's endpoints; {@code vlanKey} as built by {@link #vlanKey(int, int)}. */
    public FlowKey set(
        final long srcHi, final long srcLo, final int srcPort,
        final long dstHi, final long dstLo, final int dstPort,
        final int vlanKey)
    {
        sourceIsA = compare(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort) <= 0;
        if (sourceIsA)
        {
            aHi = srcHi;
            aLo = srcLo;
            aPort = srcPort;
            bHi = dstHi;
            bLo = dstLo;
            bPort = dstPort;
        }
        else
        {
            aHi = dstHi;
            aLo = dstLo;
            aPort = dstPort;
            bHi = srcHi;
            bLo = srcLo;
            bPort = srcPort;
        }
        this.vlanKey = vlanKey;
        hash = hash(aHi, aLo, aPort, bHi, bLo, bPort, vlanKey);
        return this;
    }

    /** Packs the outer and inner VLAN ids (each -1 when absent) into one int. */
    public static int vlanKey(final int outerVlanId, final int vlanId)
    {
        return ((outerVlanId & 0xffff) << 16) | (vlanId & 0xffff);
    }

    /** Orders endpoints by unsigned address, then port: negative when the first is smaller. */
    public static int compare(
        final long hi1, final long lo1, final int port1, final long hi2, final long lo2, final int port2)
    {
        int c = Long.compareUnsigned(hi1, hi2);
        if (0 == c)
        {
            c = Long.compareUnsigned(lo1, lo2);
        }
        if (0 == c)
        {
            c = Integer.compare(port1, port2);
        }
        return c;
    }

    /** A well-mixed 32-bit hash of a canonical key (symmetric because the key is canonical). */
    public static int hash(
        final long aHi, final long aLo, final int aPort, final long bHi, final long bLo, final int bPort,
        final int vlanKey)
    {
        long h = mix(aHi ^ 0x9E37_79B9_7F4A_7C15L);
        h = mix(h ^ aLo);
        h = mix(h ^ bHi);
        h = mix(h ^ bLo);
        h = mix(h ^ (((long)aPort << 48) | ((long)bPort << 32) | (vlanKey & 0xffff_ffffL)));
        return (int)(h ^ (h >>> 32));
    }

    private static long mix(final long value)
    {
        long z = value * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 29);
    }

    public long aHi() { return aHi; }
    public long aLo() { return aLo; }
    public int aPort() { return aPort; }
    public long bHi() { return bHi; }
    public long bLo() { return bLo; }
    public int bPort() { return bPort; }
    public int vlanKey() { return vlanKey; }
    public int hash() { return hash; }
    /** True when the packet (or source) this key was set from is endpoint {@code a}. */
    public boolean sourceIsA() { return sourceIsA; }

    public boolean sameAs(final FlowKey other)
    {
        return aHi == other.aHi && aLo == other.aLo && aPort == other.aPort && bHi == other.bHi &&
            bLo == other.bLo && bPort == other.bPort && vlanKey == other.vlanKey;
    }

    public String toString()
    {
        return "FlowKey{" + Long.toHexString(aHi) + ":" + Long.toHexString(aLo) + "." + aPort + " <-> " +
            Long.toHexString(bHi) + ":" + Long.toHexString(bLo) + "." + bPort + " vlan=" +
            Integer.toHexString(vlanKey) + "}";
    }
}
