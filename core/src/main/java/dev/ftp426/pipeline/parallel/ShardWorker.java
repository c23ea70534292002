package dev.ftp426.pipeline.parallel;

import dev.ftp426.decode.DecodeCounters;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.PacketPipeline;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker of the parallel pipeline: a full {@link PacketPipeline} (decode, TCP, FTP, judge) over the frames of its
 * share of host pairs, read from its {@link WorkerRing} on a thread of its own, or handed to it directly on the
 * reader's thread (see {@link ParallelAnalysis}). It keeps its transfers, and the frames at which its
 * connections and sessions started, which the joining stage needs to number them as one pipeline would have.
 */
final class ShardWorker implements Runnable, MessageHandler, AnalysisListener
{
    /** Records per read: the ring's consumer position (which frees room, and mapped windows) moves after each read. */
    private static final int POLL_LIMIT = 16;

    private final int index;
    private final WorkerRing ring;
    private final PacketPipeline pipeline;
    private final Frame frame = new Frame();
    private final UnsafeBuffer inPlace = new UnsafeBuffer(0, 0);
    private final FileSummary summary;
    private final LongArrayList flowStarts = new LongArrayList();
    private final LongArrayList sessionStarts = new LongArrayList();
    private final List<TransferReport> emitted = new ArrayList<>();
    private final IdleStrategy idle = new BackoffIdleStrategy(1, 1, 10_000, 1_000_000);
    private volatile boolean producerDone;
    private volatile Throwable failure;
    private volatile boolean finished;

    ShardWorker(final int index, final WorkerRing ring, final AnalysisOptions options, final String name,
        final CaptureStats stats)
    {
        this.index = index;
        this.ring = ring;
        this.pipeline = new PacketPipeline(options, this).externalClock(true);
        pipeline.captureStats(stats);
        this.summary = new FileSummary(name, stats, pipeline.decodeCounters());
    }

    @Override
    public void run()
    {
        try
        {
            while (true)
            {
                final int read = ring.read(this, POLL_LIMIT);
                if (read > 0)
                {
                    idle.reset();
                    continue;
                }
                if (producerDone)
                {
                    // The producer commits its last record before it sets the flag: one more read sees everything.
                    if (ring.read(this, Integer.MAX_VALUE) == 0)
                    {
                        break;
                    }
                    continue;
                }
                idle.idle();
            }
            pipeline.finish(summary);
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            finished = true;
        }
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (WorkerRing.MSG_BATCH == msgTypeId)
        {
            final int count = buffer.getInt(offset);
            int d = offset + WorkerRing.BATCH_HEADER;
            for (int i = 0; i < count; i++, d += WorkerRing.DESCRIPTOR)
            {
                final int capturedLength = buffer.getInt(d + WorkerRing.D_CAPTURED_LENGTH);
                inPlace.wrap(buffer.getLong(d + WorkerRing.D_ADDRESS), capturedLength);
                frame.wrap(inPlace, 0, capturedLength, buffer.getInt(d + WorkerRing.D_ORIGINAL_LENGTH),
                    buffer.getLong(d + WorkerRing.D_TIMESTAMP), buffer.getInt(d + WorkerRing.D_LINK_TYPE),
                    buffer.getInt(d + WorkerRing.D_INTERFACE_ID), buffer.getLong(d + WorkerRing.D_FRAME_NUMBER),
                    buffer.getLong(d + WorkerRing.D_FILE_OFFSET));
                analyse(frame);
            }
        }
        else if (WorkerRing.MSG_FRAME == msgTypeId)
        {
            frame.wrap(buffer, offset + WorkerRing.HEADER, buffer.getInt(offset + WorkerRing.CAPTURED_LENGTH),
                buffer.getInt(offset + WorkerRing.ORIGINAL_LENGTH), buffer.getLong(offset + WorkerRing.TIMESTAMP),
                buffer.getInt(offset + WorkerRing.LINK_TYPE), buffer.getInt(offset + WorkerRing.INTERFACE_ID),
                buffer.getLong(offset + WorkerRing.FRAME_NUMBER), buffer.getLong(offset + WorkerRing.FILE_OFFSET));
            analyse(frame);
        }
        else if (WorkerRing.MSG_CLOCK == msgTypeId)
        {
            clock(buffer.getLong(offset), buffer.getLong(offset + 8));
        }
    }

    /** Capture time reached {@code tsNanos} with frame {@code afterFrame}. */
    void clock(final long tsNanos, final long afterFrame)
    {
        final long sessionsBefore = pipeline.sessionsStarted();
        pipeline.advanceClock(tsNanos);
        for (long n = pipeline.sessionsStarted() - sessionsBefore; n > 0; n--)
        {
            sessionStarts.addLong(afterFrame);
        }
    }

    /**
     * The worker that runs on the reader's thread (no ring, no thread of its own): the input has ended, so its
     * pipeline finishes now, as a worker's does when its ring is drained.
     */
    void finishInline()
    {
        try
        {
            pipeline.finish(summary);
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            finished = true;
        }
    }

    /** The worker on the reader's thread failed while analysing a frame. */
    void failed(final Throwable t)
    {
        failure = t;
        finished = true;
    }

    /** Analyses one frame of this worker's share (the frame is valid only during the call). */
    void analyse(final Frame frame)
    {
        final long frameNumber = frame.frameNumber();
        final long flowsBefore = pipeline.flowsOpened();
        final long sessionsBefore = pipeline.sessionsStarted();
        pipeline.onFrame(frame);
        for (long n = pipeline.flowsOpened() - flowsBefore; n > 0; n--)
        {
            flowStarts.addLong(frameNumber);
        }
        for (long n = pipeline.sessionsStarted() - sessionsBefore; n > 0; n--)
        {
            sessionStarts.addLong(frameNumber);
        }
    }

    @Override
    public void onTransfer(final TransferReport report)
    {
        emitted.add(report);
    }

    @Override
    public void onSummary(final FileSummary summary)
    {
        // The joining stage reports the one summary of the file.
    }

    void producerDone()
    {
        producerDone = true;
    }

    boolean finished()
    {
        return finished;
    }

    Throwable failure()
    {
        return failure;
    }

    /** Verdicts so far, for progress (read from another thread: approximate while running). */
    long verdicts()
    {
        return pipeline.verdicts();
    }

    // Read by the joining stage after the worker's thread ended.

    FileSummary summary()
    {
        return summary;
    }

    DecodeCounters decodeCounters()
    {
        return pipeline.decodeCounters();
    }

    LongArrayList flowStarts()
    {
        return flowStarts;
    }

    LongArrayList sessionStarts()
    {
        return sessionStarts;
    }

    List<TransferReport> emitted()
    {
        return emitted;
    }

    int index()
    {
        return index;
    }
}
