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
    void framesOfEveryLengthWrapAroundTheRingIntact()
    {
        final FrameRing ring = new FrameRing(4096);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[ring.maxFrameLength() + 64]);
        for (int i = 0; i < source.capacity(); i++)
        {
            source.putByte(i, (byte)(i * 7));
        }
        final long[] expectedNumber = {1};
        long offered = 0;
        for (int round = 0; round < 2000; round++)
        {
            final int length = (round * 37) % (ring.maxFrameLength() + 1);
            final int offset = round % 64;
            if (!ring.offer(source, offset, length, length + 1, round, LinkType.ETHERNET, offered + 1))
            {
                assertThat(ring.size()).isPositive();
                final int before = (int)expectedNumber[0];
                ring.poll(frame ->
                {
                    assertThat(frame.frameNumber()).isEqualTo(expectedNumber[0]++);
                    final int off = (int)((frame.frameNumber() - 1) % 64);
                    assertThat(frame.originalLength()).isEqualTo(frame.capturedLength() + 1);
                    for (int i = 0; i < frame.capturedLength(); i++)
                    {
                        assertThat(frame.buffer().getByte(i)).isEqualTo(source.getByte(off + i));
                    }
                }, 3);
                assertThat(expectedNumber[0]).isGreaterThan(before);
                round--;
                continue;
            }
            offered++;
        }
        while (ring.poll(frame -> assertThat(frame.frameNumber()).isEqualTo(expectedNumber[0]++), 100) > 0)
        {
            // drain
        }
        assertThat(expectedNumber[0] - 1).isEqualTo(offered).isEqualTo(2000);
        assertThat(ring.size()).isZero();
    }

    @Test
    void aProducerAndAConsumerThreadSeeEveryFrameInOrder() throws Exception
    {
        final FrameRing ring = new FrameRing(64 * 1024);
        final int frames = 200_000;
        final UnsafeBuffer source = new UnsafeBuffer(new byte[1600]);
        final Thread producer = new Thread(() ->
        {
            for (int n = 1; n <= frames; n++)
            {
                final int length = 60 + n % 1500;
                source.putInt(0, n);
                source.putInt(length - 4, -n);
                while (!ring.offer(source, 0, length, length, n, LinkType.ETHERNET, n))
                {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        final long[] next = {1};
        final boolean[] intact = {true};
        while (next[0] <= frames)
        {
            ring.poll(frame ->
            {
                final long n = next[0]++;
                final int length = (int)(60 + n % 1500);
                intact[0] &= frame.frameNumber() == n && frame.capturedLength() == length &&
                    frame.buffer().getInt(0) == n && frame.buffer().getInt(length - 4) == -n;
            }, 64);
        }
        producer.join();
        assertThat(intact[0]).isTrue();
        assertThat(ring.size()).isZero();
    }

    @Test
    void capacityFitsTheSnaplen()
    {
        final FrameRing ring = new FrameRing(FrameRing.minimumCapacity(262144));
        assertThat(ring.maxFrameLength()).isGreaterThanOrEqualTo(262144);
        assertThat(Integer.bitCount(ring.capacity())).isEqualTo(1);
    }
}
