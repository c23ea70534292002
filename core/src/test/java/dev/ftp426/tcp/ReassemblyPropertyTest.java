package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.FIN;
import static dev.ftp426.tcp.TestPackets.SYN;
import static dev.ftp426.tcp.TestPackets.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random permutations, duplicates, overlaps and drops of a known stream, at random initial sequence numbers
 * (a third of them just below the 2^32 wrap): delivered bytes plus reported gaps must always rebuild the original,
 * with gaps exactly where the capture holds none of the bytes. The seed is in the display name for replay.
 */
class ReassemblyPropertyTest
{
    private static final class Segment
    {
        final int start;
        final int end;
        final boolean dropped;

        Segment(final int start, final int end, final boolean dropped)
        {
            this.start = start;
            this.end = end;
            this.dropped = dropped;
        }
    }

    static Stream<Arguments> seeds()
    {
        return LongStream.rangeClosed(1, 300).mapToObj(Arguments::of);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void deliveredBytesAndGapsRebuildTheStream(final long seed)
    {
        final Random random = new Random(seed);
        final byte[] stream = new byte[1 + random.nextInt(random.nextBoolean() ? 4000 : 120_000)];
        random.nextBytes(stream);
        final long isn = seed % 3 == 0 ?
            0x1_0000_0000L - 1 - random.nextInt(Math.min(stream.length + 10, 5000)) : random.nextLong() & 0xffff_ffffL;

        final List<Segment> segments = segment(random, stream.length);
        final boolean[] covered = new boolean[stream.length];
        for (final Segment s : segments)
        {
            if (!s.dropped)
            {
                for (int i = s.start; i < s.end; i++)
                {
                    covered[i] = true;
                }
            }
        }
        final List<Segment> capture = captureOrder(random, segments);

        final Recorder recorder = new Recorder();
        final TcpTracker tracker = new TcpTracker(new TcpConfig(), recorder, recorder);
        final TestPackets packets = new TestPackets();
        final long serverIsn = 5000;
        long t = 0;
        tracker.onPacket(packets.tcp(ms(t++), true, isn, 0, SYN, 65535, 0));
        tracker.onPacket(packets.tcp(ms(t++), false, serverIsn, isn + 1, SYN | ACK, 65535, 0));
        tracker.onPacket(packets.tcp(ms(t++), true, isn + 1, serverIsn + 1, ACK, 65535, 0));

        final boolean[] emitted = new boolean[stream.length];
        final boolean withAcks = random.nextBoolean();
        for (final Segment s : capture)
        {
            if (s.dropped)
            {
                continue;
            }
            tracker.onPacket(packets.tcp(ms(t++), true, isn + 1 + s.start, serverIsn + 1, ACK, 65535,
                stream, s.start, s.end - s.start));
            for (int i = s.start; i < s.end; i++)
            {
                emitted[i] = true;
            }
            if (withAcks && random.nextInt(4) == 0)
            {
                // the receiver got everything; it may ack only what can no longer show up in the capture
                int ackable = 0;
                while (ackable < stream.length && (emitted[ackable] || !covered[ackable]))
                {
                    ackable++;
                }
                tracker.onPacket(packets.tcp(ms(t++), false, serverIsn + 1, isn + 1 + ackable, ACK, 65535, 0));
            }
        }
        tracker.onPacket(packets.tcp(ms(t++), true, isn + 1 + stream.length, serverIsn + 1, FIN | ACK, 65535, 0));
        tracker.closeAll();

        int pos = 0;
        long gaps = 0;
        for (final Recorder.Piece piece : recorder.pieces.get(0))
        {
            if (null != piece.data)
            {
                for (int i = 0; i < piece.data.length; i++)
                {
                    if (!covered[pos + i] || piece.data[i] != stream[pos + i])
                    {
                        fail("byte " + (pos + i) + " delivered wrong or never captured");
                    }
                }
                pos += piece.data.length;
            }
            else
            {
                for (int i = 0; i < piece.gap; i++)
                {
                    if (covered[pos + i])
                    {
                        fail("byte " + (pos + i) + " reported missing but captured");
                    }
                }
                gaps += piece.gap;
                pos += (int)piece.gap;
            }
        }
        assertThat(pos).isEqualTo(stream.length);
        int uncovered = 0;
        for (final boolean c : covered)
        {
            uncovered += c ? 0 : 1;
        }
        assertThat(gaps).isEqualTo(uncovered);
        assertThat(recorder.lifecycle).anyMatch(s -> s.startsWith("fin ") && s.contains("dir=0"));
        final TcpFlow flow = recorder.opened.get(0);
        assertThat(flow.initiator().deliveredBytes() + flow.initiator().gapBytes()).isEqualTo(stream.length);
        assertThat(tracker.bufferedPageBytes()).isZero();
        assertThat(recorder.events(TcpEventType.OVERLAP_CONFLICT)).isEmpty();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void smallCapsStillAccountForEveryByte(final long seed)
    {
        final Random random = new Random(seed * 7919);
        final byte[] stream = new byte[20_000 + random.nextInt(60_000)];
        random.nextBytes(stream);
        final long isn = random.nextLong() & 0xffff_ffffL;
        final List<Segment> capture = captureOrder(random, segment(random, stream.length));

        final Recorder recorder = new Recorder();
        final TcpConfig config = new TcpConfig()
            .reorderBytesPerDirection(ReorderBuffer.PAGE_SIZE * (1 + random.nextInt(4)))
            .memoryBudgetBytes(64L << 20)
            .reorderBudgetBytes(random.nextBoolean() ? 16 * 1024 : 1 << 20);
        final TcpTracker tracker = new TcpTracker(config, recorder, recorder);
        final TestPackets packets = new TestPackets();
        long t = 0;
        tracker.onPacket(packets.tcp(ms(t++), true, isn, 0, SYN, 65535, 0));
        for (final Segment s : capture)
        {
            if (!s.dropped)
            {
                tracker.onPacket(packets.tcp(ms(t++), true, isn + 1 + s.start, 1, ACK, 65535,
                    stream, s.start, s.end - s.start));
            }
        }
        tracker.onPacket(packets.tcp(ms(t++), true, isn + 1 + stream.length, 1, FIN | ACK, 65535, 0));
        tracker.closeAll();

        int pos = 0;
        for (final Recorder.Piece piece : recorder.pieces.get(0))
        {
            if (null != piece.data)
            {
                for (int i = 0; i < piece.data.length; i++)
                {
                    if (piece.data[i] != stream[pos + i])
                    {
                        fail("byte " + (pos + i) + " delivered wrong");
                    }
                }
                pos += piece.data.length;
            }
            else
            {
                pos += (int)piece.gap;
            }
        }
        assertThat(pos).isEqualTo(stream.length);
        assertThat(recorder.opened.get(0).initiator().bufferedPeakBytes())
            .isLessThanOrEqualTo(config.reorderBytesPerDirection());
        assertThat(tracker.bufferedPageBytes()).isZero();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("fewSeeds")
    void arbitraryPacketsNeverThrowAndReleaseEverything(final long seed)
    {
        final Random random = new Random(seed);
        final Recorder recorder = new Recorder();
        final TcpConfig config = new TcpConfig().memoryBudgetBytes(8L << 20).reorderBytesPerDirection(8192)
            .reorderBudgetBytes(64 * 1024);
        final TcpTracker tracker = new TcpTracker(config, recorder, recorder);
        final TestPackets packets = new TestPackets();
        final byte[] data = new byte[3000];
        random.nextBytes(data);
        final long[] base = {random.nextLong() & 0xffff_ffffL, random.nextLong() & 0xffff_ffffL};
        for (int i = 0; i < 20_000; i++)
        {
            packets.clientPort = 40000 + random.nextInt(8);
            packets.clientTtl = 60 + random.nextInt(5);
            final boolean fromClient = random.nextBoolean();
            final int side = fromClient ? 0 : 1;
            final long seq = random.nextInt(4) == 0 ? random.nextLong() : base[side] + random.nextInt(20_000) - 2000;
            final long ack = random.nextInt(4) == 0 ? random.nextLong() : base[1 - side] + random.nextInt(20_000);
            final int len = random.nextInt(3) == 0 ? 0 : random.nextInt(data.length);
            final int window = random.nextInt(5) == 0 ? 0 : random.nextInt(65536);
            final DecodedPacket p =
                packets.tcp(ms(i / 10), fromClient, seq, ack, random.nextInt(256), window, data, 0, len);
            if (random.nextInt(10) == 0)
            {
                p.payload(p.payload(), 0, len / 2, len);
            }
            if (random.nextInt(20) == 0)
            {
                p.windowScale(random.nextInt(20));
            }
            tracker.onPacket(p);
            base[side] += random.nextInt(2000);
        }
        tracker.closeAll();
        assertThat(tracker.activeFlows()).isZero();
        assertThat(tracker.bufferedPageBytes()).isZero();
        assertThat(recorder.closes).isEqualTo(recorder.opened.size());
    }

    static Stream<Arguments> fewSeeds()
    {
        return LongStream.rangeClosed(1, 20).mapToObj(Arguments::of);
    }

    /** Cuts the stream into segments, marks some dropped and adds duplicates and overlapping re-segmentations. */
    private static List<Segment> segment(final Random random, final int length)
    {
        final int dropPercent = random.nextInt(4) == 0 ? 0 : random.nextInt(15);
        final List<Segment> segments = new ArrayList<>();
        int pos = 0;
        while (pos < length)
        {
            final int size = Math.min(length - pos, 1 + random.nextInt(random.nextBoolean() ? 1460 : 100));
            segments.add(new Segment(pos, pos + size, random.nextInt(100) < dropPercent));
            pos += size;
        }
        final int extras = random.nextInt(1 + segments.size() / 3);
        for (int i = 0; i < extras; i++)
        {
            final int start = random.nextInt(length);
            final int end = Math.min(length, start + 1 + random.nextInt(2000));
            segments.add(new Segment(start, end, random.nextInt(100) < dropPercent));
        }
        return segments;
    }

    /** Originals in order, with extras inserted at random later points and local shuffles. */
    private static List<Segment> captureOrder(final Random random, final List<Segment> segments)
    {
        final List<Segment> order = new ArrayList<>(segments);
        if (random.nextInt(5) == 0)
        {
            Collections.shuffle(order, random);
            return order;
        }
        final int swaps = random.nextInt(1 + order.size());
        for (int i = 0; i < swaps; i++)
        {
            final int a = random.nextInt(order.size());
            final int b = Math.min(order.size() - 1, a + random.nextInt(8));
            Collections.swap(order, a, b);
        }
        return order;
    }
}
