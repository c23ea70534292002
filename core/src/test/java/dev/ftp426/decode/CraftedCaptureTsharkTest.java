package dev.ftp426.decode;

import dev.ftp426.pcap.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes crafted frames (those the public captures lack: ICMP errors, IPv6 fragments and extension headers, QinQ,
 * PPPoE, MPLS, every link type) to pcap files and checks the decoder against tshark, so neither the builder nor the
 * decoder is only checked against itself.
 */
class CraftedCaptureTsharkTest
{
    private static final String REQUEST = "STOR upload-with-a-long-enough-name.bin\r\n";

    @TempDir
    Path dir;

    @Test
    void ethernetVariety() throws Exception
    {
        final byte[] quoted = Arrays.copyOf(new PacketBuilder().ipv4("203.0.113.80", "198.51.100.9").ttl(61)
            .tcp(20, 50123).seq(0x89abcdefL).ack(42).payload(new byte[1400]).buildIp(), 20 + 20 + 8);
        final byte[] quoted6 = Arrays.copyOf(new PacketBuilder().ipv6("2001:db8::80", "2001:db8:9::9").hopByHop(8)
            .tcp(20, 50123).seq(31337).payload(new byte[1400]).buildIp(), 1232);
        final byte[] options = new byte[40];
        options[0] = 7;
        options[1] = 39;
        options[2] = 4;
        final List<PacketBuilder> frames = List.of(
            new PacketBuilder().tcp(40000, 21).flags(DecodedPacket.TCP_SYN).seq(1).mss(1460).sackPermitted()
                .timestamps(5, 0).nop().windowScale(7),
            new PacketBuilder().qinq(300).vlan(42).tcp(40000, 21).seq(2).payload("USER anonymous\r\n"),
            new PacketBuilder().vlanTag(0x9100, 7).vlan(8).ipv6("2001:db8::1", "2001:db8::2").tcp(21, 40000).seq(3),
            new PacketBuilder().ipv4Options(options).tcp(21, 40000).seq(4).payload("230 ok\r\n"),
            new PacketBuilder().tcp(21, 40000).seq(5).nop().nop().nop().nop().nop().nop()
                .sack(1, 2, 3, 4, 5, 6, 7, 8).payload("x"),
            new PacketBuilder().ipv4("198.51.100.254", "203.0.113.80").ttl(250).icmpError(3, 4, 1400, quoted),
            new PacketBuilder().ipv4("198.51.100.254", "203.0.113.80").icmpError(11, 0, 0, quoted),
            new PacketBuilder().ipv6("2001:db8::fe", "2001:db8::80").ttl(255).icmpError(2, 0, 1280, quoted6),
            new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").hopByHop(8).routing(24).destinationOptions(16)
                .tcp(40000, 21).seq(6).payload("PASV\r\n"),
            fragment4(56, 100),
            fragment4(0, 24),
            fragment4(24, 32),
            fragment6(48, 100),
            fragment6(0, 24),
            fragment6(24, 24),
            new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").atomicFragment().tcp(1, 2).seq(7),
            new PacketBuilder().pppoe().tcp(40000, 21).seq(8).payload("QUIT\r\n"),
            new PacketBuilder().mpls(16, 17).tcp(40000, 21).seq(9).payload("NOOP\r\n"),
            new PacketBuilder().tcp(40000, 21).seq(10).padding(6),
            new PacketBuilder().udp(53, 53).payload("not tcp"),
            new PacketBuilder().tcp(40000, 21).seq(11).payload(new byte[300]).snap(100));
        check("ether", LinkType.ETHERNET, frames);
    }

    @Test
    void otherLinkTypes() throws Exception
    {
        check("sll", LinkType.LINUX_SLL, List.of(
            new PacketBuilder().sll().tcp(1, 21).seq(1),
            new PacketBuilder().sll().ipv6("2001:db8::1", "2001:db8::2").tcp(21, 1).seq(2)));
        check("sll2", LinkType.LINUX_SLL2, List.of(
            new PacketBuilder().sll2().tcp(1, 21).seq(1),
            new PacketBuilder().sll2().ipv6("2001:db8::1", "2001:db8::2").tcp(21, 1).seq(2)));
        check("null", LinkType.NULL, List.of(
            new PacketBuilder().nullLoopback(2, false).tcp(1, 21).seq(1),
            new PacketBuilder().nullLoopback(30, false).ipv6("2001:db8::1", "2001:db8::2").tcp(21, 1).seq(2),
            new PacketBuilder().nullLoopback(2, true).tcp(1, 21).seq(3)));
        check("loop", LinkType.LOOP, List.of(
            new PacketBuilder().loop(2).tcp(1, 21).seq(1),
            new PacketBuilder().loop(24).ipv6("2001:db8::1", "2001:db8::2").tcp(21, 1).seq(2)));
        check("raw", LinkType.RAW, List.of(
            new PacketBuilder().raw(LinkType.RAW).tcp(1, 21).seq(1),
            new PacketBuilder().raw(LinkType.RAW).ipv6("2001:db8::1", "2001:db8::2").tcp(21, 1).seq(2)));
        check("nflog", LinkType.NFLOG, List.of(
            new PacketBuilder().nflog().tcp(1, 21).seq(1).payload("abc"),
            new PacketBuilder().nflog().ipv6("2001:db8::1", "2001:db8::2").tcp(21, 1).seq(2)));
    }

    private static PacketBuilder fragment4(final int offset, final int length)
    {
        return new PacketBuilder().ipv4("203.0.113.1", "198.51.100.2").ipId(4242).dontFragment(false)
            .tcp(40000, 21).seq(777).payload(REQUEST).fragment(offset, length);
    }

    private static PacketBuilder fragment6(final int offset, final int length)
    {
        return new PacketBuilder().ipv6("2001:db8::a", "2001:db8::b").hopByHop(8).destinationOptions(16)
            .fragmentId(0xcafe0001L).tcp(40000, 21).seq(778).payload(REQUEST).fragment(offset, length);
    }

    private void check(final String name, final int linkType, final List<PacketBuilder> frames) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        // little-endian file: tshark reads NFLOG TLVs in the file's byte order, and the builder writes them so
        out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0)
            .putInt(0).putInt(65535).putInt(linkType).array());
        int second = 1_700_000_000;
        for (final PacketBuilder builder : frames)
        {
            final byte[] bytes = builder.build();
            final int captured = builder.frame(0).capturedLength();
            out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(second++).putInt(0).putInt(captured).putInt(bytes.length)
                .array());
            out.write(bytes, 0, captured);
        }
        final Path file = dir.resolve(name + ".pcap");
        Files.write(file, out.toByteArray());
        ExternalCaptureDecodeTest.check(file, name, true);
    }
}
