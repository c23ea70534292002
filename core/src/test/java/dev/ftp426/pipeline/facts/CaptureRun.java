package dev.ftp426.pipeline.facts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.tcp.StreamListener;
import dev.ftp426.tcp.TcpConfig;
import dev.ftp426.tcp.TcpEventListener;
import dev.ftp426.tcp.TcpFlow;
import dev.ftp426.tcp.TcpTracker;

/**
 * Reads a capture through the real reader, decoder and TCP tracker and records, with a {@link DataFlowRecorder},
 * the first connection (not port 21) using each wanted port, wired as the pipeline does: the recorder hangs on its
 * flow, gets the flow's events, and gets each packet of the flow through {@link TcpTracker#lastFlow()}.
 */
final class CaptureRun implements StreamListener, TcpEventListener
{
    final Map<Integer, DataFlowRecorder> byPort = new HashMap<>();
    private final Set<Integer> wanted;
    int linkType = -1;
    CaptureStats stats;

    private CaptureRun(final Set<Integer> wanted)
    {
        this.wanted = wanted;
    }

    static CaptureRun run(final Path capture, final Set<Integer> wantedPorts) throws IOException
    {
        final CaptureRun run = new CaptureRun(wantedPorts);
        final TcpTracker tracker = new TcpTracker(new TcpConfig(), run, run);
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = new DecodedPacket();
        try (CaptureReader reader = CaptureReaders.open(capture))
        {
            reader.readAll(frame ->
            {
                if (!decoder.decode(frame, packet))
                {
                    return;
                }
                tracker.onPacket(packet);
                final TcpFlow flow = tracker.lastFlow();
                if (null != flow && flow.attachment() instanceof DataFlowRecorder recorder)
                {
                    recorder.onPacket(flow, tracker.lastDirection(), packet);
                    if (run.linkType < 0)
                    {
                        run.linkType = frame.linkType();
                    }
                }
            });
            tracker.closeAll();
            run.stats = reader.stats();
        }
        return run;
    }

    @Override
    public boolean onOpen(final TcpFlow flow)
    {
        final int a = flow.initiator().port();
        final int b = flow.responder().port();
        if (21 == a || 21 == b)
        {
            return false;
        }
        for (final int port : new int[]{ a, b })
        {
            if (wanted.contains(port) && !byPort.containsKey(port))
            {
                final DataFlowRecorder recorder = new DataFlowRecorder().attach(flow);
                byPort.put(port, recorder);
                break;
            }
        }
        return false;
    }

    @Override
    public void onClose(final TcpFlow flow, final int reason)
    {
        if (flow.attachment() instanceof DataFlowRecorder recorder)
        {
            recorder.onClose(flow, reason);
        }
    }

    @Override
    public void onEvent(
        final TcpFlow flow, final int type, final int direction, final long frame, final long tsNanos, final long a,
        final long b)
    {
        if (flow.attachment() instanceof DataFlowRecorder recorder)
        {
            recorder.onEvent(flow, type, direction, frame, tsNanos, a, b);
        }
    }
}
