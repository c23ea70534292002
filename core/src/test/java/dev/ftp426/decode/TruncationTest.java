package dev.ftp426.decode;

import dev.ftp426.pcap.LinkType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Cuts frames at every byte: decoding must never throw, and a decoded packet cut short must say so. */
class TruncationTest
{
    static Stream<Arguments> frames()
    {
        final byte[] options40 = new byte[40];
        options40[0] = 7;
        options40[1] = 39;
        final byte[] quoted = Arrays.copyOf(new PacketBuilder().ipv4("203.0.113.80", "198.51.100.9").tcp(20, 5000)
            .seq(1).payload(new byte[100]).buildIp(), 48);
        final byte[] quoted6 = Arrays.copyOf(new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").hopByHop(8)
            .tcp(20, 5000).payload(new byte[100]).buildIp(), 90);
        return Stream.of(
            arguments("ether-tcp-options", new PacketBuilder().tcp(1, 2).mss(1460).windowScale(3).sackPermitted()
                .timestamps(1, 2).payload("abc")),
            arguments("qinq-ipv4-options", new PacketBuilder().qinq(1).vlan(2).ipv4Options(options40).tcp(1, 2)
                .nop().nop().nop().nop().nop().nop().sack(1, 2, 3, 4, 5, 6, 7, 8).payload("x")),
            arguments("sll-ipv6-chain", new PacketBuilder().sll().ipv6("2001:db8::1", "2001:db8::2").hopByHop(16)
                .routing(8).destinationOptions(8).authenticationHeader(16).tcp(1, 2).payload("y")),
            arguments("sll2-ipv6-atomic", new PacketBuilder().sll2().ipv6("2001:db8::1", "2001:db8::2")
                .atomicFragment().tcp(1, 2).payload("z")),
            arguments("pppoe", new PacketBuilder().pppoe().tcp(1, 2).payload("p")),
            arguments("mpls", new PacketBuilder().vlan(3).mpls(16, 17).tcp(1, 2).payload("m")),
            arguments("null", new PacketBuilder().nullLoopback(2, false).tcp(1, 2).payload("n")),
            arguments("loop", new PacketBuilder().loop(24).ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2)),
            arguments("raw", new PacketBuilder().raw(LinkType.RAW).tcp(1, 2).payload("r")),
            arguments("nflog", new PacketBuilder().nflog().tcp(1, 2).payload("nf")),
            arguments("icmp-frag-needed", new PacketBuilder().icmpError(3, 4, 1400, quoted)),
            arguments("icmpv6-too-big", new PacketBuilder().ipv6("2001:db8::fe", "2001:db8::1")
                .icmpError(2, 0, 1280, quoted6)),
            arguments("ipv4-fragment", new PacketBuilder().tcp(1, 2).payload(new byte[40]).fragment(0, 32)),
            arguments("ipv6-fragment", new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").hopByHop(8)
                .tcp(1, 2).payload(new byte[40]).fragment(0, 32)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void everyCutPointIsSafe(final String name, final PacketBuilder builder)
    {
        final byte[] bytes = builder.build();
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket out = new DecodedPacket();

        assertThat(decoder.decode(PacketBuilder.frame(bytes, bytes.length, builder.linkType(), 1, 0), out))
            .as("whole frame")
            .isEqualTo(!name.endsWith("fragment"));
        assertThat(out.truncated()).isFalse();

        for (int captured = 0; captured < bytes.length; captured++)
        {
            final boolean decoded = decoder.decode(
                PacketBuilder.frame(bytes, captured, builder.linkType(), captured + 2, 0), out);
            final int outcome = decoder.lastOutcome();
            if (decoded)
            {
                final int ipEnd = bytes.length - (name.equals("nflog") ? 2 : 0); // NFLOG pads its TLV to 4 bytes
                assertThat(out.truncated() || captured >= ipEnd).as("cut at %d", captured).isTrue();
                assertThat(out.payloadLength()).isLessThanOrEqualTo(out.payloadWireLength());
            }
            else
            {
                assertThat(outcome).as("cut at %d: %s", captured, DecodeOutcome.name(outcome))
                    .isIn(DecodeOutcome.TRUNCATED, DecodeOutcome.FRAGMENT_DROPPED);
            }
        }
        assertThat(decoder.pendingFragmentedDatagrams()).isLessThanOrEqualTo(1);
    }
}
