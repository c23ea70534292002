package dev.ftp426.capture.live;

import java.util.ArrayList;
import java.util.List;

import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRingTest
{
    private record Seen(long number, long ts, int caplen, int len, int linkType, int firstByte, int lastByte)
    {
    }

    @Test
    void framesComeOutAsTheyWentIn()
    {
        final FrameRing ring = new FrameRing(64 * 1024);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[2000]);
        for (int i = 0; i < source.capacity(); i++)
        {
            source.putByte(i, (byte)i);
        }

        assertThat(ring.offer(source, 10, 60, 60, 1_000_000_123L, LinkType.ETHERNET, 1)).isTrue();
        assertThat(ring.offer(source, 0, 1514, 9000, 2_000_000_456L, LinkType.LINUX_SLL, 2)).isTrue();
        assertThat(ring.offer(source, 5, 0, 64, 3L, LinkType.RAW, 7)).isTrue();

        final List<Seen> seen = new ArrayList<>();
        final int count = ring.poll(frame -> seen.add(new Seen(
            frame.frameNumber(), frame.timestampNanos(), frame.capturedLength(), frame.originalLength(),
            frame.linkType(),
            frame.capturedLength() == 0 ? -1 : frame.buffer().getByte(0) & 0xFF,
            frame.capturedLength() == 0 ? -1 : frame.buffer().getByte(frame.capturedLength() - 1) & 0xFF)), 10);

        assertThat(count).isEqualTo(3);
        assertThat(seen).containsExactly(
            new Seen(1, 1_000_000_123L, 60, 60, LinkType.ETHERNET, 10, 69),
            new Seen(2, 2_000_000_456L, 1514, 9000, LinkType.LINUX_SLL, 0, 1513 & 0xFF),
            new Seen(7, 3L, 0, 64, LinkType.RAW, -1, -1));
        assertThat(ring.size()).isZero();
    }

    @Test
    void aFullRingRefusesAtOnceAndRecoversWhenDrained()
    {
        final FrameRing ring = new FrameRing(4096);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[512]);
        int accepted = 0;
        while (ring.offer(source, 0, 100, 100, accepted, LinkType.ETHERNET, accepted + 1))
        {
            accepted++;
        }
        // each record takes 8 + 32 + 100 bytes, aligned to 8: 144
        assertThat(accepted).isEqualTo(4096 / 144);
        assertThat(ring.offer(source, 0, 100, 100, 0, LinkType.ETHERNET, 0)).isFalse();
        assertThat(ring.offer(source, 0, ring.maxFrameLength() + 1, 100, 0, LinkType.ETHERNET, 0)).isFalse();

        final long[] numbers = new long[accepted];
        final int[] index = {0};
        assertThat(ring.poll(frame -> numbers[index[0]++] = frame.frameNumber(), Integer.MAX_VALUE))
            .isEqualTo(accepted);
        for (int i = 0; i < accepted; i++)
        {
            assertThat(numbers[i]).isEqualTo(i + 1);
        }
        assertThat(ring.offer(source, 0, 100, 100, 0, LinkType.ETHERNET, 0)).isTrue();
    }

    @Test
    void capacityFitsTheSnaplen()
    {
        final FrameRing ring = new FrameRing(FrameRing.minimumCapacity(262144));
        assertThat(ring.maxFrameLength()).isGreaterThanOrEqualTo(262144);
        assertThat(Integer.bitCount(ring.capacity())).isEqualTo(1);
    }
}
