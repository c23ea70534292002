package dev.ftp426.capture.live;

import java.util.concurrent.TimeUnit;

import dev.ftp426.capture.pcap.PcapDumper;
import dev.ftp426.capture.pcap.PcapException;
import dev.ftp426.capture.pcap.PcapHandle;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The capture thread: {@code pcap_next_ex} in a loop, each frame copied once from libpcap's buffer into a claimed
 * slot of its worker's ring. It never blocks on a full ring when live (the frame is dropped and counted), refreshes
 * the kernel statistics periodically, and ends on {@link #stop()}, end of file, the packet limit, the deadline or an
 * error, after taking the final statistics.
 * <p>
 * Inline ({@link LiveCaptureOptions#inline(boolean)}), it hands each frame, as a view of libpcap's buffer, straight
 * to the handler on its own thread instead. A live inline handle is non-blocking (a blocking TPACKET_V3 read waits
 * for packets however long): when none is ready the loop waits for the descriptor itself, up to the read timeout,
 * and tells an {@link IdleAwareFrameHandler} whenever that time passed without packets.
 */
final class CaptureLoop implements Runnable
{
    /**
     * While packets keep coming, the clock (deadline, statistics interval) is read once every this many packets
     * rather than after each: a clock read costs about as much as the JNR call itself. Time limits are also enforced
     * by {@link LiveCapture}'s timer, and a quiet link returns timeouts, after each of which the clock is read.
     */
    static final int CLOCK_CHECK_PACKETS = 32;

    private final PcapHandle pcap;
    private final FrameRing[] rings;
    private final FlowSharder sharder;
    private final CaptureCounters counters;
    private final PcapDumper dumper;
    private final int linkType;
    private final long packetLimit;
    private final long deadlineNanos;
    private final long statisticsIntervalNanos;
    private final boolean waitWhenFull;
    private final boolean live;
    private final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
    private final IdleStrategy fullRingIdle = new BackoffIdleStrategy(10, 20, 1_000, 100_000);
    private final FrameHandler inlineHandler;
    private final IdleAwareFrameHandler inlineIdle;
    private final Frame frame;
    private final boolean awaitPackets;
    private final int awaitMillis;

    private volatile boolean stopping;
    private volatile boolean finished;
    private volatile long finishedNanos;
    private volatile Throwable failure;

    private long received;
    private long ringDrops;
    private long truncated;
    private long capturedBytes;

    CaptureLoop(
        final PcapHandle pcap,
        final FrameRing[] rings,
        final FlowSharder sharder,
        final CaptureCounters counters,
        final PcapDumper dumper,
        final LiveCaptureOptions options,
        final long deadlineNanos,
        final FrameHandler inlineHandler)
    {
        this.pcap = pcap;
        this.rings = rings;
        this.sharder = sharder;
        this.counters = counters;
        this.dumper = dumper;
        this.linkType = pcap.linkType();
        this.packetLimit = options.packetLimit();
        this.deadlineNanos = deadlineNanos;
        this.statisticsIntervalNanos = TimeUnit.MILLISECONDS.toNanos(options.statisticsIntervalMillis());
        this.waitWhenFull = BackPressure.WAIT == options.backPressure();
        this.live = options.isLive();
        this.inlineHandler = inlineHandler;
        this.inlineIdle = inlineHandler instanceof IdleAwareFrameHandler ? (IdleAwareFrameHandler)inlineHandler : null;
        this.frame = null == inlineHandler ? null : new Frame();
        this.awaitPackets = null != inlineHandler && live;
        this.awaitMillis = options.timeoutMillis() > 0 ?
            options.timeoutMillis() : LiveCaptureOptions.DEFAULT_TIMEOUT_MILLIS;
    }

    public void run()
    {
        try
        {
            long nextStatistics = System.nanoTime() + statisticsIntervalNanos;
            while (!stopping)
            {
                final int status = pcap.next();
                if (PcapHandle.PACKET == status)
                {
                    onPacket();
                    if (0 != packetLimit && received >= packetLimit)
                    {
                        break;
                    }
                    if (0 != (received & (CLOCK_CHECK_PACKETS - 1)))
                    {
                        continue;
                    }
                }
                else if (PcapHandle.BREAK_OR_EOF == status)
                {
                    break;
                }
                else if (PcapHandle.TIMEOUT == status && awaitPackets)
                {
                    // inline live handles are non-blocking: nothing ready now, so wait here, seeing time pass
                    if (!pcap.awaitPackets(awaitMillis) && null != inlineIdle)
                    {
                        inlineIdle.onIdle();
                    }
                }
                else if (PcapHandle.TIMEOUT != status)
                {
                    failure = new PcapException(pcap.source() + ": capture failed: " + pcap.lastError());
                    break;
                }

                if (null != inlineHandler && Thread.currentThread().isInterrupted())
                {
                    break;
                }
                final long now = System.nanoTime();
                if (0 != deadlineNanos && now - deadlineNanos >= 0)
                {
                    break;
                }
                if (now - nextStatistics >= 0)
                {
                    readKernelStatistics();
                    nextStatistics = now + statisticsIntervalNanos;
                }
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
        finally
        {
            try
            {
                readKernelStatistics();
                if (null != dumper)
                {
                    dumper.close();
                }
            }
            catch (final Throwable ex)
            {
                if (null == failure)
                {
                    failure = ex;
                }
            }
            finally
            {
                finishedNanos = System.nanoTime();
                finished = true;
            }
        }
    }

    void stop()
    {
        stopping = true;
    }

    boolean isFinished()
    {
        return finished;
    }

    /** {@link System#nanoTime()} when the loop ended; valid once {@link #isFinished()}. */
    long finishedNanos()
    {
        return finishedNanos;
    }

    Throwable failure()
    {
        return failure;
    }

    private void onPacket()
    {
        final int capturedLength = pcap.capturedLength();
        final int originalLength = pcap.originalLength();
        final long frameNumber = ++received;
        capturedBytes += capturedLength;
        if (capturedLength < originalLength)
        {
            truncated++;
            counters.truncated.lazySet(truncated);
        }
        if (null != dumper)
        {
            dumper.writeNative(pcap.headerAddress(), pcap.dataAddress());
        }

        packet.wrap(pcap.dataAddress(), capturedLength);
        if (null != inlineHandler)
        {
            counters.capturedBytes.lazySet(capturedBytes);
            counters.received.lazySet(received);
            frame.wrap(packet, 0, capturedLength, originalLength, pcap.timestampNanos(), linkType, 0, frameNumber, -1);
            inlineHandler.onFrame(frame);
            return;
        }
        final FrameRing ring = 1 == rings.length ?
            rings[0] : rings[sharder.shard(packet, 0, capturedLength, linkType, rings.length)];
        final long timestampNanos = pcap.timestampNanos();
        if (!ring.offer(packet, 0, capturedLength, originalLength, timestampNanos, linkType, frameNumber))
        {
            boolean offered = false;
            if (waitWhenFull && capturedLength <= ring.maxFrameLength())
            {
                fullRingIdle.reset();
                while (!stopping && !(offered =
                    ring.offer(packet, 0, capturedLength, originalLength, timestampNanos, linkType, frameNumber)))
                {
                    fullRingIdle.idle();
                }
            }
            if (!offered)
            {
                ringDrops++;
                counters.ringDrops.lazySet(ringDrops);
            }
        }
        counters.capturedBytes.lazySet(capturedBytes);
        counters.received.lazySet(received);
    }

    private void readKernelStatistics()
    {
        if (live && !pcap.isClosed() && pcap.readStats())
        {
            counters.onKernelStatistics(pcap.statsReceived(), pcap.statsDropped(), pcap.statsInterfaceDropped());
        }
    }
}
