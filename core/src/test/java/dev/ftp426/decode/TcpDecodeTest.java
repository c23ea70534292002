package dev.ftp426.decode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TcpDecodeTest
{
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    private static PacketBuilder syn()
    {
        return new PacketBuilder().ipv4("203.0.113.5", "198.51.100.6").tcp(51000, 21).seq(0xfffffff0L).ack(0)
            .flags(DecodedPacket.TCP_SYN | DecodedPacket.TCP_ECE | DecodedPacket.TCP_CWR).window(64240).urgent(3);
    }

    @Test
    void headerFields()
    {
        assertThat(decoder.decode(syn().frame(1), out)).isTrue();
        assertThat(out.seq()).isEqualTo(0xfffffff0L);
        assertThat(out.syn()).isTrue();
        assertThat(out.hasAck()).isFalse();
        assertThat(out.tcpFlags()).isEqualTo(DecodedPacket.TCP_SYN | DecodedPacket.TCP_ECE | DecodedPacket.TCP_CWR);
        assertThat(out.window()).isEqualTo(64240);
        assertThat(out.urgentPointer()).isEqualTo(3);
        assertThat(out.mss()).isEqualTo(-1);
        assertThat(out.windowScale()).isEqualTo(-1);
        assertThat(out.hasTimestamps()).isFalse();
    }

    @Test
    void synOptions()
    {
        final PacketBuilder builder = syn().mss(1460).sackPermitted().timestamps(0xdeadbeefL, 0).nop().windowScale(7);
        assertThat(decoder.decode(builder.frame(1), out)).isTrue();
        assertThat(out.mss()).isEqualTo(1460);
        assertThat(out.sackPermitted()).isTrue();
        assertThat(out.hasTimestamps()).isTrue();
        assertThat(out.tsVal()).isEqualTo(0xdeadbeefL);
        assertThat(out.tsEcr()).isZero();
        assertThat(out.windowScale()).isEqualTo(7);
        assertThat(out.payloadLength()).isZero();
    }

    @Test
    void fortyBytesOfOptionsWithFourSackBlocks()
    {
        final PacketBuilder builder = new PacketBuilder().tcp(21, 50000).flags(DecodedPacket.TCP_ACK)
            .nop().nop().nop().nop().nop().nop().sack(100, 200, 300, 400, 500, 600, 0xfffffff0L, 0xffffffffL)
            .payload("data");
        final byte[] bytes = builder.build();
        assertThat(bytes[14 + 20 + 12] & 0xf0).isEqualTo(15 << 4);
        assertThat(decoder.decode(builder.frame(1), out)).isTrue();
        assertThat(out.sackCount()).isEqualTo(4);
        assertThat(out.sackLeft(0)).isEqualTo(100);
        assertThat(out.sackRight(1)).isEqualTo(400);
        assertThat(out.sackLeft(3)).isEqualTo(0xfffffff0L);
        assertThat(out.sackRight(3)).isEqualTo(0xffffffffL);
        assertThat(out.payload().getStringWithoutLengthAscii(0, 4)).isEqualTo("data");
    }

    @Test
    void timestampsAndSackBlocksTogether()
    {
        final PacketBuilder builder = new PacketBuilder().tcp(21, 50000).nop().nop().timestamps(1, 2).nop().nop()
            .sack(10, 20, 30, 40, 50, 60);
        assertThat(decoder.decode(builder.frame(1), out)).isTrue();
        assertThat(out.tsVal()).isEqualTo(1);
        assertThat(out.tsEcr()).isEqualTo(2);
        assertThat(out.sackCount()).isEqualTo(3);
        assertThat(out.sackRight(2)).isEqualTo(60);
    }

    @Test
    void unknownOptionsAreSkippedByLength()
    {
        final PacketBuilder builder = syn().tcpOption(30, 1, 2, 3, 4, 5, 6).tcpOption(254, 0xf9, 0x89).mss(536);
        assertThat(decoder.decode(builder.frame(1), out)).isTrue();
        assertThat(out.mss()).isEqualTo(536);
    }

    @Test
    void endOfOptionListStopsParsing()
    {
        assertThat(decoder.decode(syn().mss(1400).eol().rawTcpOptions(0, 0, 3, 3, 9).frame(1), out)).isTrue();
        assertThat(out.mss()).isEqualTo(1400);
        assertThat(out.windowScale()).isEqualTo(-1);
    }

    @Test
    void malformedOptionLengthsStopParsingSafely()
    {
        assertThat(decoder.decode(syn().mss(1400).rawTcpOptions(3, 0, 7, 1).frame(1), out)).isTrue();
        assertThat(out.mss()).isEqualTo(1400);
        assertThat(out.windowScale()).isEqualTo(-1);

        assertThat(decoder.decode(syn().rawTcpOptions(8, 40, 0, 0).frame(2), out)).isTrue();
        assertThat(out.hasTimestamps()).isFalse();

        assertThat(decoder.decode(syn().rawTcpOptions(1, 1, 1, 2).frame(3), out)).isTrue();
        assertThat(out.mss()).isEqualTo(-1);

        assertThat(decoder.decode(syn().rawTcpOptions(2, 3, 5, 1).frame(4), out)).isTrue();
        assertThat(out.mss()).isEqualTo(-1);
    }

    @Test
    void dataOffsetBelowFiveIsBad()
    {
        assertThat(decoder.decode(syn().dataOffset(4).frame(1), out)).isFalse();
        assertThat(decoder.counters().badTcpHeader()).isEqualTo(1);
    }

    @Test
    void dataOffsetBeyondSegmentIsBad()
    {
        assertThat(decoder.decode(syn().dataOffset(6).frame(1), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.BAD_TCP_HEADER);
    }

    @Test
    void segmentShorterThanTcpHeaderByIpLengthIsBad()
    {
        assertThat(decoder.decode(syn().ipLengthField(20 + 12).frame(1), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.BAD_TCP_HEADER);
    }

    @Test
    void checksumsAreOnlyVerifiedWhenAsked()
    {
        assertThat(decoder.decode(syn().corruptChecksum().frame(1), out)).isTrue();
        assertThat(out.checksumValid()).isTrue();

        final PacketDecoder verifying = new PacketDecoder(new DecodeLimits().verifyChecksums(true));
        assertThat(verifying.decode(syn().payload("odd").frame(1), out)).isTrue();
        assertThat(out.checksumValid()).isTrue();
        assertThat(verifying.decode(syn().payload("odd").corruptChecksum().frame(2), out)).isTrue();
        assertThat(out.checksumValid()).isFalse();
        final PacketBuilder v6 = new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2).payload("even");
        assertThat(verifying.decode(v6.frame(3), out)).isTrue();
        assertThat(out.checksumValid()).isTrue();
        assertThat(verifying.decode(v6.corruptChecksum().frame(4), out)).isTrue();
        assertThat(out.checksumValid()).isFalse();
    }
}
