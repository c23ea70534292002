package dev.ftp426.robustness;

import dev.ftp426.decode.DecodeLimits;
import dev.ftp426.decode.PacketBuilder;
import dev.ftp426.ftp.FtpTrackerConfig;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.tcp.TcpConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static dev.ftp426.robustness.FtpCaptures.CLIENT;
import static dev.ftp426.robustness.FtpCaptures.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every configured limit, set small and then exceeded by a generated capture, is named in the summary (limits_hit,
 * or anomalies for the FTP text bounds and timeouts), and an input that stays inside it names nothing.
 */
class LimitsReportedTest
{
    @Test
    void memoryBudgetEvictsFlows() throws IOException
    {
        final byte[] pcap = capture((sink, clock) ->
        {
            for (int i = 0; i < 2_000; i++)
            {
                sink.packet(clock.next(), new PacketBuilder().ipv4(CLIENT, SERVER).tcp(10000 + i, 8080).flags(0x02)
                    .build());
            }
        });
        assertThat(analyze(pcap, new AnalysisOptions().memoryBudgetBytes(1 << 20)).limitsHit())
            .containsKey("tcp_flows_evicted");
        assertThat(analyze(pcap, new AnalysisOptions()).limitsHit()).doesNotContainKey("tcp_flows_evicted");
    }

    @Test
    void reorderCapsPerFlowAndGlobal() throws IOException
    {
        final byte[] pcap = capture((sink, clock) ->
        {
            for (int flow = 0; flow < 20; flow++)
            {
                final TcpConversation c = new TcpConversation(sink, clock, CLIENT, 20000 + flow, SERVER, 8080, 1, 1)
                    .handshake();
                for (int i = 1; i <= 60; i++)
                {
                    c.segmentAt(false, i * 2000L, new byte[1000]);
                }
            }
        });
        final FileSummary perFlow = analyze(pcap, new AnalysisOptions()
            .tcpConfig(new TcpConfig().reorderBytesPerDirection(16 * 1024)));
        assertThat(perFlow.limitsHit()).containsKey("tcp_reorder_per_flow_cap");
        final FileSummary global = analyze(pcap, new AnalysisOptions()
            .tcpConfig(new TcpConfig().reorderBudgetBytes(64 * 1024)));
        assertThat(global.limitsHit()).containsKey("tcp_reorder_global_cap");
        assertThat(analyze(pcap, new AnalysisOptions()).limitsHit()).isEmpty();
    }

    @Test
    void ftpLineReplyAndPendingCommandBounds() throws IOException
    {
        final byte[] pcap = capture((sink, clock) -> FtpCaptures.session(sink, clock, 40001, 1, 2, 3000, false, c ->
        {
            c.client("SITE " + "x".repeat(200) + "\r\n").server("500 no\r\n");
            c.client("HELP\r\n").server("214-a\r\n" + " thirty characters of help....\r\n".repeat(20) + "214 ok\r\n");
            c.client("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n");
            c.server("200 ok\r\n".repeat(6));
        }));
        final FtpTrackerConfig small = new FtpTrackerConfig();
        small.maxLineLength = 64;
        small.maxReplyLines = 5;
        small.maxReplyTextLength = 64;
        small.maxPendingCommands = 2;
        final FileSummary summary = analyze(pcap, new AnalysisOptions().ftpConfig(small));
        assertThat(summary.anomalies()).containsKeys("ftp_line_truncated", "ftp_reply_block_bounded");
        assertThat(summary.limitsHit()).containsKeys("ftp_reply_text", "ftp_pending_commands");
        final FileSummary defaults = analyze(pcap, new AnalysisOptions());
        assertThat(defaults.anomalies()).doesNotContainKeys("ftp_line_truncated", "ftp_reply_block_bounded");
        assertThat(defaults.limitsHit()).isEmpty();
    }

    @Test
    void expectationsSessionsAndControlConnections() throws IOException
    {
        final byte[] pcap = capture((sink, clock) ->
        {
            for (int s = 0; s < 6; s++)
            {
                new TcpConversation(sink, clock, CLIENT, 10000 + s, SERVER, 21, s, 100L * s).handshake()
                    .server("220 ready\r\n").client("USER a\r\n").server("331 pw\r\n").client("PASS b\r\n")
                    .server("230 in\r\n").client("PASV\r\n")
                    .server("227 Entering Passive Mode (203,0,113,10,100," + s + ").\r\n");
            }
            clock.advance(60_000_000_000L);
            new TcpConversation(sink, clock, CLIENT, 9999, SERVER, 8080, 1, 1).handshake();
        });
        final FtpTrackerConfig small = new FtpTrackerConfig();
        small.maxExpectations = 2;
        small.maxSessions = 3;
        small.expectationLifetimeNanos = 1_000_000_000L;
        final FileSummary summary = analyze(pcap, new AnalysisOptions().ftpConfig(small).maxControlConnections(2));
        assertThat(summary.limitsHit()).containsKeys("ftp_sessions", "control_connections");
        assertThat(summary.anomalies()).containsKey("ftp_expectation_expired");
        final FtpTrackerConfig fewExpectations = new FtpTrackerConfig();
        fewExpectations.maxExpectations = 2;
        assertThat(analyze(pcap, new AnalysisOptions().ftpConfig(fewExpectations)).limitsHit())
            .containsKey("ftp_expectations");
        final FileSummary defaults = analyze(pcap, new AnalysisOptions());
        assertThat(defaults.limitsHit()).isEmpty();
        assertThat(defaults.anomalies()).doesNotContainKey("ftp_expectation_expired");
    }

    @Test
    void dataFlowRecorders() throws IOException
    {
        final byte[] pcap = capture((sink, clock) ->
        {
            for (int s = 0; s < 3; s++)
            {
                FtpCaptures.session(sink, clock, 40001 + 2 * s, 10 + s, 1000 + s, 5000, s == 2, c -> { });
            }
        });
        final Results results = new Results();
        final FileSummary summary = analyze(pcap, new AnalysisOptions().maxDataFlowRecorders(1), results);
        // a closed data connection lingers 5 s: back-to-back sessions keep the one recorder busy
        assertThat(summary.limitsHit()).containsKey("data_flow_recorders");
        assertThat(results.transfers).hasSize(3);
        assertThat(analyze(pcap, new AnalysisOptions()).limitsHit()).isEmpty();

        final byte[] spaced = capture((sink, clock) ->
        {
            for (int s = 0; s < 3; s++)
            {
                FtpCaptures.session(sink, clock, 40001 + 2 * s, 10 + s, 1000 + s, 5000, s == 2, c -> { });
                clock.advance(60_000_000_000L);
            }
        });
        final Results spacedResults = new Results();
        final FileSummary spacedSummary = analyze(spaced, new AnalysisOptions().maxDataFlowRecorders(1),
            spacedResults);
        assertThat(spacedSummary.limitsHit()).containsKey("data_flow_recorders_closed");
        assertThat(spacedResults.transfers).containsExactly("none", "none", "server/server_abort");
    }

    @Test
    void fragmentCapsAndTimeout() throws IOException
    {
        final byte[] pcap = capture((sink, clock) ->
        {
            for (int i = 0; i < 6; i++)
            {
                sink.packet(clock.next(), new PacketBuilder().ipv4(CLIENT, SERVER).fragmentId(i).ipId(i)
                    .tcp(20000, 21).payload(new byte[200]).fragment(0, 96).build());
            }
            clock.advance(60_000_000_000L);
            sink.packet(clock.next(), new PacketBuilder().ipv4(CLIENT, SERVER).tcp(20000, 21).build());
        });
        assertThat(analyze(pcap, new AnalysisOptions().decodeLimits(new DecodeLimits().maxPendingDatagrams(2)))
            .limitsHit()).containsKey("ip_fragments_dropped_by_limit");
        assertThat(analyze(pcap, new AnalysisOptions().decodeLimits(new DecodeLimits().maxPendingBytes(200)))
            .limitsHit()).containsKey("ip_fragments_dropped_by_limit");
        final FileSummary defaults = analyze(pcap, new AnalysisOptions());
        assertThat(defaults.limitsHit()).isEmpty();
        assertThat(defaults.anomalies()).containsKey("ip_fragments_expired");
    }

    private interface Writer
    {
        void write(CaptureSink sink, TcpConversation.Clock clock);
    }

    private static byte[] capture(final Writer writer)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureSink sink = CaptureSink.memory(bytes))
        {
            writer.write(sink, new TcpConversation.Clock(FtpCaptures.START_NANOS, 1_000_000L));
        }
        return bytes.toByteArray();
    }

    private static FileSummary analyze(final byte[] pcap, final AnalysisOptions options) throws IOException
    {
        return analyze(pcap, options, new Results());
    }

    private static FileSummary analyze(final byte[] pcap, final AnalysisOptions options, final Results results)
        throws IOException
    {
        return new OfflineAnalysis(options).analyze(new ByteArrayInputStream(pcap), "limits", results);
    }
}
