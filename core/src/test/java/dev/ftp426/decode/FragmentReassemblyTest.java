package dev.ftp426.decode;

import dev.ftp426.pcap.Frame;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FragmentReassemblyTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final String REQUEST = "RETR a-file-name-long-enough-to-need-three-fragments.bin\r\n";

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    /** TCP header (20) + 58 bytes payload = 78 bytes of IPv4 payload. */
    private static PacketBuilder datagram()
    {
        return new PacketBuilder().ipv4("203.0.113.1", "198.51.100.2").ipId(4242).dontFragment(false)
            .tcp(40000, 21).seq(777).flags(DecodedPacket.TCP_ACK | DecodedPacket.TCP_PSH).payload(REQUEST);
    }

    private static PacketBuilder datagram6()
    {
        return new PacketBuilder().ipv6("2001:db8::a", "2001:db8::b").hopByHop(8).destinationOptions(16)
            .fragmentId(0xcafe0001L).tcp(40000, 21).seq(778).payload(REQUEST);
    }

    private Frame fragment(final PacketBuilder builder, final int offset, final int length, final long frameNumber)
    {
        return builder.fragment(offset, length).timestampNanos(T0 + frameNumber).frame(frameNumber);
    }

    private void assertRequest(final long frameNumber)
    {
        assertThat(out.isTcp()).isTrue();
        assertThat(out.reassembledFromFragments()).isTrue();
        assertThat(out.frameNumber()).isEqualTo(frameNumber);
        assertThat(out.srcPort()).isEqualTo(40000);
        assertThat(out.dstPort()).isEqualTo(21);
        assertThat(out.payloadLength()).isEqualTo(REQUEST.length());
        assertThat(out.payloadWireLength()).isEqualTo(REQUEST.length());
        assertThat(out.payload().getStringWithoutLengthAscii(0, out.payloadLength())).isEqualTo(REQUEST);
        assertThat(out.truncated()).isFalse();
    }

    @Test
    void ipv4InOrder()
    {
        assertThat(decoder.decode(fragment(datagram(), 0, 24, 1), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.FRAGMENT_HELD);
        assertThat(decoder.decode(fragment(datagram(), 24, 32, 2), out)).isFalse();
        assertThat(decoder.pendingFragmentedDatagrams()).isEqualTo(1);
        assertThat(decoder.decode(fragment(datagram(), 56, 100, 3), out)).isTrue();
        assertRequest(3);
        assertThat(out.ipId()).isEqualTo(4242);
        assertThat(out.seq()).isEqualTo(777);
        assertThat(decoder.pendingFragmentedDatagrams()).isZero();
        assertThat(decoder.counters().fragmentsHeld()).isEqualTo(3);
        assertThat(decoder.counters().datagramsReassembled()).isEqualTo(1);
        assertThat(decoder.counters().overlappingFragments()).isZero();
    }

    @Test
    void ipv4OutOfOrder()
    {
        assertThat(decoder.decode(fragment(datagram(), 56, 100, 1), out)).isFalse();
        assertThat(decoder.decode(fragment(datagram(), 0, 24, 2), out)).isFalse();
        assertThat(decoder.decode(fragment(datagram(), 24, 32, 3), out)).isTrue();
        assertRequest(3);
    }

    @Test
    void identicalOverlapIsCountedButNotAsConflict()
    {
        decoder.decode(fragment(datagram(), 0, 40, 1), out);
        decoder.decode(fragment(datagram(), 24, 32, 2), out);
        assertThat(decoder.decode(fragment(datagram(), 56, 100, 3), out)).isTrue();
        assertRequest(3);
        assertThat(decoder.counters().overlappingFragments()).isEqualTo(1);
        assertThat(decoder.counters().conflictingOverlaps()).isZero();
    }

    @Test
    void conflictingOverlapKeepsTheFirstCopy()
    {
        final String forged = REQUEST.replace("a-file", "b-file");
        decoder.decode(fragment(datagram(), 0, 48, 1), out);
        final PacketBuilder other = datagram().payload(forged);
        assertThat(decoder.decode(fragment(other, 24, 40, 2), out)).isFalse();
        assertThat(decoder.decode(fragment(datagram(), 64, 100, 3), out)).isTrue();
        assertThat(out.payload().getStringWithoutLengthAscii(0, out.payloadLength()))
            .isEqualTo(REQUEST);
        assertThat(decoder.counters().overlappingFragments()).isEqualTo(1);
        assertThat(decoder.counters().conflictingOverlaps()).isEqualTo(1);
    }

    @Test
    void fragmentsOfDifferentDatagramsDoNotMix()
    {
        decoder.decode(fragment(datagram(), 0, 40, 1), out);
        decoder.decode(fragment(datagram().ipId(4243), 40, 100, 2), out);
        assertThat(decoder.pendingFragmentedDatagrams()).isEqualTo(2);
        assertThat(decoder.decode(fragment(datagram(), 40, 100, 3), out)).isTrue();
        assertRequest(3);
        assertThat(decoder.pendingFragmentedDatagrams()).isEqualTo(1);
    }

    @Test
    void ipv6FragmentsWithExtensionHeadersOutOfOrder()
    {
        // fragmentable part: destination options (16) + TCP (20) + request (58) = 94 bytes
        assertThat(decoder.decode(fragment(datagram6(), 48, 100, 1), out)).isFalse();
        assertThat(decoder.decode(fragment(datagram6(), 0, 24, 2), out)).isFalse();
        assertThat(decoder.decode(fragment(datagram6(), 24, 24, 3), out)).isTrue();
        assertRequest(3);
        assertThat(out.ipVersion()).isEqualTo(6);
        assertThat(out.seq()).isEqualTo(778);
        assertThat(out.ipId()).isEqualTo(0x0001);
        assertThat(out.protocol()).isEqualTo(DecodedPacket.PROTO_TCP);
        assertThat(IpAddress.formatSource(out)).isEqualTo("2001:db8::a");
    }

    @Test
    void incompleteDatagramExpiresByCaptureTime()
    {
        decoder.decode(fragment(datagram(), 0, 24, 1), out);
        decoder.decode(fragment(datagram(), 24, 32, 2), out);
        final Frame late = datagram().fragment(56, 100)
            .timestampNanos(T0 + 1 + DecodeLimits.DEFAULT_FRAGMENT_TIMEOUT_NANOS).frame(3);
        assertThat(decoder.decode(late, out)).isFalse();
        assertThat(decoder.counters().datagramsExpired()).isEqualTo(1);
        assertThat(decoder.counters().fragmentsExpired()).isEqualTo(2);
        assertThat(decoder.pendingFragmentedDatagrams()).isEqualTo(1);
        decoder.finish();
        assertThat(decoder.pendingFragmentedDatagrams()).isZero();
        assertThat(decoder.counters().datagramsExpired()).isEqualTo(2);
        assertThat(decoder.counters().datagramsReassembled()).isZero();
    }

    @Test
    void datagramLimitDropsAndCounts()
    {
        final PacketDecoder limited = new PacketDecoder(new DecodeLimits().maxPendingDatagrams(2));
        assertThat(limited.decode(fragment(datagram().ipId(1), 0, 24, 1), out)).isFalse();
        assertThat(limited.decode(fragment(datagram().ipId(2), 0, 24, 2), out)).isFalse();
        assertThat(limited.decode(fragment(datagram().ipId(3), 0, 24, 3), out)).isFalse();
        assertThat(limited.lastOutcome()).isEqualTo(DecodeOutcome.FRAGMENT_DROPPED);
        assertThat(limited.counters().fragmentsDroppedByLimit()).isEqualTo(1);
        assertThat(limited.decode(fragment(datagram().ipId(2), 24, 100, 4), out)).isTrue();
        assertThat(limited.decode(fragment(datagram().ipId(3), 0, 24, 5), out)).isFalse();
        assertThat(limited.lastOutcome()).isEqualTo(DecodeOutcome.FRAGMENT_HELD);
    }

    @Test
    void byteLimitDropsAndCounts()
    {
        final PacketDecoder limited = new PacketDecoder(new DecodeLimits().maxPendingBytes(80));
        assertThat(limited.decode(fragment(datagram().ipId(1), 0, 40, 1), out)).isFalse();
        assertThat(limited.decode(fragment(datagram().ipId(2), 0, 48, 2), out)).isFalse();
        assertThat(limited.counters().fragmentsDroppedByLimit()).isEqualTo(1);
        assertThat(limited.decode(fragment(datagram().ipId(1), 40, 100, 3), out)).isTrue();
    }

    @Test
    void fragmentBeyondMaximumDatagramIsBad()
    {
        final byte[] bytes = datagram().fragment(0, 24).build();
        bytes[14 + 6] = 0x3f; // more fragments, offset 8191 * 8 = 65528
        bytes[14 + 7] = (byte)0xff;
        assertThat(decoder.decode(PacketBuilder.frame(bytes, bytes.length, 1, 1, T0), out)).isFalse();
        assertThat(decoder.counters().badFragments()).isEqualTo(1);
        assertThat(decoder.pendingFragmentedDatagrams()).isZero();
    }

    @Test
    void nonFinalFragmentNotMultipleOfEightIsBad()
    {
        assertThat(decoder.decode(datagram().fragment(0, 20).moreFragments(true).frame(1), out)).isFalse();
        assertThat(decoder.counters().badFragments()).isEqualTo(1);
    }

    @Test
    void fragmentCutBySnaplenIsDropped()
    {
        assertThat(decoder.decode(datagram().fragment(0, 40).snap(14 + 20 + 30).frame(1), out)).isFalse();
        assertThat(decoder.lastOutcome()).isEqualTo(DecodeOutcome.FRAGMENT_DROPPED);
        assertThat(decoder.pendingFragmentedDatagrams()).isZero();
    }

    @Test
    void reassemblyBuffersAreReused()
    {
        for (int i = 0; i < 200; i++)
        {
            decoder.decode(fragment(datagram().ipId(i), 40, 100, 2 * i), out);
            assertThat(decoder.decode(fragment(datagram().ipId(i), 0, 40, 2 * i + 1), out)).isTrue();
            assertRequest(2 * i + 1);
        }
        assertThat(decoder.counters().datagramsReassembled()).isEqualTo(200);
    }

    @Test
    void timeoutIsConfigurable()
    {
        final PacketDecoder quick =
            new PacketDecoder(new DecodeLimits().fragmentTimeoutNanos(TimeUnit.SECONDS.toNanos(1)));
        quick.decode(fragment(datagram(), 0, 40, 1), out);
        final Frame last = datagram().fragment(40, 100).timestampNanos(T0 + TimeUnit.SECONDS.toNanos(2)).frame(2);
        assertThat(quick.decode(last, out)).isFalse();
        assertThat(quick.counters().datagramsExpired()).isEqualTo(1);
    }
}
