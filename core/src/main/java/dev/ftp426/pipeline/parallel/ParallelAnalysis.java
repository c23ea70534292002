package dev.ftp426.pipeline.parallel;

import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.ProgressListener;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.MappedByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Analyses one capture on several cores: the calling thread reads and shards the frames by {@link HostPairHash}
 * into one {@link WorkerRing} per worker; each {@link ShardWorker} runs a full pipeline on its share; the
 * {@link ResultJoiner} merges their transfers and counts. The reader does as little per frame as it can, so that it
 * costs far less than a worker: a frame of a memory-mapped file is handed over as a descriptor of where it lies
 * (batched, one ring claim for many frames), and the window it lies in stays mapped until every worker is past it;
 * only frames of streams (gzip, standard input) are copied into the ring. With {@code -Dftp426.inlineShard=true},
 * worker 0 runs on the reader's thread itself (its frames need no hand-over at all) and takes a smaller share of the
 * host pairs, as that thread also reads: two workers then need two threads, but how evenly they share the work
 * depends on the capture (reading weighs more beside few bulk flows than beside many flows), so by default every
 * worker has a thread of its own and the operating system spreads the three threads over the cores. The records are those of one pipeline: the reader also
 * broadcasts the once-a-second capture-time ticks a single pipeline would have taken, so expiries happen at the same
 * frames, and the joiner restores the single pipeline's numbering of sessions and connections.
 * <p>
 * Transfers are handed to the listener in {@link #TRANSFER_ORDER} when the whole input has been analysed (the order
 * needs every worker's results), then the summary.
 */
public final class ParallelAnalysis implements FrameHandler
{
    /**
     * The order of the transfers: by the frame of their event (final reply, else the ABOR's reply, else the end of
     * the data connection, else the command), then session, command and connections. A single pipeline reports
     * transfers as they become final instead (which depends on when their connections time out); sorted by this
     * order its records equal the parallel pipeline's.
     */
    public static final Comparator<TransferReport> TRANSFER_ORDER = ResultJoiner.ORDER;

    /** Ring per worker: room for some milliseconds of traffic so the reader rarely waits on a busy worker. */
    static final int RING_BYTES = Integer.getInteger("ftp426.ringBytes", 8 << 20);
    /** Ring per worker for frame descriptors: some tens of thousands of frames. */
    static final int DESCRIPTOR_RING_BYTES = Integer.getInteger("ftp426.descriptorRingBytes", 2 << 20);
    /**
     * Windows of the file left by the reader but still in use by a worker; beyond this the reader waits, so the
     * mapped memory stays bounded whatever the frames' sizes.
     */
    static final int MAX_KEPT_WINDOWS = 4;
    /** Worker 0 runs on the reader's thread with {@code -Dftp426.inlineShard=true}. */
    static final boolean INLINE_SHARD = Boolean.getBoolean("ftp426.inlineShard");
    /**
     * Shares of the host pairs each worker on a thread of its own takes for the one share of the worker on the
     * reader's thread. With two workers on a capture of few bulk flows, 2 gives the two threads about the same CPU
     * time (reading costs about half of analysing the other worker's two thirds); beside many flows, analysis weighs
     * more and the reader's thread gets too little.
     */
    static final int WORKER_SLOTS = Math.max(1, Integer.getInteger("ftp426.workerSlots", 2));
    private static final int PROGRESS_EVERY_FRAMES = 1 << 14;
    private static final long TICK_NANOS = 1_000_000_000L;

    private final AnalysisOptions options;
    private final WorkerRing[] rings;
    private final List<ShardWorker> workers = new ArrayList<>();
    private final IdleStrategy backPressure = new BackoffIdleStrategy(1, 1, 10_000, 1_000_000);
    private long nowNanos;
    private long nextTickNanos;
    private long framesCut;
    private long backPressureWaits;
    private boolean inPlace;
    private final boolean inlineShard;
    private ShardWorker inline;
    private final ArrayDeque<KeptWindow> kept = new ArrayDeque<>();
    private long windowsKept;
    private long windowsUnmapped;

    ParallelAnalysis(final AnalysisOptions options)
    {
        this(options, INLINE_SHARD);
    }

    /** @param inlineShard whether worker 0 runs on the reader's thread (see the class comment). */
    ParallelAnalysis(final AnalysisOptions options, final boolean inlineShard)
    {
        this.options = options;
        this.rings = new WorkerRing[options.workers()];
        this.inlineShard = inlineShard;
    }

    /**
     * Reads {@code reader} to its end (or until {@code stopped}, or {@link AnalysisOptions#maxPackets()}) with
     * {@link AnalysisOptions#workers()} workers, then reports every transfer and the summary to {@code listener}.
     */
    public static FileSummary run(final CaptureReader reader, final String name, final AnalysisOptions options,
        final AnalysisListener listener, final BooleanSupplier stopped)
    {
        return new ParallelAnalysis(options).analyse(reader, name, listener, stopped);
    }

    FileSummary analyse(final CaptureReader reader, final String name, final AnalysisListener listener,
        final BooleanSupplier stopped)
    {
        final List<Thread> threads = new ArrayList<>();
        inPlace = reader.keepMappedWindows(this::keep);
        for (int i = 0; i < rings.length; i++)
        {
            if (0 == i && inlineShard)
            {
                inline = new ShardWorker(i, null, options, name, reader.stats());
                workers.add(inline);
                continue;
            }
            rings[i] = new WorkerRing(inPlace ? DESCRIPTOR_RING_BYTES : RING_BYTES);
            final ShardWorker worker = new ShardWorker(i, rings[i], options, name, reader.stats());
            workers.add(worker);
            final Thread thread = new Thread(worker, "ftp426-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        boolean complete = true;
        RuntimeException readFailure = null;
        final ProgressListener progress = options.progress();
        try
        {
            if (stopped.getAsBoolean())
            {
                complete = false;
            }
            else
            {
                long frames = 0;
                final long maxPackets = options.maxPackets();
                while (reader.readNext(this))
                {
                    frames++;
                    if ((frames & (PROGRESS_EVERY_FRAMES - 1)) == 0 && progress != null)
                    {
                        progress.onProgress(name, reader.inputPosition(), reader.inputSize(), frames, verdicts());
                    }
                    if (frames >= maxPackets || stopped.getAsBoolean())
                    {
                        complete = false;
                        break;
                    }
                }
                if (stopped.getAsBoolean())
                {
                    complete = false;
                }
            }
        }
        catch (final RuntimeException ex)
        {
            // As with one pipeline: what was found so far and the summary are still reported, then the failure.
            readFailure = ex;
            complete = false;
        }
        finally
        {
            for (int i = 0; i < rings.length; i++)
            {
                if (null != rings[i])
                {
                    rings[i].flush();
                    workers.get(i).producerDone();
                }
            }
            if (null != inline && !inline.finished())
            {
                inline.finishInline();
            }
            joinAll(threads);
            if (inPlace)
            {
                // Every worker has ended: no frame is read from the kept windows any more.
                reader.keepMappedWindows(null);
                while (!kept.isEmpty())
                {
                    IoUtil.unmap(kept.pollFirst().window);
                    windowsUnmapped++;
                }
            }
        }
        for (final ShardWorker worker : workers)
        {
            if (worker.failure() != null)
            {
                throw new IllegalStateException("analysis worker " + worker.index() + " failed", worker.failure());
            }
        }
        final ResultJoiner joiner = new ResultJoiner(workers);
        joiner.deliverTransfers(listener);
        final FileSummary summary = joiner.summary(name, reader.stats(), complete);
        summary.limitHit("parallel_frames_cut_to_ring_record", framesCut);
        if (progress != null)
        {
            progress.onFinished(name);
        }
        listener.onSummary(summary);
        if (readFailure != null)
        {
            throw readFailure;
        }
        return summary;
    }

    @Override
    public void onFrame(final Frame frame)
    {
        final DirectBuffer bytes = frame.buffer();
        final int hash = HostPairHash.hash(bytes, 0, frame.capturedLength(), frame.linkType());
        final int shard = shard(hash, rings.length, inlineShard);
        final WorkerRing ring = rings[shard];
        if (null == ring)
        {
            analyseInline(frame);
        }
        else if (inPlace && null == bytes.byteArray())
        {
            if (!ring.offerInPlace(frame))
            {
                backPressureWaits++;
                backPressure.reset();
                do
                {
                    checkWorker(shard);
                    backPressure.idle();
                }
                while (!ring.offerInPlace(frame));
            }
        }
        else
        {
            copy(frame, shard);
        }
        // The clock a single pipeline keeps from the IP packets it decodes: a tick after the first one a second past
        // the previous tick.
        final long ts = frame.timestampNanos();
        if (hash != 0 && ts > nowNanos)
        {
            nowNanos = ts;
            if (ts >= nextTickNanos)
            {
                nextTickNanos = ts + TICK_NANOS;
                for (int i = 0; i < rings.length; i++)
                {
                    if (null == rings[i])
                    {
                        inline.clock(ts, frame.frameNumber());
                        continue;
                    }
                    backPressure.reset();
                    while (!rings[i].offerClock(ts, frame.frameNumber()))
                    {
                        checkWorker(i);
                        backPressure.idle();
                    }
                }
            }
        }
    }

    /**
     * The worker of a frame's host pair. With a worker on the reader's thread, that worker takes one share of the host
     * pairs and every other worker {@link #WORKER_SLOTS}: the reader's thread also reads the capture, and a frame it
     * analyses itself needs no hand-over to another core. Frames that are not IP (hash 0) go to worker 0.
     */
    static int shard(final int hash, final int workers, final boolean inlineShard)
    {
        final long h = hash & 0xFFFF_FFFFL;
        if (!inlineShard)
        {
            return (int)(h % workers);
        }
        final int slot = (int)(h % (1 + WORKER_SLOTS * (workers - 1)));
        return 0 == slot ? 0 : 1 + (slot - 1) / WORKER_SLOTS;
    }

    private void analyseInline(final Frame frame)
    {
        try
        {
            inline.analyse(frame);
        }
        catch (final RuntimeException | Error ex)
        {
            inline.failed(ex);
            throw new IllegalStateException("analysis worker 0 failed", ex);
        }
    }

    /** A stream's frame is valid only during the call: its bytes are copied into the ring. */
    private void copy(final Frame frame, final int shard)
    {
        final WorkerRing ring = rings[shard];
        int length = frame.capturedLength();
        if (length > ring.maxFrameLength())
        {
            length = ring.maxFrameLength();
            framesCut++;
        }
        if (!ring.offer(frame, length))
        {
            backPressureWaits++;
            backPressure.reset();
            do
            {
                checkWorker(shard);
                backPressure.idle();
            }
            while (!ring.offer(frame, length));
        }
    }

    /**
     * The reader moved on from a mapped window (called inside its read): the window is unmapped once every worker
     * has handled every frame offered so far, the only ones that can lie in it. Waits while too many are kept.
     */
    private void keep(final MappedByteBuffer window)
    {
        final long[] positions = new long[rings.length];
        for (int i = 0; i < rings.length; i++)
        {
            if (null != rings[i])
            {
                rings[i].flush();
                positions[i] = rings[i].producerPosition();
            }
        }
        kept.addLast(new KeptWindow(window, positions));
        windowsKept++;
        unmapPassed();
        backPressure.reset();
        while (kept.size() > MAX_KEPT_WINDOWS)
        {
            for (int i = 0; i < rings.length; i++)
            {
                if (null != rings[i])
                {
                    checkWorker(i);
                }
            }
            backPressure.idle();
            unmapPassed();
        }
    }

    private void unmapPassed()
    {
        while (!kept.isEmpty() && kept.peekFirst().passed(rings))
        {
            IoUtil.unmap(kept.pollFirst().window);
            windowsUnmapped++;
        }
    }

    /** Windows of the file handed over by the reader so far (the descriptor path only). */
    long windowsKept()
    {
        return windowsKept;
    }

    /** Kept windows unmapped so far: all of them once the analysis has ended. */
    long windowsUnmapped()
    {
        return windowsUnmapped;
    }

    /** Whether frames went to the workers as descriptors of mapped bytes rather than copies. */
    boolean inPlace()
    {
        return inPlace;
    }

    /** Times the reader found a worker's ring full and waited. */
    long backPressureWaits()
    {
        return backPressureWaits;
    }

    private long verdicts()
    {
        long total = 0;
        for (final ShardWorker worker : workers)
        {
            total += worker.verdicts();
        }
        return total;
    }

    private void checkWorker(final int index)
    {
        final ShardWorker worker = workers.get(index);
        if (worker.finished())
        {
            throw new IllegalStateException("analysis worker " + index + " stopped", worker.failure());
        }
    }

    private static void joinAll(final List<Thread> threads)
    {
        boolean interrupted = false;
        for (final Thread thread : threads)
        {
            while (thread.isAlive())
            {
                try
                {
                    thread.join();
                }
                catch (final InterruptedException e)
                {
                    interrupted = true;
                }
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A mapped window the reader left, and each ring's producer position when it did. */
    private static final class KeptWindow
    {
        final MappedByteBuffer window;
        final long[] positions;

        KeptWindow(final MappedByteBuffer window, final long[] positions)
        {
            this.window = window;
            this.positions = positions;
        }

        boolean passed(final WorkerRing[] rings)
        {
            for (int i = 0; i < rings.length; i++)
            {
                if (null != rings[i] && rings[i].consumerPosition() < positions[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
