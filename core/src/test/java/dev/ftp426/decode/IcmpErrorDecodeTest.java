package dev.ftp426.decode;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class IcmpErrorDecodeTest
{
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    /** The data segment the server sent, as the router saw it. */
    private static byte[] quotedSegment()
    {
        return new PacketBuilder().ipv4("203.0.113.80", "198.51.100.9").ttl(61).ipId(0x7777).tcp(20, 50123)
            .seq(0x89abcdefL).ack(42).flags(DecodedPacket.TCP_ACK).payload(new byte[1400]).buildIp();
    }

    @Test
    void fragmentationNeededQuotingTcp()
    {
        final byte[] quoted = Arrays.copyOf(quotedSegment(), 20 + 20 + 8);
        final PacketBuilder icmp = new PacketBuilder().ipv4("198.51.100.254", "203.0.113.80").ttl(250)
            .icmpError(3, 4, 1400, quoted);
        assertThat(decoder.decode(icmp.frame(9), out)).isTrue();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.ICMP_ERROR);
        assertThat(out.icmpError()).isTrue();
        assertThat(out.isTcp()).isFalse();
        assertThat(out.icmpType()).isEqualTo(3);
        assertThat(out.icmpCode()).isEqualTo(4);
        assertThat(out.icmpMtu()).isEqualTo(1400);
        assertThat(out.ttl()).isEqualTo(250);
        assertThat(IpAddress.formatSource(out)).isEqualTo("203.0.113.80");
        assertThat(IpAddress.formatDestination(out)).isEqualTo("198.51.100.9");
        assertThat(out.protocol()).isEqualTo(DecodedPacket.PROTO_TCP);
        assertThat(out.srcPort()).isEqualTo(20);
        assertThat(out.dstPort()).isEqualTo(50123);
        assertThat(out.seq()).isEqualTo(0x89abcdefL);
        assertThat(out.ack()).isEqualTo(42);
        assertThat(out.tcpFlags()).isEqualTo(DecodedPacket.TCP_ACK);
        assertThat(out.ipId()).isEqualTo(0x7777);
        assertThat(decoder.counters().icmpErrors()).isEqualTo(1);
    }

    @Test
    void routerQuotingOnlyEightBytesStillGivesPortsAndSequence()
    {
        final byte[] quoted = Arrays.copyOf(quotedSegment(), 20 + 8);
        final PacketBuilder icmp = new PacketBuilder().ipv4("198.51.100.254", "203.0.113.80")
            .icmpError(11, 0, 0, quoted);
        assertThat(decoder.decode(icmp.frame(1), out)).isTrue();
        assertThat(out.icmpType()).isEqualTo(11);
        assertThat(out.icmpMtu()).isZero();
        assertThat(out.srcPort()).isEqualTo(20);
        assertThat(out.seq()).isEqualTo(0x89abcdefL);
        assertThat(out.tcpFlags()).isZero();
    }

    @Test
    void unreachableWithoutTransportHeaderKeepsAddresses()
    {
        final byte[] quoted = Arrays.copyOf(quotedSegment(), 20 + 4);
        final PacketBuilder icmp = new PacketBuilder().ipv4("198.51.100.254", "203.0.113.80")
            .icmpError(3, 1, 0, quoted);
        assertThat(decoder.decode(icmp.frame(1), out)).isTrue();
        assertThat(out.icmpError()).isTrue();
        assertThat(IpAddress.formatDestination(out)).isEqualTo("198.51.100.9");
        assertThat(out.srcPort()).isZero();
    }

    @Test
    void quotedPacketThatIsNotIpIsNotAnError()
    {
        final PacketBuilder icmp = new PacketBuilder().ipv4("198.51.100.254", "203.0.113.80")
            .icmpError(3, 3, 0, new byte[28]);
        assertThat(decoder.decode(icmp.frame(1), out)).isTrue();
        assertThat(out.icmpError()).isFalse();
        assertThat(out.protocol()).isEqualTo(DecodedPacket.PROTO_ICMP);
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.OTHER_IP);
    }

    @Test
    void echoRequestIsOtherIp()
    {
        final PacketBuilder echo = new PacketBuilder().ipv4("198.51.100.254", "203.0.113.80")
            .protocol(DecodedPacket.PROTO_ICMP).payload(new byte[]{8, 0, 0, 0, 0, 1, 0, 1});
        assertThat(decoder.decode(echo.frame(1), out)).isTrue();
        assertThat(out.icmpError()).isFalse();
        assertThat(out.srcPort()).isZero();
        assertThat(IpAddress.formatSource(out)).isEqualTo("198.51.100.254");
    }

    @Test
    void icmpv6PacketTooBigQuotingTcpBehindExtensionHeaders()
    {
        final byte[] quoted = Arrays.copyOf(new PacketBuilder().ipv6("2001:db8::80", "2001:db8:9::9").hopByHop(8)
            .tcp(20, 50123).seq(31337).flags(DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH).payload(new byte[1400])
            .buildIp(), 1232);
        final PacketBuilder icmp = new PacketBuilder().ipv6("2001:db8::fe", "2001:db8::80").ttl(255)
            .icmpError(2, 0, 1280, quoted);
        assertThat(decoder.decode(icmp.frame(3), out)).isTrue();
        assertThat(out.icmpError()).isTrue();
        assertThat(out.icmpType()).isEqualTo(2);
        assertThat(out.icmpMtu()).isEqualTo(1280);
        assertThat(out.ttl()).isEqualTo(255);
        assertThat(IpAddress.formatSource(out)).isEqualTo("2001:db8::80");
        assertThat(IpAddress.formatDestination(out)).isEqualTo("2001:db8:9::9");
        assertThat(out.protocol()).isEqualTo(DecodedPacket.PROTO_TCP);
        assertThat(out.srcPort()).isEqualTo(20);
        assertThat(out.dstPort()).isEqualTo(50123);
        assertThat(out.seq()).isEqualTo(31337);
        assertThat(out.tcpFlags()).isEqualTo(DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH);
    }

    @Test
    void icmpv6DestinationUnreachable()
    {
        final byte[] quoted = new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").tcp(50000, 21)
            .flags(DecodedPacket.TCP_SYN).buildIp();
        final PacketBuilder icmp = new PacketBuilder().ipv6("2001:db8::fe", "2001:db8::1").icmpError(1, 4, 0, quoted);
        assertThat(decoder.decode(icmp.frame(1), out)).isTrue();
        assertThat(out.icmpType()).isEqualTo(1);
        assertThat(out.icmpCode()).isEqualTo(4);
        assertThat(out.icmpMtu()).isZero();
        assertThat(out.dstPort()).isEqualTo(21);
        assertThat(out.syn()).isTrue();
    }

    @Test
    void icmpv6EchoIsOtherIp()
    {
        final PacketBuilder echo = new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2")
            .protocol(DecodedPacket.PROTO_ICMPV6).payload(new byte[]{(byte)128, 0, 0, 0, 0, 1, 0, 1});
        assertThat(decoder.decode(echo.frame(1), out)).isTrue();
        assertThat(out.icmpError()).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.OTHER_IP);
    }
}
