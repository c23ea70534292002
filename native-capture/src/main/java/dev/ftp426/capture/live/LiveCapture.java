package dev.ftp426.capture.live;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import dev.ftp426.capture.pcap.BpfProgram;
import dev.ftp426.capture.pcap.PcapDumper;
import dev.ftp426.capture.pcap.PcapException;
import dev.ftp426.capture.pcap.PcapHandle;
import dev.ftp426.pcap.FrameHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * A live capture (or a capture file replayed the same way): libpcap set up and activated by {@link #open}, a capture
 * thread started by {@link #start()} or {@link #run}, and one ring per worker whose frames reach a
 * {@link FrameHandler} as {@link dev.ftp426.pcap.Frame}s.
 * <p>
 * Typical use:
 * <pre>{@code
 * try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forInterface("eth0").filter("tcp")))
 * {
 *     Signal.handle(new Signal("INT"), signal -> capture.stop());
 *     CaptureStatistics stats = capture.run(handler);   // returns when stopped, at -c / --duration, or at EOF
 * }
 * }</pre>
 * {@link #stop()} and {@link #statistics()} may be called from any thread (a signal handler, a progress printer).
 * A handler that is an {@link IdleAwareFrameHandler} is also told, on its worker thread, when its ring is empty.
 * With {@link LiveCaptureOptions#inline(boolean)} there is no ring and no capture thread: {@link #run} captures on
 * the calling thread and hands each frame to the handler there (an idle-aware handler is told of each read timeout).
 */
public final class LiveCapture implements AutoCloseable
{
    private static final int POLL_LIMIT = 256;

    private final LiveCaptureOptions options;
    private final PcapHandle pcap;
    private final PcapDumper dumper;
    private final List<String> warnings;
    private final FrameRing[] rings;
    private final RingFrameSource[] sources;
    private final CaptureCounters counters = new CaptureCounters();
    private final Object lifecycleLock = new Object();
    private final int linkType;
    private final int snaplen;
    private volatile CaptureLoop loop;
    private Thread captureThread;
    private Thread inlineThread;
    private Thread timerThread;
    private volatile long startNanos;
    private volatile boolean stopRequested;
    private boolean closed;

    private LiveCapture(
        final LiveCaptureOptions options, final PcapHandle pcap, final PcapDumper dumper, final List<String> warnings)
    {
        this.options = options;
        this.pcap = pcap;
        this.dumper = dumper;
        this.warnings = Collections.unmodifiableList(warnings);
        this.linkType = pcap.linkType();
        this.snaplen = pcap.snapshotLength();
        final int ringCapacity = Math.max(
            options.ringCapacityBytes(), FrameRing.minimumCapacity(Math.max(snaplen, options.snaplen())));
        final int shards = options.inline() ? 0 : options.shards();
        rings = new FrameRing[shards];
        sources = new RingFrameSource[shards];
        for (int i = 0; i < rings.length; i++)
        {
            rings[i] = new FrameRing(ringCapacity);
            sources[i] = new RingFrameSource(rings[i], i);
        }
    }

    /**
     * Creates, configures and activates the libpcap handle, installs the filter and opens the {@code -w} file.
     * Nothing is captured into the rings until {@link #start()} or {@link #run}.
     *
     * @param options what and how to capture.
     * @return the capture, to be closed.
     * @throws dev.ftp426.capture.pcap.LibpcapUnavailableException libpcap is not installed.
     * @throws dev.ftp426.capture.pcap.NoSuchInterfaceException    the interface does not exist.
     * @throws dev.ftp426.capture.pcap.CapturePermissionException  root or CAP_NET_RAW is needed.
     * @throws dev.ftp426.capture.pcap.BadFilterException          the filter does not compile (libpcap's message).
     * @throws PcapException                                       any other libpcap failure.
     */
    public static LiveCapture open(final LiveCaptureOptions options)
    {
        final List<String> warnings = new ArrayList<>();
        final PcapHandle pcap = options.isLive() ?
            PcapHandle.create(options.interfaceName()) :
            PcapHandle.openOffline(options.file(), options.nanosecondTimestamps());
        PcapDumper dumper = null;
        try
        {
            int netmask = 0xFFFF_FFFF;
            if (options.isLive())
            {
                pcap.snaplen(options.snaplen());
                pcap.promiscuous(options.promiscuous());
                pcap.timeoutMillis(options.timeoutMillis());
                if (options.bufferSizeKiB() > 0)
                {
                    pcap.bufferSizeBytes(options.bufferSizeKiB() * 1024);
                }
                if (options.immediateMode() && !pcap.immediateMode(true))
                {
                    warnings.add("this libpcap has no immediate mode; packets are delivered in batches");
                }
                if (options.nanosecondTimestamps() && !pcap.requestNanosecondPrecision())
                {
                    warnings.add(options.interfaceName() + ": nanosecond time stamps not supported, using microseconds");
                }
                warnings.addAll(pcap.activate());
                netmask = pcap.netmask();
            }

            final String filter = options.filter();
            if (null != filter && !filter.isBlank())
            {
                try (BpfProgram program = pcap.compile(filter, netmask))
                {
                    pcap.setFilter(program);
                }
            }

            if (options.isLive() && options.inline())
            {
                pcap.nonBlocking(true);
            }
            if (null != options.dumpFile())
            {
                dumper = pcap.openDumper(options.dumpFile());
            }
            return new LiveCapture(options, pcap, dumper, warnings);
        }
        catch (final RuntimeException | Error ex)
        {
            try
            {
                if (null != dumper)
                {
                    dumper.close();
                }
            }
            finally
            {
                pcap.close();
            }
            throw ex;
        }
    }

    /** Non-fatal remarks from libpcap's activation (e.g. promiscuous mode not supported), to print once. */
    public List<String> warnings()
    {
        return warnings;
    }

    /** LINKTYPE_ value of the frames. */
    public int linkType()
    {
        return linkType;
    }

    /** The snapshot length libpcap uses. */
    public int snaplen()
    {
        return snaplen;
    }

    public boolean isNanosecondPrecision()
    {
        return pcap.isNanosecondPrecision();
    }

    public LiveCaptureOptions options()
    {
        return options;
    }

    /** Number of rings and workers; 0 when {@link LiveCaptureOptions#inline(boolean) inline}. */
    public int shardCount()
    {
        return sources.length;
    }

    /** The consumer side of one worker, for callers that drive their own worker threads after {@link #start()}. */
    public RingFrameSource source(final int shard)
    {
        return sources[shard];
    }

    /** Starts the capture thread (and a timer for the duration limit). Once only; not when inline. */
    public void start()
    {
        if (options.inline())
        {
            throw new IllegalStateException("an inline capture runs on the caller's thread: use run(handler)");
        }
        synchronized (lifecycleLock)
        {
            final CaptureLoop captureLoop = newLoop(null);
            captureThread = new Thread(captureLoop, "ftp426-capture");
            captureThread.setDaemon(true);
            captureThread.start();
        }
    }

    /** Creates the loop (and starts the duration timer); under the lifecycle lock. */
    private CaptureLoop newLoop(final FrameHandler inlineHandler)
    {
        if (closed)
        {
            throw new IllegalStateException("capture is closed");
        }
        if (null != loop)
        {
            throw new IllegalStateException("capture already started");
        }
        startNanos = System.nanoTime();
        final long deadline = null == options.duration() ? 0 : startNanos + options.duration().toNanos();
        final CaptureLoop captureLoop = new CaptureLoop(
            pcap, rings, options.sharder(), counters, dumper, options, 0 == deadline ? 0 : deadline | 1, inlineHandler);
        loop = captureLoop;
        if (stopRequested)
        {
            captureLoop.stop();
        }
        if (0 != deadline)
        {
            timerThread = new Thread(() -> stopAt(deadline), "ftp426-capture-timer");
            timerThread.setDaemon(true);
            timerThread.start();
        }
        return captureLoop;
    }

    /**
     * Captures until stopped, the packet or time limit, or end of file, handing every frame to {@code handler} on the
     * calling thread; then drains the ring and returns the final statistics. Needs a single shard. Interrupting the
     * calling thread acts as {@link #stop()} (the interrupt status is kept).
     *
     * @throws PcapException when capturing failed (after the frames already captured were delivered).
     */
    public CaptureStatistics run(final FrameHandler handler)
    {
        if (options.inline())
        {
            return runInline(handler);
        }
        if (1 != sources.length)
        {
            throw new IllegalStateException("run(handler) needs one shard; use run(FrameHandler...) for " +
                sources.length);
        }
        return run(new FrameHandler[]{handler});
    }

    /**
     * As {@link #run(FrameHandler)} with one handler per shard: shard 0 on the calling thread, the others on their own
     * threads. Each handler only ever sees its own shard.
     */
    public CaptureStatistics run(final FrameHandler... handlers)
    {
        if (options.inline() && 1 == handlers.length)
        {
            return runInline(handlers[0]);
        }
        if (handlers.length != sources.length)
        {
            throw new IllegalArgumentException("need " + sources.length + " handlers, got " + handlers.length);
        }
        start();
        final Thread[] workers = new Thread[sources.length - 1];
        final Throwable[] workerFailures = new Throwable[sources.length];
        for (int i = 1; i < sources.length; i++)
        {
            final int shard = i;
            workers[i - 1] = new Thread(() ->
            {
                try
                {
                    drive(sources[shard], handlers[shard]);
                }
                catch (final Throwable ex)
                {
                    workerFailures[shard] = ex;
                    stop();
                }
            }, "ftp426-worker-" + shard);
            workers[i - 1].start();
        }

        Throwable failure = null;
        try
        {
            drive(sources[0], handlers[0]);
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            stop();
        }
        finally
        {
            for (final Thread worker : workers)
            {
                joinUninterruptibly(worker);
            }
            joinUninterruptibly(captureThread);
        }

        for (final Throwable workerFailure : workerFailures)
        {
            if (null == failure && null != workerFailure)
            {
                failure = workerFailure;
            }
        }
        if (null == failure)
        {
            failure = loop.failure();
        }
        rethrow(failure);
        return statistics();
    }

    private CaptureStatistics runInline(final FrameHandler handler)
    {
        final CaptureLoop captureLoop;
        synchronized (lifecycleLock)
        {
            captureLoop = newLoop(handler);
            inlineThread = Thread.currentThread();
        }
        try
        {
            captureLoop.run();
        }
        finally
        {
            synchronized (lifecycleLock)
            {
                inlineThread = null;
                lifecycleLock.notifyAll();
            }
        }
        rethrow(captureLoop.failure());
        return statistics();
    }

    /**
     * Asks the capture to end: sets a flag and calls {@code pcap_breakloop}, as tcpdump's signal handler does. Returns
     * at once; {@link #run} then drains the rings and returns. Safe from any thread, any number of times.
     */
    public void stop()
    {
        stopRequested = true;
        synchronized (lifecycleLock)
        {
            if (null != loop)
            {
                loop.stop();
            }
            if (!closed)
            {
                pcap.breakLoop();
            }
        }
    }

    /** Whether the capture thread has ended (frames may still wait in the rings). */
    public boolean isFinished()
    {
        final CaptureLoop current = loop;
        return null != current && current.isFinished();
    }

    /** The failure that ended the capture thread, or null. */
    public Throwable failure()
    {
        final CaptureLoop current = loop;
        return null == current ? null : current.failure();
    }

    /** A snapshot of the counters; final ({@link CaptureStatistics#complete()}) once the rings are drained. */
    public CaptureStatistics statistics()
    {
        final boolean finished = isFinished();
        long delivered = options.inline() ? counters.received.get() : 0;
        boolean drained = true;
        for (final RingFrameSource source : sources)
        {
            delivered += source.delivered();
            drained &= source.isEmpty();
        }
        final long start = startNanos;
        final long end = finished ? loop.finishedNanos() : System.nanoTime();
        return new CaptureStatistics(
            counters.received.get(),
            delivered,
            counters.ringDrops.get(),
            counters.truncated.get(),
            counters.capturedBytes.get(),
            counters.kernelStatisticsAvailable,
            counters.kernelReceived.get(),
            counters.kernelDrops.get(),
            counters.interfaceDrops.get(),
            0 == start ? 0 : end - start,
            finished && drained);
    }

    /** Stops the capture if it runs, waits for its thread, then frees the dump file and the libpcap handle. */
    public void close()
    {
        stop();
        final Thread thread;
        synchronized (lifecycleLock)
        {
            thread = captureThread;
        }
        joinUninterruptibly(thread);
        synchronized (lifecycleLock)
        {
            if (Thread.currentThread() == inlineThread)
            {
                throw new IllegalStateException("an inline capture cannot be closed by its own handler; stop() it");
            }
            boolean interrupted = false;
            while (null != inlineThread)
            {
                try
                {
                    lifecycleLock.wait();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
            if (closed)
            {
                return;
            }
            closed = true;
            try
            {
                if (null != dumper)
                {
                    dumper.close();
                }
            }
            finally
            {
                pcap.close();
            }
        }
    }

    private void drive(final RingFrameSource source, final FrameHandler handler)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(50, 20, 1_000, 1_000_000);
        final IdleAwareFrameHandler idleAware =
            handler instanceof IdleAwareFrameHandler ? (IdleAwareFrameHandler)handler : null;
        while (true)
        {
            if (Thread.currentThread().isInterrupted())
            {
                stop();
            }
            final boolean finished = loop.isFinished();
            final int count = source.poll(handler, POLL_LIMIT);
            if (finished && 0 == count && source.isEmpty())
            {
                return;
            }
            if (0 == count && null != idleAware)
            {
                idleAware.onIdle();
            }
            idle.idle(count);
        }
    }

    private void stopAt(final long deadlineNanos)
    {
        while (!loop.isFinished() && !stopRequested)
        {
            final long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0)
            {
                stop();
                return;
            }
            LockSupport.parkNanos(Math.min(remaining, 50_000_000L));
        }
    }

    private static void joinUninterruptibly(final Thread thread)
    {
        if (null == thread || Thread.currentThread() == thread)
        {
            return;
        }
        boolean interrupted = false;
        while (true)
        {
            try
            {
                thread.join();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void rethrow(final Throwable failure)
    {
        if (null == failure)
        {
            return;
        }
        if (failure instanceof RuntimeException)
        {
            throw (RuntimeException)failure;
        }
        if (failure instanceof Error)
        {
            throw (Error)failure;
        }
        throw new PcapException("capture failed: " + failure, null, failure);
    }
}
