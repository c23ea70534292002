package dev.ftp426.decode;

import dev.ftp426.pcap.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LinkLayerDecodeTest
{
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    private static PacketBuilder segment()
    {
        return new PacketBuilder().ipv4("203.0.113.10", "198.51.100.20").tcp(40001, 21).seq(1000).ack(77)
            .flags(DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH).payload("USER anonymous\r\n");
    }

    private static PacketBuilder segment6()
    {
        return new PacketBuilder().ipv6("2001:db8::10", "2001:db8:1::20").tcp(40001, 21).seq(1000).ack(77)
            .flags(DecodedPacket.TCP_ACK).payload("PASV\r\n");
    }

    private void assertSegment()
    {
        assertThat(out.isTcp()).isTrue();
        assertThat(IpAddress.formatSource(out)).isEqualTo("203.0.113.10");
        assertThat(IpAddress.formatDestination(out)).isEqualTo("198.51.100.20");
        assertThat(out.srcPort()).isEqualTo(40001);
        assertThat(out.dstPort()).isEqualTo(21);
        assertThat(out.seq()).isEqualTo(1000);
        assertThat(out.payloadLength()).isEqualTo(16);
        assertThat(out.payload().getStringWithoutLengthAscii(0, 16)).isEqualTo("USER anonymous\r\n");
        assertThat(out.truncated()).isFalse();
    }

    private void assertSegment6()
    {
        assertThat(out.isTcp()).isTrue();
        assertThat(out.ipVersion()).isEqualTo(6);
        assertThat(IpAddress.formatSource(out)).isEqualTo("2001:db8::10");
        assertThat(IpAddress.formatDestination(out)).isEqualTo("2001:db8:1::20");
        assertThat(out.payloadLength()).isEqualTo(6);
    }

    @Test
    void ethernet()
    {
        assertThat(decoder.decode(segment().frame(7), out)).isTrue();
        assertSegment();
        assertThat(out.frameNumber()).isEqualTo(7);
        assertThat(out.vlanId()).isEqualTo(-1);
        assertThat(out.outerVlanId()).isEqualTo(-1);
        assertThat(decoder.counters().tcp()).isEqualTo(1);
    }

    @Test
    void ethernetPaddingIsNotPayload()
    {
        assertThat(decoder.decode(segment().payload("").padding(6).frame(1), out)).isTrue();
        assertThat(out.payloadLength()).isZero();
        assertThat(out.payloadWireLength()).isZero();
        assertThat(out.frameLength()).isEqualTo(14 + 40 + 6);
    }

    @Test
    void singleVlanTag()
    {
        assertThat(decoder.decode(segment().vlan(100).frame(1), out)).isTrue();
        assertSegment();
        assertThat(out.vlanId()).isEqualTo(100);
        assertThat(out.outerVlanId()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x88a8, 0x9100, 0x8100})
    void qinqStack(final int serviceTpid)
    {
        assertThat(decoder.decode(segment().vlanTag(serviceTpid, 300).vlan(42).frame(1), out)).isTrue();
        assertSegment();
        assertThat(out.outerVlanId()).isEqualTo(300);
        assertThat(out.vlanId()).isEqualTo(42);
    }

    @Test
    void deepStackWithinLimit()
    {
        final PacketBuilder builder = segment6();
        for (int i = 1; i <= DecodeLimits.DEFAULT_MAX_VLAN_DEPTH; i++)
        {
            builder.vlanTag(i == 1 ? 0x88a8 : 0x8100, i);
        }
        assertThat(decoder.decode(builder.frame(1), out)).isTrue();
        assertSegment6();
        assertThat(out.outerVlanId()).isEqualTo(1);
        assertThat(out.vlanId()).isEqualTo(DecodeLimits.DEFAULT_MAX_VLAN_DEPTH);
    }

    @Test
    void stackDeeperThanLimitIsNotDecoded()
    {
        final PacketBuilder builder = segment();
        for (int i = 0; i <= DecodeLimits.DEFAULT_MAX_VLAN_DEPTH; i++)
        {
            builder.vlan(i + 1);
        }
        assertThat(decoder.decode(builder.frame(1), out)).isFalse();
        assertThat(decoder.counters().nonIp()).isEqualTo(1);
    }

    @Test
    void arpIsNonIp()
    {
        assertThat(decoder.decode(segment().etherType(0x0806).frame(1), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.NON_IP);
        assertThat(decoder.counters().nonIp()).isEqualTo(1);
    }

    @Test
    void pppoeSession()
    {
        assertThat(decoder.decode(segment().pppoe().frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().vlan(12).pppoe().frame(2), out)).isTrue();
        assertSegment6();
        assertThat(out.vlanId()).isEqualTo(12);
    }

    @Test
    void mplsLabelStack()
    {
        assertThat(decoder.decode(segment().mpls(16, 17, 18).frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().mpls(1000).frame(2), out)).isTrue();
        assertSegment6();
        assertThat(decoder.decode(segment().mpls(1, 2, 3, 4, 5, 6, 7, 8, 9).frame(3), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.NON_IP);
    }

    @Test
    void linuxCooked()
    {
        assertThat(decoder.decode(segment().sll().frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().sll().frame(2), out)).isTrue();
        assertSegment6();
    }

    @Test
    void linuxCookedV2()
    {
        assertThat(decoder.decode(segment().sll2().frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().sll2().frame(2), out)).isTrue();
        assertSegment6();
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14})
    void rawIpDetectsVersion(final int linkType)
    {
        assertThat(decoder.decode(segment().raw(linkType).frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().raw(linkType).frame(2), out)).isTrue();
        assertSegment6();
    }

    @Test
    void ipv4AndIpv6LinkTypes()
    {
        assertThat(decoder.decode(segment().raw(LinkType.IPV4).frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().raw(LinkType.IPV6).frame(2), out)).isTrue();
        assertSegment6();
        assertThat(decoder.decode(segment6().raw(LinkType.IPV4).frame(3), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.BAD_IP_HEADER);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nullLoopbackInBothByteOrders(final boolean bigEndian)
    {
        assertThat(decoder.decode(segment().nullLoopback(2, bigEndian).frame(1), out)).isTrue();
        assertSegment();
        for (final int family : new int[]{24, 28, 30})
        {
            assertThat(decoder.decode(segment6().nullLoopback(family, bigEndian).frame(2), out)).isTrue();
            assertSegment6();
        }
        assertThat(decoder.decode(segment().nullLoopback(7, bigEndian).frame(3), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.NON_IP);
    }

    @Test
    void openBsdLoop()
    {
        assertThat(decoder.decode(segment().loop(2).frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().loop(24).frame(2), out)).isTrue();
        assertSegment6();
    }

    @Test
    void nflog()
    {
        assertThat(decoder.decode(segment().nflog().frame(1), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().nflog().frame(2), out)).isTrue();
        assertSegment6();
        assertThat(decoder.decode(segment().nflogBigEndian().frame(3), out)).isTrue();
        assertSegment();
        assertThat(decoder.decode(segment6().nflogBigEndian().frame(4), out)).isTrue();
        assertSegment6();
    }

    @Test
    void unknownLinkTypeIsCountedWithItsValue()
    {
        final byte[] bytes = segment().raw(LinkType.RAW).build();
        decoder.decode(PacketBuilder.frame(bytes, bytes.length, 147, 1, 0), out);
        decoder.decode(PacketBuilder.frame(bytes, bytes.length, 147, 2, 0), out);
        assertThat(decoder.decode(PacketBuilder.frame(bytes, bytes.length, 105, 3, 0), out)).isFalse();
        assertThat(decoder.counters().unknownLinkType()).isEqualTo(3);
        assertThat(decoder.counters().unknownLinkTypeCount()).isEqualTo(2);
        assertThat(decoder.counters().unknownLinkTypeValue(0)).isEqualTo(147);
        assertThat(decoder.counters().unknownLinkTypeFrames(0)).isEqualTo(2);
        assertThat(decoder.counters().unknownLinkTypeValue(1)).isEqualTo(105);
        assertThat(decoder.counters().frames()).isEqualTo(3);
    }
}
