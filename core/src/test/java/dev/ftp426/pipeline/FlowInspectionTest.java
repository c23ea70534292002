package dev.ftp426.pipeline;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.flow.CommunityId;
import dev.ftp426.report.FlowRecord;
import dev.ftp426.tcp.TcpFlow;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FlowInspectionTest
{
    private static Path corpus(final String name)
    {
        final String root = System.getProperty("ftp426.corpus");
        assumeTrue(root != null, "ftp426.corpus not set");
        final Path path = Paths.get(root, name);
        assumeTrue(Files.isReadable(path), "corpus file missing: " + path);
        return path;
    }

    @Test
    void everyTcpPacketReachesTheObserverAndEveryFlowClosesOnce() throws IOException
    {
        final Path file = corpus("dev/client_kill_download-vsftpd-ftplib-pasv/server.pcap");
        final Map<Long, long[]> packetsSeen = new HashMap<>();
        final Map<Long, long[]> bytesDelivered = new HashMap<>();
        final List<FlowRecord> closed = new ArrayList<>();
        final CommunityId communityId = new CommunityId(0);

        new FlowInspection().run(file, new FlowInspection.Observer()
        {
            @Override
            public boolean onOpen(final TcpFlow flow)
            {
                return true;
            }

            @Override
            public void onPacket(final TcpFlow flow, final int direction, final DecodedPacket packet)
            {
                packetsSeen.computeIfAbsent(flow.id(), k -> new long[2])[direction]++;
            }

            @Override
            public void onData(final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset,
                final int length)
            {
                bytesDelivered.computeIfAbsent(flow.id(), k -> new long[2])[direction] += length;
            }

            @Override
            public void onClose(final TcpFlow flow)
            {
                closed.add(FlowRecord.of(flow, communityId));
            }
        });

        assertThat(closed).extracting(FlowRecord::flowId).containsExactlyInAnyOrderElementsOf(packetsSeen.keySet());
        for (final FlowRecord flow : closed)
        {
            final long[] seen = packetsSeen.get(flow.flowId());
            assertThat(flow.orig().packets()).isEqualTo(seen[0]);
            assertThat(flow.resp().packets()).isEqualTo(seen[1]);
            final long[] delivered = bytesDelivered.getOrDefault(flow.flowId(), new long[2]);
            assertThat(delivered[0]).isEqualTo(flow.orig().payloadBytes());
            assertThat(delivered[1]).isEqualTo(flow.resp().payloadBytes());
            assertThat(flow.closeReason()).isEqualTo("end_of_capture");
            assertThat(flow.communityId()).startsWith("1:");
        }
        final FlowRecord data = closed.stream().filter(f -> f.resp().port() != 21).findFirst().orElseThrow();
        assertThat(data.resp().payloadBytes()).isGreaterThan(100_000);
        assertThat(data.orig().rstFrame()).isPositive();
        assertThat(data.connState()).startsWith("RST");
    }
}
