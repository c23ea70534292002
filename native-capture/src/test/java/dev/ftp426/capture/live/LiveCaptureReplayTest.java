package dev.ftp426.capture.live;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import dev.ftp426.capture.pcap.BadFilterException;
import dev.ftp426.capture.pcap.Pcap;
import dev.ftp426.capture.pcap.PcapHandle;
import dev.ftp426.capture.support.Tshark;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A capture file fed through libpcap, the capture thread and the rings must arrive exactly as tshark reads it. */
class LiveCaptureReplayTest
{
    private static final String IPV4 = "external/zeek__ipv4.pcap";
    private static final String BRUTEFORCE = "external/zeek__bruteforce.pcap";

    @BeforeAll
    static void requirements()
    {
        assumeTrue(Pcap.isAvailable(), "libpcap missing");
        Tshark.assumeAvailable();
    }

    @Test
    void framesThroughTheRingMatchTshark() throws Exception
    {
        final Path file = Tshark.corpusFile(IPV4);
        final List<Tshark.FrameInfo> seen = new ArrayList<>();
        final List<Long> crcs = new ArrayList<>();
        final CaptureStatistics stats;
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forFile(file)))
        {
            assertThat(capture.linkType()).isEqualTo(LinkType.ETHERNET);
            stats = capture.run(frame ->
            {
                seen.add(info(frame));
                crcs.add(crc(frame));
            });
        }

        final List<Tshark.FrameInfo> expected = Tshark.frames(file, null);
        assertThat(seen).isEqualTo(expected);
        assertThat(crcs).isEqualTo(directCrcs(file));
        assertThat(stats.complete()).isTrue();
        assertThat(stats.received()).isEqualTo(expected.size());
        assertThat(stats.delivered()).isEqualTo(expected.size());
        assertThat(stats.ringDrops()).isZero();
        assertThat(stats.truncated()).isEqualTo(expected.stream().filter(f -> f.capturedLength() < f.originalLength())
            .count());
        assertThat(stats.capturedBytes()).isEqualTo(
            expected.stream().mapToLong(Tshark.FrameInfo::capturedLength).sum());
        assertThat(stats.kernelStatisticsAvailable()).isFalse();
    }

    @Test
    void filterPacketLimitAndDumpFileRoundTrip(@TempDir final Path dir) throws Exception
    {
        final Path file = Tshark.corpusFile(IPV4);
        final Path out = dir.resolve("ftp.pcap");
        final List<Tshark.FrameInfo> ftp = Tshark.frames(file, "tcp.port == 21");
        final int limit = ftp.size() - 3;
        final List<Long> numbers = new ArrayList<>();
        final CaptureStatistics stats;
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forFile(file)
            .filter("tcp port 21").packetLimit(limit).dumpFile(out.toString())))
        {
            stats = capture.run(frame -> numbers.add(frame.frameNumber()));
        }

        assertThat(stats.received()).isEqualTo(limit);
        assertThat(stats.delivered()).isEqualTo(limit);
        assertThat(numbers).hasSize(limit).first().isEqualTo(1L);
        final List<Tshark.FrameInfo> dumped = Tshark.frames(out, null);
        assertThat(dumped).hasSize(limit);
        for (int i = 0; i < limit; i++)
        {
            assertThat(dumped.get(i).timestampNanos()).isEqualTo(ftp.get(i).timestampNanos());
            assertThat(dumped.get(i).capturedLength()).isEqualTo(ftp.get(i).capturedLength());
        }
    }

    @Test
    void shardedWorkersSeeEveryFrameOnceAndEachConnectionOnOneShard() throws Exception
    {
        final Path file = Tshark.corpusFile(BRUTEFORCE);
        final int shards = 3;
        final Map<Long, Integer> shardOfFrame = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Integer> shardOfPair = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> conflicts = java.util.Collections.synchronizedList(new ArrayList<>());
        final FrameCollector[] handlers = new FrameCollector[shards];
        for (int i = 0; i < shards; i++)
        {
            final int shard = i;
            handlers[i] = frame ->
            {
                shardOfFrame.put(frame.frameNumber(), shard);
                final String pair = connection(frame);
                final Integer previous = shardOfPair.putIfAbsent(pair, shard);
                if (null != previous && previous != shard)
                {
                    conflicts.add(pair);
                }
            };
        }

        final CaptureStatistics stats;
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forFile(file).shards(shards)
            .sharder(SymmetricFlowHash.FIVE_TUPLE).ringCapacityBytes(1 << 20)))
        {
            stats = capture.run(handlers);
        }

        final int expected = Tshark.frames(file, null).size();
        assertThat(shardOfFrame).hasSize(expected);
        assertThat(stats.delivered()).isEqualTo(expected);
        assertThat(conflicts).isEmpty();
        assertThat(new java.util.HashSet<>(shardOfFrame.values())).hasSize(shards);
        assertThat(shardOfPair).hasSizeGreaterThan(10);
    }

    @Test
    void stopEndsTheCaptureCleanlyAndDrains() throws Exception
    {
        final Path file = Tshark.corpusFile(BRUTEFORCE);
        final long[] delivered = {0};
        final CaptureStatistics stats;
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forFile(file)))
        {
            stats = capture.run(frame ->
            {
                if (++delivered[0] == 5)
                {
                    capture.stop();
                }
            });
            capture.stop();
        }
        assertThat(stats.complete()).isTrue();
        assertThat(stats.delivered()).isEqualTo(stats.received()).isEqualTo(delivered[0]).isGreaterThanOrEqualTo(5);
    }

    @Test
    void inlineCaptureHandsOverTheSameFramesWithoutARing() throws Exception
    {
        final Path file = Tshark.corpusFile(IPV4);
        final List<Tshark.FrameInfo> seen = new ArrayList<>();
        final List<Long> crcs = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        final CaptureStatistics stats;
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forFile(file).inline(true)))
        {
            assertThat(capture.shardCount()).isZero();
            assertThatThrownBy(capture::start).isInstanceOf(IllegalStateException.class);
            stats = capture.run(frame ->
            {
                seen.add(info(frame));
                crcs.add(crc(frame));
                if (threads.isEmpty())
                {
                    threads.add(Thread.currentThread().getName());
                }
            });
        }

        final List<Tshark.FrameInfo> expected = Tshark.frames(file, null);
        assertThat(seen).isEqualTo(expected);
        assertThat(crcs).isEqualTo(directCrcs(file));
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        assertThat(stats.complete()).isTrue();
        assertThat(stats.received()).isEqualTo(expected.size());
        assertThat(stats.delivered()).isEqualTo(expected.size());
        assertThat(stats.ringDrops()).isZero();
        assertThat(stats.capturedBytes()).isEqualTo(
            expected.stream().mapToLong(Tshark.FrameInfo::capturedLength).sum());
    }

    @Test
    void inlineCaptureKeepsFilterLimitAndStop() throws Exception
    {
        final Path file = Tshark.corpusFile(IPV4);
        final List<Tshark.FrameInfo> ftp = Tshark.frames(file, "tcp.port == 21");
        final int limit = ftp.size() - 3;
        final List<Tshark.FrameInfo> seen = new ArrayList<>();
        final CaptureStatistics limited;
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forFile(file).inline(true)
            .filter("tcp port 21").packetLimit(limit)))
        {
            limited = capture.run(frame -> seen.add(info(frame)));
        }
        assertThat(limited.received()).isEqualTo(limit);
        assertThat(limited.delivered()).isEqualTo(limit);
        assertThat(seen).hasSize(limit);
        for (int i = 0; i < limit; i++)
        {
            assertThat(seen.get(i).timestampNanos()).isEqualTo(ftp.get(i).timestampNanos());
            assertThat(seen.get(i).capturedLength()).isEqualTo(ftp.get(i).capturedLength());
        }

        final long[] delivered = {0};
        final CaptureStatistics stopped;
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forFile(Tshark.corpusFile(BRUTEFORCE))
            .inline(true)))
        {
            stopped = capture.run(frame ->
            {
                if (++delivered[0] == 5)
                {
                    capture.stop();
                }
            });
        }
        assertThat(stopped.complete()).isTrue();
        assertThat(stopped.delivered()).isEqualTo(stopped.received()).isEqualTo(delivered[0]).isEqualTo(5);
    }

    @Test
    void badFilterAndMissingFileAreClearErrors() throws Exception
    {
        final Path file = Tshark.corpusFile(IPV4);
        assertThatThrownBy(() -> LiveCapture.open(LiveCaptureOptions.forFile(file).filter("tcp and and port 21")))
            .isInstanceOf(BadFilterException.class)
            .hasMessageContaining("syntax error");
        assertThatThrownBy(() -> LiveCapture.open(LiveCaptureOptions.forFile(file.resolveSibling("absent.pcap"))))
            .hasMessageContaining("absent.pcap")
            .hasMessageContaining("No such file");
    }

    @FunctionalInterface
    private interface FrameCollector extends dev.ftp426.pcap.FrameHandler
    {
    }

    private static Tshark.FrameInfo info(final Frame frame)
    {
        return new Tshark.FrameInfo(
            frame.frameNumber(), frame.timestampNanos(), frame.capturedLength(), frame.originalLength());
    }

    private static long crc(final Frame frame)
    {
        final byte[] bytes = new byte[frame.capturedLength()];
        frame.buffer().getBytes(0, bytes);
        final CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static List<Long> directCrcs(final Path file)
    {
        final List<Long> crcs = new ArrayList<>();
        final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
        try (PcapHandle pcap = PcapHandle.openOffline(file, true))
        {
            while (PcapHandle.PACKET == pcap.next())
            {
                packet.wrap(pcap.dataAddress(), pcap.capturedLength());
                final byte[] bytes = new byte[pcap.capturedLength()];
                packet.getBytes(0, bytes);
                final CRC32 crc = new CRC32();
                crc.update(bytes);
                crcs.add(crc.getValue());
            }
        }
        return crcs;
    }

    /** "a:p|b:q" with the smaller endpoint first, for TCP/IPv4 over Ethernet; "other" for anything else. */
    private static String connection(final Frame frame)
    {
        final var buffer = frame.buffer();
        final java.nio.ByteOrder be = java.nio.ByteOrder.BIG_ENDIAN;
        if (frame.capturedLength() < 54 || 0x0800 != (buffer.getShort(12, be) & 0xFFFF) || 6 != buffer.getByte(23))
        {
            return "other";
        }
        final int l4 = 14 + ((buffer.getByte(14) & 0x0F) << 2);
        final String a = (buffer.getInt(26, be) & 0xFFFF_FFFFL) + ":" + (buffer.getShort(l4, be) & 0xFFFF);
        final String b = (buffer.getInt(30, be) & 0xFFFF_FFFFL) + ":" + (buffer.getShort(l4 + 2, be) & 0xFFFF);
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
