package dev.ftp426.pipeline;

import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pipeline.parallel.ParallelAnalysis;
import dev.ftp426.report.FileSummary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Analyses capture files one after another: reads each through the one packet path ({@link PacketPipeline}) and
 * reports every result and a summary per file to an {@link AnalysisListener}.
 * <p>
 * {@link #stop()} may be called from another thread (a signal handler): the current file's results so far and its
 * summary are still reported, and no further file is started.
 */
public final class OfflineAnalysis
{
    private static final int PROGRESS_EVERY_FRAMES = 1 << 14;

    private final AnalysisOptions options;
    private volatile boolean stopped;
    private volatile CaptureReader current;

    public OfflineAnalysis(final AnalysisOptions options)
    {
        this.options = options;
    }

    /**
     * Analyses one capture file.
     *
     * @throws IOException                          when the file cannot be opened.
     * @throws dev.ftp426.pcap.BadCaptureException when it is not a capture.
     */
    public FileSummary analyze(final Path file, final AnalysisListener listener) throws IOException
    {
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            return run(reader, file.toString(), listener);
        }
    }

    /** Analyses a capture arriving on a stream (standard input, a bundled resource). */
    public FileSummary analyze(final InputStream in, final String name, final AnalysisListener listener)
        throws IOException
    {
        try (CaptureReader reader = CaptureReaders.open(in, name))
        {
            return run(reader, name, listener);
        }
    }

    /** Stops the analysis after the current packet; safe from any thread. */
    public void stop()
    {
        stopped = true;
        final CaptureReader reader = current;
        if (reader != null)
        {
            reader.stop();
        }
    }

    public boolean stopped()
    {
        return stopped;
    }

    private FileSummary run(final CaptureReader reader, final String name, final AnalysisListener listener)
    {
        if (options.workers() > 1)
        {
            current = reader;
            try
            {
                return ParallelAnalysis.run(reader, name, options, listener, this::stopped);
            }
            finally
            {
                current = null;
            }
        }
        final PacketPipeline pipeline = new PacketPipeline(options, listener);
        final FileSummary summary = new FileSummary(name, reader.stats(), pipeline.decodeCounters());
        pipeline.captureStats(reader.stats());
        final ProgressListener progress = options.progress();
        final long maxPackets = options.maxPackets();
        current = reader;
        try
        {
            if (stopped)
            {
                summary.incomplete();
                return summary;
            }
            long frames = 0;
            while (reader.readNext(pipeline))
            {
                frames++;
                if ((frames & (PROGRESS_EVERY_FRAMES - 1)) == 0 && progress != null)
                {
                    progress.onProgress(name, reader.inputPosition(), reader.inputSize(), frames,
                        pipeline.verdicts());
                }
                if (frames >= maxPackets)
                {
                    summary.incomplete();
                    break;
                }
                if (stopped)
                {
                    summary.incomplete();
                    break;
                }
            }
            return summary;
        }
        finally
        {
            current = null;
            // Runs on every exit, so a damaged file or an interrupted run still reports all it found.
            pipeline.finish(summary);
            if (progress != null)
            {
                progress.onFinished(name);
            }
            listener.onSummary(summary);
        }
    }
}
