package dev.ftp426.decode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpDecodeTest
{
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    private static PacketBuilder v4()
    {
        return new PacketBuilder().ipv4("198.51.100.7", "203.0.113.9").tcp(2121, 50000).seq(5).payload("226 ok\r\n");
    }

    private static PacketBuilder v6()
    {
        return new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").tcp(21, 50000).seq(9).payload("150 go\r\n");
    }

    @Test
    void ipv4HeaderFields()
    {
        assertThat(decoder.decode(v4().ttl(57).ipId(0xbeef).dontFragment(false).frame(1), out)).isTrue();
        assertThat(out.ipVersion()).isEqualTo(4);
        assertThat(out.ttl()).isEqualTo(57);
        assertThat(out.ipId()).isEqualTo(0xbeef);
        assertThat(out.dontFragment()).isFalse();
        assertThat(out.protocol()).isEqualTo(DecodedPacket.PROTO_TCP);
        assertThat(IpAddress.isV4Mapped(out.srcHi(), out.srcLo())).isTrue();
        assertThat(out.srcLo() & 0xffff_ffffL).isEqualTo(0xc6336407L);
        assertThat(out.reassembledFromFragments()).isFalse();
    }

    @Test
    void ipv4WithFortyBytesOfOptions()
    {
        final byte[] options = new byte[40];
        options[0] = 7; // record route, 39 bytes
        options[1] = 39;
        options[2] = 4;
        assertThat(decoder.decode(v4().ipv4Options(options).frame(1), out)).isTrue();
        assertThat(out.srcPort()).isEqualTo(2121);
        assertThat(out.dstPort()).isEqualTo(50000);
        assertThat(out.payload().getStringWithoutLengthAscii(0, out.payloadLength())).isEqualTo("226 ok\r\n");
    }

    @Test
    void ipv4HeaderLengthBelowFiveIsBad()
    {
        final byte[] bytes = v4().build();
        bytes[14] = 0x44;
        assertThat(decoder.decode(PacketBuilder.frame(bytes, bytes.length, 1, 1, 0), out)).isFalse();
        assertThat(decoder.counters().badIpHeader()).isEqualTo(1);
    }

    @Test
    void ipv4TotalLengthBelowHeaderIsBad()
    {
        assertThat(decoder.decode(v4().ipLengthField(19).frame(1), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.BAD_IP_HEADER);
    }

    @Test
    void ipv4TotalLengthZeroFromSegmentationOffloadUsesCapturedBytes()
    {
        assertThat(decoder.decode(v4().ipLengthField(0).frame(1), out)).isTrue();
        assertThat(out.payloadLength()).isEqualTo(8);
    }

    @Test
    void snaplenCutMarksTruncatedWithWireLengthFromIp()
    {
        final PacketBuilder builder = v4().payload(new byte[1000]);
        assertThat(decoder.decode(builder.snap(14 + 20 + 20 + 100).frame(1), out)).isTrue();
        assertThat(out.truncated()).isTrue();
        assertThat(out.payloadLength()).isEqualTo(100);
        assertThat(out.payloadWireLength()).isEqualTo(1000);
        assertThat(out.frameLength()).isEqualTo(14 + 40 + 1000);
        assertThat(decoder.counters().decodedTruncated()).isEqualTo(1);
        assertThat(decoder.counters().truncated()).isZero();
        assertThat(decoder.decode(builder.snap(14 + 20 + 19).frame(2), out)).isFalse();
        assertThat(decoder.counters().truncated()).isEqualTo(1);
        assertThat(decoder.counters().decodedTruncated()).isEqualTo(1);
    }

    @Test
    void ipv6ExtensionChain()
    {
        final PacketBuilder builder = v6().ttl(33).hopByHop(8).routing(24).destinationOptions(16)
            .authenticationHeader(24);
        assertThat(decoder.decode(builder.frame(1), out)).isTrue();
        assertThat(out.isTcp()).isTrue();
        assertThat(out.ttl()).isEqualTo(33);
        assertThat(out.dontFragment()).isTrue();
        assertThat(out.srcPort()).isEqualTo(21);
        assertThat(out.seq()).isEqualTo(9);
        assertThat(out.payloadLength()).isEqualTo(8);
        assertThat(out.payloadWireLength()).isEqualTo(8);
    }

    @Test
    void ipv6ChainLongerThanLimitIsBad()
    {
        final PacketDecoder strict = new PacketDecoder(new DecodeLimits().maxExtensionHeaders(2));
        assertThat(strict.decode(v6().hopByHop(8).destinationOptions(8).destinationOptions(8).frame(1), out))
            .isFalse();
        assertThat(strict.lastOutcome()).isEqualTo(DecodeOutcome.BAD_IP_HEADER);
        assertThat(strict.decode(v6().hopByHop(8).destinationOptions(8).frame(2), out)).isTrue();
    }

    @Test
    void ipv6ExtensionHeaderRunningPastPayloadIsBad()
    {
        final byte[] bytes = v6().hopByHop(8).build();
        bytes[14 + 40 + 1] = 20; // 168 bytes, more than the packet
        assertThat(decoder.decode(PacketBuilder.frame(bytes, bytes.length, 1, 1, 0), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.BAD_IP_HEADER);
    }

    @Test
    void espAndNoNextHeaderStopTheChain()
    {
        assertThat(decoder.decode(v6().hopByHop(8).protocol(50).payload(new byte[24]).frame(1), out)).isTrue();
        assertThat(out.protocol()).isEqualTo(50);
        assertThat(out.isTcp()).isFalse();
        assertThat(out.srcPort()).isZero();
        assertThat(out.payloadLength()).isEqualTo(24);
        assertThat(decoder.decode(v6().protocol(59).payload(new byte[0]).frame(2), out)).isTrue();
        assertThat(out.protocol()).isEqualTo(59);
        assertThat(decoder.counters().otherIp()).isEqualTo(2);
    }

    @Test
    void ipv6AtomicFragmentIsAWholePacket()
    {
        assertThat(decoder.decode(v6().atomicFragment().fragmentId(0x1234abcdL).frame(1), out)).isTrue();
        assertThat(out.isTcp()).isTrue();
        assertThat(out.ipId()).isEqualTo(0xabcd);
        assertThat(out.reassembledFromFragments()).isFalse();
        assertThat(decoder.counters().atomicFragments()).isEqualTo(1);
    }

    @Test
    void ipv6JumbogramIsSkipped()
    {
        assertThat(decoder.decode(v6().hopByHop(8).ipLengthField(0).frame(1), out)).isFalse();
        assertThat(decoder.counters().jumbograms()).isEqualTo(1);
    }

    @Test
    void udpAndOtherProtocolsHavePortsZeroOrTheirOwn()
    {
        assertThat(decoder.decode(new PacketBuilder().udp(5353, 53).payload("x").frame(1), out)).isTrue();
        assertThat(out.isTcp()).isFalse();
        assertThat(out.protocol()).isEqualTo(17);
        assertThat(out.srcPort()).isZero();
        assertThat(out.payloadLength()).isEqualTo(9);
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.OTHER_IP);
    }

    @Test
    void versionNibbleOtherThanFourOrSixOnRawIsNonIp()
    {
        final byte[] bytes = new byte[]{0x50, 0, 0, 0};
        assertThat(decoder.decode(PacketBuilder.frame(bytes, 4, 101, 1, 0), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.NON_IP);
    }
}
