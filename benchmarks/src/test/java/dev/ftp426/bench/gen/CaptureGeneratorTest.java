package dev.ftp426.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureGeneratorTest
{
    @TempDir
    Path dir;

    private CaptureGenerator.Result generate(final Path out, final String... extra) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of(
            "--out", out.toString(), "--size", "3m", "--concurrent-flows", "300", "--flow-bytes", "64k",
            "--ftp-sessions", "24", "--ftp-file-bytes", "48k", "--vlan", "0.3", "--ipv6", "0.3"));
        args.addAll(List.of(extra));
        return CaptureGenerator.generate(args.toArray(new String[0]));
    }

    @Test
    void sameSeedGivesIdenticalBytesAndDifferentSeedDoesNot() throws Exception
    {
        final Path a = dir.resolve("a.pcap");
        final Path b = dir.resolve("b.pcap");
        final Path c = dir.resolve("c.pcap");
        generate(a, "--seed", "7", "--reorder", "0.01", "--loss", "0.01", "--retransmit", "0.01");
        generate(b, "--seed", "7", "--reorder", "0.01", "--loss", "0.01", "--retransmit", "0.01");
        generate(c, "--seed", "8", "--reorder", "0.01", "--loss", "0.01", "--retransmit", "0.01");

        assertThat(sha256(a)).isEqualTo(sha256(b));
        assertThat(sha256(CaptureGenerator.truthPath(a))).isEqualTo(sha256(CaptureGenerator.truthPath(b)));
        assertThat(sha256(a)).isNotEqualTo(sha256(c));
    }

    @Test
    void recordsAreWellFormedWithCorrectChecksumsAndOrderedStamps() throws Exception
    {
        for (final String format : List.of("pcap", "pcapng"))
        {
            final Path out = dir.resolve("s." + format);
            final CaptureGenerator.Result result = generate(out, "--format", format, "--seed", "3");
            final List<CaptureFiles.Record> records = CaptureFiles.read(out);

            assertThat(records).hasSize((int)result.frames);
            assertThat(Files.size(out)).isEqualTo(result.fileBytes);
            int v6 = 0;
            int tagged = 0;
            long previous = Long.MIN_VALUE;
            for (final CaptureFiles.Record r : records)
            {
                assertThat(r.timeNs).isGreaterThanOrEqualTo(previous);
                previous = r.timeNs;
                final FrameCheck check = FrameCheck.of(r.frame);
                assertThat(check.ipChecksumOk).as("IPv4 header checksum").isTrue();
                assertThat(check.tcpChecksumOk).as("TCP checksum").isTrue();
                assertThat(check.lengthsConsistent).as("IP length matches frame").isTrue();
                assertThat(check.documentationAddresses).as("documentation addresses only").isTrue();
                v6 += check.v6 ? 1 : 0;
                tagged += check.vlan ? 1 : 0;
            }
            assertThat(v6).isGreaterThan(records.size() / 20);
            assertThat(tagged).isGreaterThan(records.size() / 20);
            if (format.equals("pcap"))
            {
                assertThat(records.get(0).timeNs % 1000).isZero();
            }
        }
    }

    @Test
    void truthHasOneLinePerTransferAndEveryCauseWhenAllFail() throws Exception
    {
        final Path out = dir.resolve("t.pcap");
        final CaptureGenerator.Result result = generate(out, "--fail-fraction", "1", "--ftp-sessions", "12");
        final List<TruthLine> truth = TruthLine.read(CaptureGenerator.truthPath(out));

        assertThat(result.ftpTransfers).isEqualTo(truth.size());
        assertThat(truth.size()).isBetween(12, 36);
        final Map<String, Integer> causes = new HashMap<>();
        final Set<Long> sessions = new HashSet<>();
        for (int i = 0; i < truth.size(); i++)
        {
            final TruthLine t = truth.get(i);
            assertThat(t.number("transfer")).isEqualTo(i + 1);
            final String cause = t.string("cause");
            final long code = t.number("reply_code");
            if (cause.equals("none"))
            {
                assertThat(code).isEqualTo(226);
                assertThat(t.number("bytes_delivered")).isEqualTo(t.number("bytes_expected"));
                continue;
            }
            assertThat(sessions.add(t.number("session"))).as("one failure per session").isTrue();
            causes.merge(cause, 1, Integer::sum);
            assertThat(code).isEqualTo(cause.equals("client_receive_stall") ? 421 : 426);
            assertThat(t.number("bytes_delivered")).isLessThan(t.number("bytes_expected"));
            assertThat(t.number("fault_frame")).isLessThan(t.number("reply_frame"));
            assertThat(t.string("party")).isEqualTo(cause.substring(0, cause.indexOf('_')));
            assertThat(t.string("command")).isIn("RETR", "STOR");
        }
        assertThat(sessions).hasSize(12);
        assertThat(causes).containsOnlyKeys(
            "client_early_close", "client_abort", "network_forged_reset", "network_loss_timeout",
            "client_receive_stall", "server_abort");
        assertThat(causes.values()).containsOnly(2);
    }

    @Test
    void tsharkCountsTheFramesAndSeesNoAnomaliesInCleanTraffic() throws Exception
    {
        assumeTrue(Tshark.available(), "tshark not installed");
        final Path out = dir.resolve("clean.pcap");
        final CaptureGenerator.Result result = generate(out, "--fail-fraction", "0");

        assertThat(Tshark.frameCount(out)).isEqualTo(result.frames);
        assertThat(Tshark.run("-r", out.toString(), "-Y", "tcp.analysis.flags || _ws.malformed",
            "-T", "fields", "-e", "frame.number")).isEmpty();
        final List<TruthLine> truth = TruthLine.read(CaptureGenerator.truthPath(out));
        final Set<Long> expected226 = new TreeSet<>();
        final Set<Long> expectedListings = new TreeSet<>();
        for (final TruthLine t : truth)
        {
            assertThat(t.string("cause")).isEqualTo("none");
            expected226.add(t.number("reply_frame"));
            if (t.string("command").equals("LIST"))
            {
                expectedListings.add(t.number("reply_frame"));
            }
        }
        assertThat(expected226).hasSizeGreaterThan(24);
        assertThat(expectedListings).isNotEmpty();
        assertThat(replyFrames(out, "226")).isEqualTo(expected226);
        final Set<Long> listings = new TreeSet<>();
        for (final String line : Tshark.run("-r", out.toString(), "-Y", "ftp.response.arg == \"Directory send OK.\"",
            "-T", "fields", "-e", "frame.number"))
        {
            listings.add(Long.parseLong(line.trim()));
        }
        assertThat(listings).isEqualTo(expectedListings);
    }

    @Test
    void tsharkSeesTheInjectedFailuresExactlyWhereTheTruthSays() throws Exception
    {
        assumeTrue(Tshark.available(), "tshark not installed");
        for (final String format : List.of("pcap", "pcapng"))
        {
            final Path out = dir.resolve("fail." + format);
            final CaptureGenerator.Result result = generate(out, "--format", format, "--fail-fraction", "0.5",
                "--seed", "11");

            assertThat(Tshark.frameCount(out)).isEqualTo(result.frames);
            final List<TruthLine> truth = TruthLine.read(CaptureGenerator.truthPath(out));
            final Set<Long> expected426 = new TreeSet<>();
            final Set<Long> expected421 = new TreeSet<>();
            final Set<String> failedDataConnections = new HashSet<>();
            for (final TruthLine t : truth)
            {
                final long code = t.number("reply_code");
                if (code == 426)
                {
                    expected426.add(t.number("reply_frame"));
                }
                else if (code == 421)
                {
                    expected421.add(t.number("reply_frame"));
                }
                if (!t.string("cause").equals("none"))
                {
                    final int[] ports = t.dataPorts();
                    failedDataConnections.add(ports[0] + "-" + ports[1] + "-" + t.dataClientIp());
                }
            }
            assertThat(expected426).hasSize(10);
            assertThat(expected421).hasSize(2);
            assertThat(replyFrames(out, "426")).isEqualTo(expected426);
            assertThat(replyFrames(out, "421")).isEqualTo(expected421);

            final List<String> flagged = Tshark.run("-r", out.toString(), "-Y", "tcp.analysis.flags",
                "-T", "fields", "-E", "separator=,", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "ip.src",
                "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst");
            assertThat(flagged).isNotEmpty();
            for (final String line : flagged)
            {
                final String[] f = line.split(",", -1);
                final boolean match = failedDataConnections.stream().anyMatch(key ->
                {
                    final String[] k = key.split("-");
                    final boolean ports = (f[0].equals(k[0]) && f[1].equals(k[1])) ||
                        (f[0].equals(k[1]) && f[1].equals(k[0]));
                    return ports && line.contains(k[2]);
                });
                assertThat(match).as("flagged frame %s belongs to a failed data connection", line).isTrue();
            }
        }
    }

    @Test
    void reorderLossAndRetransmitKnobsShowUpAsTcpAnalysisFlags() throws Exception
    {
        assumeTrue(Tshark.available(), "tshark not installed");
        final Path out = dir.resolve("lossy.pcap");
        final CaptureGenerator.Result result = generate(out, "--fail-fraction", "0", "--reorder", "0.02",
            "--loss", "0.02", "--retransmit", "0.02");

        assertThat(Tshark.frameCount(out)).isEqualTo(result.frames);
        final List<String> flags = Tshark.run("-r", out.toString(), "-Y", "tcp.analysis.flags",
            "-T", "fields", "-e", "tcp.analysis.out_of_order", "-e", "tcp.analysis.lost_segment",
            "-e", "tcp.analysis.retransmission", "-e", "tcp.analysis.duplicate_ack", "-e",
            "tcp.analysis.spurious_retransmission", "-e", "tcp.analysis.fast_retransmission");
        assertThat(flags.size()).isGreaterThan(20);
        assertThat(Tshark.run("-r", out.toString(), "-Y", "tcp.analysis.lost_segment")).isNotEmpty();
        assertThat(Tshark.run("-r", out.toString(), "-Y", "tcp.analysis.duplicate_ack")).isNotEmpty();
        assertThat(Tshark.run("-r", out.toString(), "-Y",
            "tcp.analysis.retransmission || tcp.analysis.spurious_retransmission || " +
            "tcp.analysis.fast_retransmission")).isNotEmpty();
        assertThat(Tshark.run("-r", out.toString(), "-Y", "tcp.analysis.window_full || tcp.analysis.ack_lost_segment"))
            .isEmpty();
    }

    @Test
    void packetTargetStopsBulkTrafficAndDrainsFtp() throws Exception
    {
        final Path out = dir.resolve("p.pcap");
        final CaptureGenerator.Result result = CaptureGenerator.generate("--out", out.toString(), "--packets",
            "5000", "--ftp-sessions", "3", "--ftp-file-bytes", "16k", "--transfers-per-session", "1");

        assertThat(result.frames).isBetween(4500L, 5500L);
        assertThat(CaptureFiles.read(out)).hasSize((int)result.frames);
        assertThat(TruthLine.read(CaptureGenerator.truthPath(out))).hasSize(3);
    }

    @Test
    void optionsParseSizesAndRejectNonsense()
    {
        final GeneratorOptions o = GeneratorOptions.parse("--out", "x.pcap", "--size", "2g", "--format", "pcapng",
            "--concurrent-flows", "1000000", "--ipv6", "0.5");
        assertThat(o.sizeBytes).isEqualTo(2L << 30);
        assertThat(o.format).isEqualTo(CaptureSink.Format.PCAPNG);
        assertThat(o.concurrentFlows).isEqualTo(1_000_000);
        assertThat(GeneratorOptions.parseBytes("512m")).isEqualTo(512L << 20);
        assertThat(GeneratorOptions.parseBytes("1.5k")).isEqualTo(1536);
        assertThat(GeneratorOptions.parse("--help").help).isTrue();

        assertThatThrownBy(() -> GeneratorOptions.parse("--size", "1m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.parse("--out", "x", "--loss", "2"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.parse("--out", "x", "--concurrent-flows", "2000000"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.parse("--out", "x", "--bogus", "1"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeneratorOptions.parse("--out")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failuresAreSpreadEvenlyOverTheSixCauses()
    {
        final Map<FailureCause, Integer> counts = new HashMap<>();
        for (int i = 0; i < 600; i++)
        {
            counts.merge(CaptureGenerator.causeOf(i, 0.25), 1, Integer::sum);
        }
        assertThat(counts.get(FailureCause.NONE)).isEqualTo(450);
        for (final FailureCause c : FailureCause.FAILURES)
        {
            assertThat(counts.get(c)).isEqualTo(25);
        }
        assertThat(CaptureGenerator.causeOf(5, 0)).isEqualTo(FailureCause.NONE);
    }

    private static Set<Long> replyFrames(final Path capture, final String code) throws Exception
    {
        final Set<Long> frames = new TreeSet<>();
        for (final String line : Tshark.run("-r", capture.toString(), "-Y", "ftp.response.code == " + code,
            "-T", "fields", "-e", "frame.number", "-e", "ftp.response.code"))
        {
            frames.add(Long.parseLong(line.split("\t")[0]));
        }
        return frames;
    }

    private static String sha256(final Path path) throws IOException, NoSuchAlgorithmException
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(ByteBuffer.wrap(Files.readAllBytes(path)));
        final StringBuilder sb = new StringBuilder();
        for (final byte b : digest.digest())
        {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
