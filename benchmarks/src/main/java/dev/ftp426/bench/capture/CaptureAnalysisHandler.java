package dev.ftp426.bench.capture;

import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.PacketPipeline;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.util.function.LongSupplier;

/**
 * What {@code ftp426 capture}'s handler does per frame (cli CaptureCommand.CountingHandler, which the benchmarks
 * cannot depend on): count the frame, analyse it, sample the capture drops every 1024 frames at most once a second.
 */
final class CaptureAnalysisHandler implements FrameHandler, AnalysisListener
{
    private final LongSupplier drops;
    private final CaptureStats stats;
    private final PacketPipeline pipeline;
    private long nextSampleNanos = System.nanoTime() + 1_000_000_000L;
    private long transfers;

    /**
     * @param drops the capture's drop count so far (0 where nothing can be dropped).
     */
    CaptureAnalysisHandler(final int linkType, final int snaplen, final LongSupplier drops)
    {
        this.drops = drops;
        stats = CaptureStats.forLiveCapture("replay", linkType, snaplen, true);
        pipeline = new PacketPipeline(new AnalysisOptions(), this);
    }

    public void onFrame(final Frame frame)
    {
        stats.count(frame);
        pipeline.onFrame(frame);
        if ((stats.packets() & 1023) == 0)
        {
            final long now = System.nanoTime();
            if (now >= nextSampleNanos)
            {
                nextSampleNanos = now + 1_000_000_000L;
                pipeline.dropSample(frame.timestampNanos(), drops.getAsLong());
            }
        }
    }

    public void onTransfer(final TransferReport report)
    {
        transfers++;
    }

    public void onSummary(final FileSummary summary)
    {
    }

    /** Ends the analysis; the number of transfers reported. */
    long finish()
    {
        pipeline.finish(new FileSummary("replay", stats, pipeline.decodeCounters()));
        return transfers;
    }
}
