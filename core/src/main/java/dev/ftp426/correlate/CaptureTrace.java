package dev.ftp426.correlate;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.IpAddress;
import dev.ftp426.flow.CommunityId;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pipeline.FlowInspection;
import dev.ftp426.tcp.TcpFlow;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every TCP connection of one capture, packet by packet ({@link FlowTrace}), for cross-capture correlation. */
public final class CaptureTrace
{
    /** Packets kept over all connections of one capture (about 41 bytes each). */
    public static final long MAX_PACKETS = 4L << 20;

    private final String name;
    private final List<FlowTrace> flows;
    private final long firstTsNanos;
    private final long lastTsNanos;
    private final long packetsNotKept;

    private CaptureTrace(final String name, final List<FlowTrace> flows, final long firstTsNanos,
        final long lastTsNanos, final long packetsNotKept)
    {
        this.packetsNotKept = packetsNotKept;
        this.name = name;
        this.flows = flows;
        this.firstTsNanos = firstTsNanos;
        this.lastTsNanos = lastTsNanos;
    }

    /** Reads a capture file once through the TCP tracker and keeps the packets of every connection. */
    public static CaptureTrace read(final Path file, final int communityIdSeed) throws IOException
    {
        final CommunityId communityId = new CommunityId(communityIdSeed);
        final Long2ObjectHashMap<FlowTrace> byId = new Long2ObjectHashMap<>();
        final List<FlowTrace> flows = new ArrayList<>();
        final long[] kept = new long[2];
        final CaptureStats stats = new FlowInspection().run(file, new FlowInspection.Observer()
        {
            @Override
            public void onPacket(final TcpFlow flow, final int direction, final DecodedPacket packet)
            {
                FlowTrace trace = byId.get(flow.id());
                if (trace == null)
                {
                    trace = new FlowTrace(flow.id(),
                        IpAddress.format(flow.initiator().addressHi(), flow.initiator().addressLo()),
                        flow.initiator().port(),
                        IpAddress.format(flow.responder().addressHi(), flow.responder().addressLo()),
                        flow.responder().port(), flow.communityId(communityId));
                    byId.put(flow.id(), trace);
                    flows.add(trace);
                }
                if (direction == 0 && packet.syn() && !packet.hasAck() && trace.initiatorIsn < 0)
                {
                    trace.initiatorIsn = packet.seq();
                    trace.synTsNanos = packet.timestampNanos();
                }
                if (direction == 0 && trace.initiatorTtl < 0)
                {
                    trace.initiatorTtl = packet.ttl();
                }
                else if (direction == 1 && trace.responderTtl < 0)
                {
                    trace.responderTtl = packet.ttl();
                }
                if (kept[0] >= MAX_PACKETS)
                {
                    kept[1]++;
                    return;
                }
                if (trace.add(direction, packet.seq(), packet.hasAck() ? packet.ack() : 0, packet.tcpFlags() & 0x17,
                    packet.payloadWireLength(), packet.timestampNanos(), packet.frameNumber()))
                {
                    kept[0]++;
                }
                else
                {
                    kept[1]++;
                }
            }
        });
        final boolean any = stats.packets() > 0;
        return new CaptureTrace(file.toString(), flows, any ? stats.firstTimestampNanos() : 0,
            any ? stats.lastTimestampNanos() : 0, kept[1]);
    }

    public String name() { return name; }
    public List<FlowTrace> flows() { return Collections.unmodifiableList(flows); }
    public long firstTsNanos() { return firstTsNanos; }
    public long lastTsNanos() { return lastTsNanos; }
    /** TCP packets left out of the comparison because a limit was reached. */
    public long packetsNotKept() { return packetsNotKept; }
}
