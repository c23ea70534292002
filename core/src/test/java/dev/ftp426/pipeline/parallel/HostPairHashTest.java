package dev.ftp426.pipeline.parallel;

import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class HostPairHashTest
{
    private static final int A = 0xC6336410;    // 198.51.100.16
    private static final int B = 0xCB00710A;    // 203.0.113.10
    private static final int ROUTER = 0xCB007101;

    @Test
    void bothDirectionsAndEveryPortOfAHostPairHashAlike()
    {
        final int control = hash(ipv4Tcp(A, B, 40000, 21, 0));
        assertThat(control).isNotZero();
        assertThat(hash(ipv4Tcp(B, A, 21, 40000, 0))).isEqualTo(control);
        assertThat(hash(ipv4Tcp(A, B, 41234, 50000, 0))).as("passive data connection").isEqualTo(control);
        assertThat(hash(ipv4Tcp(B, A, 20, 55555, 0))).as("active data connection").isEqualTo(control);
        assertThat(hash(ipv4Tcp(A, B + 1, 40000, 21, 0))).as("another host pair").isNotEqualTo(control);
    }

    @Test
    void vlanTagsDoNotChangeTheHash()
    {
        assertThat(hash(ipv4Tcp(A, B, 40000, 21, 1))).isEqualTo(hash(ipv4Tcp(A, B, 40000, 21, 0)));
    }

    @Test
    void theIpHeaderIsFoundBehindTagsAndNotInFramesThatAreNotIp()
    {
        final byte[] twoTags = ipv4Tcp(A, B, 40000, 21, 2);
        assertThat(HostPairHash.ipHeader(new UnsafeBuffer(twoTags), 0, twoTags.length, LinkType.ETHERNET))
            .isEqualTo(22);
        final UnsafeBuffer tagged9100 = new UnsafeBuffer(ipv4Tcp(A, B, 40000, 21, 1));
        tagged9100.putShort(12, (short)0x9100, ByteOrder.BIG_ENDIAN);
        assertThat(HostPairHash.ipHeader(tagged9100, 0, tagged9100.capacity(), LinkType.ETHERNET)).isEqualTo(18);
        assertThat(HostPairHash.ipHeader(tagged9100, 0, 18, LinkType.ETHERNET)).as("cut at the IP header")
            .isEqualTo(-1);
        final UnsafeBuffer arp = new UnsafeBuffer(new byte[42]);
        arp.putShort(12, (short)0x0806, ByteOrder.BIG_ENDIAN);
        assertThat(HostPairHash.ipHeader(arp, 0, 42, LinkType.ETHERNET)).isEqualTo(-1);
        assertThat(HostPairHash.ipHeader(arp, 0, 42, LinkType.RAW)).isZero();
    }

    @Test
    void anIcmpErrorGoesWhereTheConnectionItQuotesGoes()
    {
        final byte[] quoted = ipv4Tcp(A, B, 40000, 21, 0);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[14 + 20 + 8 + 28]);
        frame.putShort(12, (short)0x0800, ByteOrder.BIG_ENDIAN);
        frame.putByte(14, (byte)0x45);
        frame.putByte(14 + 9, (byte)1);
        frame.putInt(14 + 12, ROUTER, ByteOrder.BIG_ENDIAN);
        frame.putInt(14 + 16, A, ByteOrder.BIG_ENDIAN);
        frame.putByte(34, (byte)3);     // destination unreachable
        frame.putBytes(42, quoted, 14, 28);
        assertThat(HostPairHash.hash(frame, 0, frame.capacity(), LinkType.ETHERNET))
            .isEqualTo(hash(quoted));
    }

    @Test
    void framesThatAreNotIpHashToZeroAndIpFramesNever()
    {
        final UnsafeBuffer arp = new UnsafeBuffer(new byte[42]);
        arp.putShort(12, (short)0x0806, ByteOrder.BIG_ENDIAN);
        assertThat(HostPairHash.hash(arp, 0, 42, LinkType.ETHERNET)).isZero();
        assertThat(HostPairHash.hash(arp, 0, 10, LinkType.ETHERNET)).as("too short").isZero();
        assertThat(HostPairHash.hash(arp, 0, 42, 9999)).as("unknown link type").isZero();
        for (int i = 0; i < 10_000; i++)
        {
            assertThat(hash(ipv4Tcp(A + i, B, 1, 2, 0))).isNotZero();
        }
    }

    @Test
    void ipv6AddressesAreHashedSymmetrically()
    {
        final UnsafeBuffer forward = ipv6(1, 2);
        final UnsafeBuffer backward = ipv6(2, 1);
        final int h = HostPairHash.hash(forward, 0, forward.capacity(), LinkType.RAW);
        assertThat(h).isNotZero().isEqualTo(HostPairHash.hash(backward, 0, backward.capacity(), LinkType.RAW));
        final UnsafeBuffer other = ipv6(1, 3);
        assertThat(HostPairHash.hash(other, 0, other.capacity(), LinkType.RAW)).isNotEqualTo(h);
    }

    @Test
    void hostPairsSpreadEvenlyOverShards()
    {
        final int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++)
        {
            final UnsafeBuffer frame = new UnsafeBuffer(ipv4Tcp(0xC6336400 + (i % 256), 0xCB007100 + i / 256, 1, 2, 0));
            counts[HostPairHash.shard(frame, 0, frame.capacity(), LinkType.ETHERNET, 3)]++;
        }
        for (final int count : counts)
        {
            assertThat(count).isBetween(9_000, 11_000);
        }
    }

    private static int hash(final byte[] frame)
    {
        return HostPairHash.hash(new UnsafeBuffer(frame), 0, frame.length, LinkType.ETHERNET);
    }

    private static byte[] ipv4Tcp(final int src, final int dst, final int srcPort, final int dstPort, final int vlans)
    {
        final int ip = 14 + 4 * vlans;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[ip + 40]);
        int position = 12;
        for (int i = 0; i < vlans; i++)
        {
            b.putShort(position, (short)0x8100, ByteOrder.BIG_ENDIAN);
            b.putShort(position + 2, (short)(100 + i), ByteOrder.BIG_ENDIAN);
            position += 4;
        }
        b.putShort(position, (short)0x0800, ByteOrder.BIG_ENDIAN);
        b.putByte(ip, (byte)0x45);
        b.putByte(ip + 9, (byte)6);
        b.putInt(ip + 12, src, ByteOrder.BIG_ENDIAN);
        b.putInt(ip + 16, dst, ByteOrder.BIG_ENDIAN);
        b.putShort(ip + 20, (short)srcPort, ByteOrder.BIG_ENDIAN);
        b.putShort(ip + 22, (short)dstPort, ByteOrder.BIG_ENDIAN);
        return b.byteArray();
    }

    private static UnsafeBuffer ipv6(final int srcLast, final int dstLast)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[60]);
        b.putByte(0, (byte)0x60);
        b.putByte(6, (byte)6);
        b.putInt(8, 0x20010db8, ByteOrder.BIG_ENDIAN);
        b.putInt(20, srcLast, ByteOrder.BIG_ENDIAN);
        b.putInt(24, 0x20010db8, ByteOrder.BIG_ENDIAN);
        b.putInt(36, dstLast, ByteOrder.BIG_ENDIAN);
        return b;
    }
}
