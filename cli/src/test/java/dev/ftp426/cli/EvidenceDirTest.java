package dev.ftp426.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

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

    @ParameterizedTest
    @ValueSource(strings = {"network_blackhole-vsftpd-ftplib-pasv/server.pcap", "server_stall-vsftpd-curl-pasv/client.pcap",
        "clean_upload-vsftpd-lftp-port/server.pcap", "client_abor-vsftpd-ftplib-pasv/client.pcap"})
    void evidenceIsExactlyTheTwoConnectionsInTheWindow(final String name) throws Exception
    {
        final Path input = DEV.resolve(name);
        assumeTrue(Files.isReadable(input) && Tshark.present(), "corpus or tshark not present");
        assertEvidenceIsTheWindow(input);
    }

    @Test
    void controlPacketsLongBeforeTheDataConnectionAreLeftOut() throws Exception
    {
        assumeTrue(Tshark.present() && Files.isExecutable(Paths.get("/usr/bin/mergecap")), "wireshark tools absent");
        // The sample with its login (frames 1-12) moved 10 s earlier: outside the 2 s before the data connection.
        final Path sample = tmp.resolve("sample.pcap");
        try (var in = new GZIPInputStream(EvidenceDirTest.class.getResourceAsStream(
            "/dev/ftp426/cli/sample.pcap.gz")))
        {
            Files.write(sample, in.readAllBytes());
        }
        final Path login = tmp.resolve("login.pcap");
        final Path rest = tmp.resolve("rest.pcap");
        final Path earlier = tmp.resolve("earlier.pcap");
        final Path shifted = tmp.resolve("shifted.pcap");
        Tshark.run("editcap", "-r", sample.toString(), login.toString(), "1-12");
        Tshark.run("editcap", "-r", sample.toString(), rest.toString(), "13-400");
        Tshark.run("editcap", "-t", "-10", login.toString(), earlier.toString());
        Tshark.run("mergecap", "-F", "pcap", "-a", "-w", shifted.toString(), earlier.toString(), rest.toString());

        final Path evidence = assertEvidenceIsTheWindow(shifted);

        final long loginTcp = Tshark.run("-r", login.toString(), "-Y", "tcp", "-T", "fields", "-e", "frame.number")
            .lines().count();
        assertThat(loginTcp).isPositive();
        assertThat(Tshark.packetCount(evidence)).isEqualTo(
            Tshark.run("-r", shifted.toString(), "-Y", "tcp", "-T", "fields", "-e", "frame.number").lines().count() -
                loginTcp);
    }

    /** Runs analyze --evidence-dir on the input and checks the first evidence file against a tshark filter. */
    private Path assertEvidenceIsTheWindow(final Path input) throws Exception
    {
        final Path dir = tmp.resolve("evidence");
        final Path report = tmp.resolve("report.jsonl");
        final CliRun run = CliRun.of("analyze", "--evidence-dir", dir.toString(), "-F", "jsonl", "-o",
            report.toString(), input.toString());
        assertThat(run.exitCode).as(run.err).isZero();
        final List<String> verdicts = Files.readAllLines(report).stream()
            .filter(l -> l.contains("\"type\":\"verdict\"")).toList();
        final List<Path> files = list(dir);
        assertThat(files).hasSameSizeAs(verdicts);
        if (verdicts.isEmpty())
        {
            return null;
        }
        final String verdict = verdicts.get(0);
        final String control = "ip.addr==" + field(verdict, "src_ip") + " && ip.addr==" + field(verdict, "dest_ip") +
            " && tcp.port==" + field(verdict, "src_port") + " && tcp.port==" + field(verdict, "dest_port");
        final String data = verdict.substring(verdict.indexOf("\"data_flow\":"));
        final String dataClient = data.substring(data.indexOf("\"client\":"));
        final String dataServer = data.substring(data.indexOf("\"server\":"));
        final String dataFilter = "ip.addr==" + field(dataClient, "ip") + " && ip.addr==" + field(dataServer, "ip") +
            " && tcp.port==" + field(dataClient, "port") + " && tcp.port==" + field(dataServer, "port");
        final double opened = Double.parseDouble(Tshark.run("-r", input.toString(), "-Y",
            "frame.number==" + field(data, "first_frame"), "-T", "fields", "-e", "frame.time_epoch").trim());
        final double reply = Double.parseDouble(Tshark.run("-r", input.toString(), "-Y",
            "frame.number==" + field(verdict, "frame"), "-T", "fields", "-e", "frame.time_epoch").trim());
        final String filter = "tcp && ((" + control + ") || (" + dataFilter + ")) && frame.time_epoch >= " +
            String.format("%.6f", opened - 2.0) + " && frame.time_epoch <= " + String.format("%.6f", reply + 2.0);

        final List<String> expected = Tshark.run("-r", input.toString(), "-Y", filter, "-T", "fields", "-e",
            "frame.time_epoch", "-e", "tcp.seq_raw", "-e", "tcp.len").lines().toList();
        final List<String> actual = Tshark.run("-r", files.get(0).toString(), "-T", "fields", "-e",
            "frame.time_epoch", "-e", "tcp.seq_raw", "-e", "tcp.len").lines().toList();

        assertThat(actual).isNotEmpty().isEqualTo(expected);
        return files.get(0);
    }

    private static String field(final String json, final String name)
    {
        final int at = json.indexOf("\"" + name + "\":") + name.length() + 3;
        final int end = json.charAt(at) == '"' ? json.indexOf('"', at + 1) + 1 : Math.min(
            json.indexOf(',', at) < 0 ? json.length() : json.indexOf(',', at),
            json.indexOf('}', at) < 0 ? json.length() : json.indexOf('}', at));
        return json.substring(at, end).replace("\"", "");
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
