package dev.ftp426.decode;

import dev.ftp426.pcap.LinkType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged frames (seeded random mutations of valid ones) never throw and never yield inconsistent lengths. */
class DecodeFuzzTest
{
    @Test
    void mutatedFramesNeverThrow()
    {
        final byte[] quoted = Arrays.copyOf(new PacketBuilder().tcp(20, 9).payload(new byte[64]).buildIp(), 48);
        final List<PacketBuilder> templates = List.of(
            new PacketBuilder().qinq(5).vlan(6).tcp(1, 2).mss(1460).sackPermitted().timestamps(1, 2).payload("a"),
            new PacketBuilder().sll().ipv6("2001:db8::1", "2001:db8::2").hopByHop(8).routing(16)
                .destinationOptions(8).tcp(1, 2).nop().nop().sack(1, 2, 3, 4).payload("b"),
            new PacketBuilder().sll2().ipv4Options(new byte[]{1, 1, 1, 1, 7, 7, 4, 0, 0, 0, 0}).tcp(1, 2),
            new PacketBuilder().nullLoopback(30, false).ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2),
            new PacketBuilder().raw(LinkType.RAW).icmpError(3, 4, 1400, quoted),
            new PacketBuilder().nflog().ipv6("2001:db8::fe", "2001:db8::1").icmpError(2, 0, 1280,
                new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2).buildIp()),
            new PacketBuilder().tcp(1, 2).payload(new byte[64]).fragment(0, 40),
            new PacketBuilder().tcp(1, 2).payload(new byte[64]).fragment(40, 100),
            new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2).payload(new byte[64]).fragment(0, 48),
            new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2).payload(new byte[64]).fragment(48, 99));
        final int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
            LinkType.RAW, LinkType.NFLOG, LinkType.IPV4, LinkType.IPV6, LinkType.LOOP, 147};

        final Random random = new Random(426);
        final PacketDecoder decoder =
            new PacketDecoder(new DecodeLimits().maxPendingDatagrams(4).verifyChecksums(true));
        final DecodedPacket out = new DecodedPacket();
        int decoded = 0;
        for (int i = 0; i < 60_000; i++)
        {
            final PacketBuilder template = templates.get(random.nextInt(templates.size()));
            final byte[] bytes = template.build();
            final int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++)
            {
                bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
            }
            final int linkType = random.nextInt(8) == 0 ? linkTypes[random.nextInt(linkTypes.length)] :
                template.linkType();
            final int captured = random.nextInt(4) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            if (decoder.decode(PacketBuilder.frame(bytes, captured, linkType, i + 1, i * 1_000_000L), out))
            {
                decoded++;
                assertThat(out.payloadLength()).isBetween(0, Math.max(0, out.payloadWireLength()));
                assertThat(out.payloadLength()).isEqualTo(out.payload().capacity());
                assertThat(out.ipVersion()).isIn(4, 6);
            }
        }
        assertThat(decoded).isPositive();
        assertThat(decoder.counters().frames()).isEqualTo(60_000);
        assertThat(decoder.pendingFragmentedDatagrams()).isLessThanOrEqualTo(4);
    }
}
