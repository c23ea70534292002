package dev.ftp426.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EvidenceDirTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus")).resolve("dev");

    @TempDir
    Path tmp;

    @Test
    void oneEvidencePcapPerVerdictThatAnalysesToTheSameVerdict() throws Exception
    {
        final Path dir = tmp.resolve("evidence");
        final CliRun run = CliRun.of("analyze", "--sample", "--evidence-dir", dir.toString(), "-o",
            tmp.resolve("report").toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final List<Path> files = list(dir);
        assertThat(files).extracting(p -> p.getFileName().toString())
            .containsExactly("sample-frame394-network-network_forged_reset.pcap");
        final Path evidence = files.get(0);
        assertThat(run.err).contains("ftp426: evidence: " + evidence);
        assertThat(magic(evidence)).isEqualTo(0xa1b2c3d4);

        final Map<String, Object> verdict = verdictOf(evidence);
        assertThat(verdict.get("party")).isEqualTo("network");
        assertThat(verdict.get("cause")).isEqualTo("network_forged_reset");

        final Map<String, Object> summary = last(evidence);
        final long packets = (Long)summary.get("packets");
        assertThat(packets).isPositive().isLessThanOrEqualTo(400);
        assertThat(summary.get("tcp_flows")).isEqualTo(2L);
        if (Tshark.present())
        {
            assertThat(Tshark.packetCount(evidence)).isEqualTo(packets);
        }
    }

    @Test
    void theWindowLeavesOutWhatCameLongBeforeTheDataConnection() throws Exception
    {
        final Path dir = tmp.resolve("evidence");
        final Path input = DEV.resolve("network_blackhole-vsftpd-ftplib-pasv/server.pcap");
        assumeTrue(Files.isReadable(input), "corpus not present");
        final CliRun run = CliRun.of("analyze", "--evidence-dir", dir.toString(), "-o", tmp.resolve("r").toString(),
            input.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final List<Path> files = list(dir);
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).startsWith("server-frame421-network-");
        final Map<String, Object> verdict = verdictOf(files.get(0));
        assertThat(verdict.get("cause")).isEqualTo("network_loss_timeout");
        // Only the two TCP connections: no ARP or anything else the capture held.
        assertThat(last(files.get(0)).get("tcp_flows")).isEqualTo(2L);
        if (Tshark.present())
        {
            final long expected = Long.parseLong(Tshark.run("-r", input.toString(), "-Y", "tcp", "-T", "fields",
                "-e", "frame.number").lines().count() + "");
            assertThat(Tshark.packetCount(files.get(0))).isLessThanOrEqualTo(expected).isPositive();
            assertThat(Tshark.run("-r", files.get(0).toString(), "-Y", "!tcp", "-T", "fields", "-e", "frame.number"))
                .isEmpty();
        }
    }

    @Test
    void nanosecondInputGivesNanosecondEvidence() throws Exception
    {
        assumeTrue(Files.isExecutable(Paths.get("/usr/bin/editcap")), "editcap not installed");
        final Path input = DEV.resolve("middlebox_reset-vsftpd-ftplib-pasv/client.pcap");
        assumeTrue(Files.isReadable(input), "corpus not present");
        final Path ns = tmp.resolve("client-ns.pcap");
        Tshark.run("editcap", "-F", "nsecpcap", input.toString(), ns.toString());
        assertThat(magic(ns)).isEqualTo(0xa1b23c4d);
        final Path dir = tmp.resolve("evidence");

        final CliRun run = CliRun.of("analyze", "--evidence-dir", dir.toString(), "-o", tmp.resolve("r").toString(),
            ns.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final List<Path> files = list(dir);
        assertThat(files).hasSize(1);
        assertThat(magic(files.get(0))).isEqualTo(0xa1b23c4d);
        assertThat(verdictOf(files.get(0)).get("cause")).isEqualTo("network_forged_reset");
        // Every packet keeps its exact time: the evidence times are times of the input.
        final List<String> evidenceTimes = Tshark.run("-r", files.get(0).toString(), "-T", "fields", "-e",
            "frame.time_epoch").lines().toList();
        assertThat(evidenceTimes).isNotEmpty();
        assertThat(Tshark.run("-r", ns.toString(), "-T", "fields", "-e", "frame.time_epoch").lines().toList())
            .containsAll(evidenceTimes);
    }

    @Test
    void standardInputCannotGetEvidence()
    {
        final CliRun run = CliRun.of("analyze", "--evidence-dir", tmp.resolve("e").toString(), "-");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--evidence-dir needs capture files: standard input cannot be read a second time");
        assertThat(Files.exists(tmp.resolve("e"))).isFalse();
    }

    private Map<String, Object> verdictOf(final Path evidence) throws IOException
    {
        final Path out = tmp.resolve(evidence.getFileName() + ".jsonl");
        final CliRun run = CliRun.of("analyze", "-F", "jsonl", "-o", out.toString(), evidence.toString());
        assertThat(run.exitCode).as(run.err).isZero();
        return AnalyzeCommandTest.readJsonLines(out).stream().filter(r -> "verdict".equals(r.get("type")))
            .findFirst().orElseThrow();
    }

    private Map<String, Object> last(final Path evidence) throws IOException
    {
        final Path out = tmp.resolve(evidence.getFileName() + ".summary.jsonl");
        assertThat(CliRun.of("analyze", "-F", "jsonl", "-o", out.toString(), evidence.toString()).exitCode).isZero();
        final List<Map<String, Object>> records = AnalyzeCommandTest.readJsonLines(out);
        return records.get(records.size() - 1);
    }

    private static List<Path> list(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.sorted().toList();
        }
    }

    private static int magic(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        return ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
