package dev.ftp426.capture.live;

import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import dev.ftp426.pcap.LinkType;
import dev.ftp426.pipeline.parallel.HostPairHash;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SymmetricFlowHashTest
{
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20261127})
    void bothDirectionsHashAlikeForIpv4AndIpv6(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++)
        {
            final byte[] a = bytes(random, random.nextBoolean() ? 4 : 16);
            final byte[] b = bytes(random, a.length);
            final int portA = random.nextInt(65536);
            final int portB = random.nextInt(65536);
            final UnsafeBuffer forward = ethernet(a, b, portA, portB, random.nextBoolean());
            final UnsafeBuffer reverse = ethernet(b, a, portB, portA, false);
            for (final SymmetricFlowHash hash : new SymmetricFlowHash[]{
                SymmetricFlowHash.HOST_PAIR, SymmetricFlowHash.FIVE_TUPLE})
            {
                assertThat(hash.hash(forward, 0, forward.capacity(), LinkType.ETHERNET))
                    .isEqualTo(hash.hash(reverse, 0, reverse.capacity(), LinkType.ETHERNET));
            }
        }
    }

    @Test
    void hostPairKeepsControlAndDataTogetherFiveTupleSpreadsThem()
    {
        final byte[] client = {(byte)198, 51, 100, 10};
        final byte[] server = {(byte)198, 51, 100, 20};
        final Set<Integer> hostPair = new HashSet<>();
        final Set<Integer> fiveTuple = new HashSet<>();
        for (int port = 40000; port < 40064; port++)
        {
            final UnsafeBuffer frame = ethernet(client, server, port, 21, false);
            hostPair.add(SymmetricFlowHash.HOST_PAIR.shard(frame, 0, frame.capacity(), LinkType.ETHERNET, 4));
            fiveTuple.add(SymmetricFlowHash.FIVE_TUPLE.shard(frame, 0, frame.capacity(), LinkType.ETHERNET, 4));
        }
        assertThat(hostPair).hasSize(1);
        assertThat(fiveTuple).hasSize(4);
    }

    @Test
    void nonIpAndShortFramesGoToShardZero()
    {
        final UnsafeBuffer arp = new UnsafeBuffer(new byte[42]);
        arp.putShort(12, (short)0x0806, ByteOrder.BIG_ENDIAN);
        assertThat(SymmetricFlowHash.HOST_PAIR.shard(arp, 0, 42, LinkType.ETHERNET, 8)).isZero();
        final UnsafeBuffer frame = ethernet(new byte[]{1, 2, 3, 4}, new byte[]{5, 6, 7, 8}, 1, 2, false);
        assertThat(SymmetricFlowHash.HOST_PAIR.hash(frame, 0, 20, LinkType.ETHERNET)).isZero();
        assertThat(SymmetricFlowHash.HOST_PAIR.hash(frame, 0, 14 + 20, LinkType.ETHERNET)).isNotZero();
        assertThat(SymmetricFlowHash.HOST_PAIR.shard(frame, 0, frame.capacity(), 9999, 8)).isZero();
    }

    @Test
    void rawIpAndCookedLinksHashTheSameConversationAlike()
    {
        final byte[] a = {(byte)203, 0, 113, 1};
        final byte[] b = {(byte)203, 0, 113, 2};
        final UnsafeBuffer ether = ethernet(a, b, 1000, 21, false);
        final UnsafeBuffer raw = new UnsafeBuffer(new byte[ether.capacity() - 14]);
        raw.putBytes(0, ether, 14, raw.capacity());
        final UnsafeBuffer sll = new UnsafeBuffer(new byte[raw.capacity() + 16]);
        sll.putShort(14, (short)0x0800, ByteOrder.BIG_ENDIAN);
        sll.putBytes(16, raw, 0, raw.capacity());

        final int expected = SymmetricFlowHash.FIVE_TUPLE.hash(ether, 0, ether.capacity(), LinkType.ETHERNET);
        assertThat(SymmetricFlowHash.FIVE_TUPLE.hash(raw, 0, raw.capacity(), LinkType.RAW)).isEqualTo(expected);
        assertThat(SymmetricFlowHash.FIVE_TUPLE.hash(sll, 0, sll.capacity(), LinkType.LINUX_SLL)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 77})
    void liveShardsFollowTheOfflineHostPairHash(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final FlowSharder live = LiveCaptureOptions.forInterface("lo").sharder();
        assertThat(live).isSameAs(SymmetricFlowHash.HOST_PAIR);
        for (int i = 0; i < 500; i++)
        {
            final byte[] a = bytes(random, random.nextBoolean() ? 4 : 16);
            final byte[] b = bytes(random, a.length);
            final UnsafeBuffer frame =
                ethernet(a, b, random.nextInt(65536), random.nextInt(65536), random.nextBoolean());
            final int linkType = LinkType.ETHERNET;
            assertThat(SymmetricFlowHash.HOST_PAIR.hash(frame, 0, frame.capacity(), linkType))
                .isEqualTo(HostPairHash.hash(frame, 0, frame.capacity(), linkType));
            for (int shards = 2; shards <= 5; shards++)
            {
                assertThat(live.shard(frame, 0, frame.capacity(), linkType, shards))
                    .isEqualTo(HostPairHash.shard(frame, 0, frame.capacity(), linkType, shards));
            }
        }
    }

    @Test
    void anIcmpErrorAndA9100TaggedFrameGoWhereTheirConnectionGoes()
    {
        final byte[] client = {(byte)198, 51, 100, 10};
        final byte[] server = {(byte)203, 0, 113, 20};
        final UnsafeBuffer connection = ethernet(client, server, 40000, 21, false);
        final int expected = SymmetricFlowHash.HOST_PAIR.shard(connection, 0, connection.capacity(),
            LinkType.ETHERNET, 7);

        // A router (203.0.113.1) tells the client that the server is unreachable, quoting the client's packet.
        final UnsafeBuffer icmp = new UnsafeBuffer(new byte[14 + 20 + 8 + 28]);
        icmp.putShort(12, (short)0x0800, ByteOrder.BIG_ENDIAN);
        icmp.putByte(14, (byte)0x45);
        icmp.putByte(14 + 9, (byte)1);
        icmp.putBytes(14 + 12, new byte[]{(byte)203, 0, 113, 1});
        icmp.putBytes(14 + 16, client);
        icmp.putByte(34, (byte)3);
        icmp.putBytes(42, connection, 14, 28);
        assertThat(SymmetricFlowHash.HOST_PAIR.shard(icmp, 0, icmp.capacity(), LinkType.ETHERNET, 7))
            .isEqualTo(expected);

        final UnsafeBuffer tagged = new UnsafeBuffer(new byte[connection.capacity() + 4]);
        tagged.putShort(12, (short)0x9100, ByteOrder.BIG_ENDIAN);
        tagged.putShort(14, (short)42, ByteOrder.BIG_ENDIAN);
        tagged.putBytes(16, connection, 12, connection.capacity() - 12);
        assertThat(SymmetricFlowHash.HOST_PAIR.shard(tagged, 0, tagged.capacity(), LinkType.ETHERNET, 7))
            .isEqualTo(expected);
        assertThat(SymmetricFlowHash.FIVE_TUPLE.hash(tagged, 0, tagged.capacity(), LinkType.ETHERNET))
            .isEqualTo(SymmetricFlowHash.FIVE_TUPLE.hash(connection, 0, connection.capacity(), LinkType.ETHERNET));
    }

    private static byte[] bytes(final SplittableRandom random, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }

    /** Ethernet + IPv4/IPv6 + TCP header, optionally behind an 802.1Q tag. */
    static UnsafeBuffer ethernet(final byte[] src, final byte[] dst, final int srcPort, final int dstPort,
        final boolean vlan)
    {
        final boolean v4 = 4 == src.length;
        final int l2 = vlan ? 18 : 14;
        final int ipLength = v4 ? 20 : 40;
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[l2 + ipLength + 20]);
        if (vlan)
        {
            frame.putShort(12, (short)0x8100, ByteOrder.BIG_ENDIAN);
        }
        frame.putShort(l2 - 2, (short)(v4 ? 0x0800 : 0x86DD), ByteOrder.BIG_ENDIAN);
        if (v4)
        {
            frame.putByte(l2, (byte)0x45);
            frame.putByte(l2 + 9, (byte)6);
            frame.putBytes(l2 + 12, src);
            frame.putBytes(l2 + 16, dst);
        }
        else
        {
            frame.putByte(l2, (byte)0x60);
            frame.putByte(l2 + 6, (byte)6);
            frame.putBytes(l2 + 8, src);
            frame.putBytes(l2 + 24, dst);
        }
        frame.putShort(l2 + ipLength, (short)srcPort, ByteOrder.BIG_ENDIAN);
        frame.putShort(l2 + ipLength + 2, (short)dstPort, ByteOrder.BIG_ENDIAN);
        return frame;
    }
}
