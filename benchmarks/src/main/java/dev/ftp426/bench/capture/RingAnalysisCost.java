package dev.ftp426.bench.capture;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import dev.ftp426.capture.live.FrameRing;
import dev.ftp426.capture.pcap.PcapHandle;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pipeline.PacketPipeline;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The analysis thread's cost per packet, on one thread and in thread CPU time: a capture file is read once through
 * libpcap and, before each timed round, copied into a {@link FrameRing} large enough to hold all of it (not timed);
 * the round then drains the ring into a handler. Four cases:
 * <ul>
 *   <li>{@code ring+noop}: the ring read alone (record header, {@link Frame} wrap, Agrona's zeroing);</li>
 *   <li>{@code memory+noop}: the same frames wrapped from plain memory (the loop and the wrap);</li>
 *   <li>{@code ring+analysis}: what the live analysis thread does, {@code ftp426 capture}'s per-frame handler
 *       (count, {@link PacketPipeline}, drop sample every 1024 frames);</li>
 *   <li>{@code memory+analysis}: the same pipeline fed from plain memory, as offline;</li>
 *   <li>{@code inline+analysis}: no ring and no second thread: {@code pcap_next_ex} and the pipeline on the same
 *       thread, the {@link Frame} wrapped over libpcap's own buffer (what one core would do if it captured and
 *       analysed; the savefile's read is included, as in the capture thread's figures).</li>
 * </ul>
 * A new pipeline is built for every round (not timed); {@code finish} is timed separately. Heap allocated during the
 * timed part is printed per packet.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.ftp426.bench.capture.RingAnalysisCost --pcap FILE [--rounds 7]
 * </pre>
 */
public final class RingAnalysisCost
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final UnsafeBuffer records;
    private final int recordsLength;
    private final int frames;
    private final FrameRing ring;
    private final int linkType;
    private final int snaplen;
    private final Frame frame = new Frame();

    private RingAnalysisCost(final Path file)
    {
        try (PcapHandle pcap = PcapHandle.openOffline(file, true))
        {
            linkType = pcap.linkType();
            snaplen = pcap.snapshotLength();
            int length = 0;
            int count = 0;
            final long fileLength = file.toFile().length();
            final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                (int)Math.min(Integer.MAX_VALUE - 64, fileLength * 2 + 4096), 64));
            final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
            while (PcapHandle.PACKET == pcap.next())
            {
                final int capturedLength = pcap.capturedLength();
                packet.wrap(pcap.dataAddress(), capturedLength);
                buffer.putInt(length, capturedLength);
                buffer.putInt(length + 4, pcap.originalLength());
                buffer.putLong(length + 8, pcap.timestampNanos());
                buffer.putBytes(length + 16, packet, 0, capturedLength);
                length += BitUtil.align(16 + capturedLength, 8);
                count++;
            }
            records = buffer;
            recordsLength = length;
            frames = count;
            ring = new FrameRing(BitUtil.findNextPositivePowerOfTwo(length + count * FrameRing.HEADER_LENGTH * 2));
        }
    }

    public static void main(final String[] args)
    {
        Path file = null;
        int rounds = 7;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--pcap" -> file = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (null == file)
        {
            throw new IllegalArgumentException("--pcap FILE is required");
        }
        final RingAnalysisCost cost = new RingAnalysisCost(file);
        System.out.printf(Locale.ROOT, "%,d frames, %,d bytes of records%n", cost.frames, cost.recordsLength);
        cost.run("ring+noop", true, false, rounds);
        cost.run("memory+noop", false, false, rounds);
        cost.run("ring+analysis", true, true, rounds);
        cost.run("memory+analysis", false, true, rounds);
        cost.runInline(file, rounds);
    }

    private void runInline(final Path file, final int rounds)
    {
        final double[] nanos = new double[rounds];
        final double[] bytes = new double[rounds];
        final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
        long sink = 0;
        for (int round = -3; round < rounds; round++)
        {
            final CaptureAnalysisHandler analysis = new CaptureAnalysisHandler(linkType, snaplen, () -> 0);
            final long self = Thread.currentThread().getId();
            int delivered = 0;
            final long bytes0 = THREADS.getThreadAllocatedBytes(self);
            final long cpu0 = THREADS.getCurrentThreadCpuTime();
            try (PcapHandle pcap = PcapHandle.openOffline(file, true))
            {
                while (PcapHandle.PACKET == pcap.next())
                {
                    final int capturedLength = pcap.capturedLength();
                    packet.wrap(pcap.dataAddress(), capturedLength);
                    frame.wrap(packet, 0, capturedLength, pcap.originalLength(), pcap.timestampNanos(), linkType, 0,
                        ++delivered, -1);
                    analysis.onFrame(frame);
                }
            }
            final long cpu1 = THREADS.getCurrentThreadCpuTime();
            final long bytes1 = THREADS.getThreadAllocatedBytes(self);
            sink += analysis.finish();
            if (round >= 0)
            {
                nanos[round] = (double)(cpu1 - cpu0) / delivered;
                bytes[round] = (double)(bytes1 - bytes0) / delivered;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(bytes);
        System.out.printf(Locale.ROOT, "%-16s min %7.1f  median %7.1f ns/packet CPU  (%,.0f packets per CPU-second)" +
            "  %.2f B/packet  [%d]%n",
            "inline+analysis", nanos[0], nanos[rounds / 2], 1e9 / nanos[rounds / 2], bytes[rounds / 2], sink & 1);
    }

    private void run(final String name, final boolean fromRing, final boolean analyse, final int rounds)
    {
        final double[] nanos = new double[rounds];
        final double[] bytes = new double[rounds];
        final double[] finish = new double[rounds];
        long sink = 0;
        for (int round = -3; round < rounds; round++)
        {
            final CaptureAnalysisHandler analysis =
                analyse ? new CaptureAnalysisHandler(linkType, snaplen, () -> 0) : null;
            final CountingHandler counting = new CountingHandler();
            final FrameHandler handler = analyse ? analysis : counting;
            if (fromRing)
            {
                fill();
            }
            final long self = Thread.currentThread().getId();
            final long bytes0 = THREADS.getThreadAllocatedBytes(self);
            final long cpu0 = THREADS.getCurrentThreadCpuTime();
            final int delivered = fromRing ? drainRing(handler) : replayMemory(handler);
            final long cpu1 = THREADS.getCurrentThreadCpuTime();
            final long bytes1 = THREADS.getThreadAllocatedBytes(self);
            if (delivered != frames)
            {
                throw new IllegalStateException("delivered " + delivered + " of " + frames);
            }
            if (analyse)
            {
                sink += analysis.finish();
            }
            sink += counting.bytes;
            if (round >= 0)
            {
                nanos[round] = (double)(cpu1 - cpu0) / frames;
                bytes[round] = (double)(bytes1 - bytes0) / frames;
                finish[round] = (double)(THREADS.getCurrentThreadCpuTime() - cpu1) / 1e6;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(bytes);
        Arrays.sort(finish);
        System.out.printf(Locale.ROOT, "%-16s min %7.1f  median %7.1f ns/packet CPU  (%,.0f packets per CPU-second)" +
            "  %.2f B/packet  finish %.1f ms  [%d]%n",
            name, nanos[0], nanos[rounds / 2], 1e9 / nanos[rounds / 2], bytes[rounds / 2], finish[rounds / 2],
            sink & 1);
    }

    private void fill()
    {
        final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
        int offset = 0;
        long number = 0;
        while (offset < recordsLength)
        {
            final int capturedLength = records.getInt(offset);
            packet.wrap(records, offset + 16, capturedLength);
            if (!ring.offer(packet, 0, capturedLength, records.getInt(offset + 4), records.getLong(offset + 8),
                linkType, ++number))
            {
                throw new IllegalStateException("ring too small");
            }
            offset += BitUtil.align(16 + capturedLength, 8);
        }
    }

    private int drainRing(final FrameHandler handler)
    {
        int delivered = 0;
        int count;
        while ((count = ring.poll(handler, 256)) > 0)
        {
            delivered += count;
        }
        return delivered;
    }

    private int replayMemory(final FrameHandler handler)
    {
        int offset = 0;
        int delivered = 0;
        while (offset < recordsLength)
        {
            final int capturedLength = records.getInt(offset);
            frame.wrap(records, offset + 16, capturedLength, records.getInt(offset + 4), records.getLong(offset + 8),
                linkType, 0, ++delivered, -1);
            handler.onFrame(frame);
            offset += BitUtil.align(16 + capturedLength, 8);
        }
        return delivered;
    }

    /** Touches each frame's length only. */
    static final class CountingHandler implements FrameHandler
    {
        long bytes;

        public void onFrame(final Frame frame)
        {
            bytes += frame.capturedLength();
        }
    }
}
