package dev.ftp426.pipeline;

import dev.ftp426.decode.DecodeCounters;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import dev.ftp426.report.FileSummary;

/**
 * The one path every frame takes, whatever its source (file or live ring): decode, then the flow stages. One
 * instance per input and per thread; nothing here allocates per packet.
 */
public final class PacketPipeline implements FrameHandler
{
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final AnalysisListener listener;
    private long verdicts;

    public PacketPipeline(final AnalysisOptions options, final AnalysisListener listener)
    {
        this.listener = listener;
    }

    @Override
    public void onFrame(final Frame frame)
    {
        if (decoder.decode(frame, packet))
        {
            onPacket(packet);
        }
    }

    private void onPacket(final DecodedPacket packet)
    {
    }

    public DecodeCounters decodeCounters()
    {
        return decoder.counters();
    }

    /** Verdicts produced so far. */
    public long verdicts()
    {
        return verdicts;
    }

    /** Ends the input: flushes every pending flow and transfer and completes the summary. */
    public void finish(final FileSummary summary)
    {
        decoder.finish();
        final DecodeCounters counters = decoder.counters();
        summary.limitHit("fragments_dropped_by_limit", counters.fragmentsDroppedByLimit());
        summary.anomaly("ip_fragments_expired", counters.fragmentsExpired());
        summary.anomaly("ip_fragment_overlap_conflict", counters.conflictingOverlaps());
        summary.anomaly("ip_bad_header", counters.badIpHeader());
        summary.anomaly("tcp_bad_header", counters.badTcpHeader());
    }
}
