package dev.ftp426.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code ftp426 flows} against tshark's conversation table and Follow TCP Stream. */
class FlowsCommandTest
{
    private static final Path CORPUS = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"));
    private static final Pattern CONVERSATION =
        Pattern.compile("^(\\S+)\\s+<->\\s+(\\S+)\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(\\d+)");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
        "external/zeek__bruteforce.pcap",
        "external/suricata__ftp-download-active.pcap",
        "external/zeek__ipv6.pcap",
        "dev/client_kill_download-vsftpd-ftplib-pasv/server.pcap",
        "dev/network_blackhole-vsftpd-ftplib-pasv/client.pcap",
    })
    void everyConnectionAndItsPacketsEachWayMatchTsharkConversations(final String name) throws Exception
    {
        final Path input = CORPUS.resolve(name);
        assumeTrue(Files.isReadable(input) && Tshark.present(), "corpus or tshark not present");
        final Map<String, long[]> expected = new HashMap<>();
        for (final String line : Tshark.run("-r", input.toString(), "-q", "-z", "conv,tcp").lines().toList())
        {
            final Matcher m = CONVERSATION.matcher(line);
            if (m.find())
            {
                // tshark: "A <-> B", frames B->A, ..., frames A->B, ..., total frames
                expected.put(m.group(1) + " " + m.group(2), new long[] {Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(3))});
            }
        }
        final Path out = tmp.resolve("flows.jsonl");
        final CliRun run = CliRun.of("flows", "-F", "jsonl", "-o", out.toString(), input.toString());
        assertThat(run.exitCode).as(run.err).isZero();
        final List<Map<String, Object>> flows = AnalyzeCommandTest.readJsonLines(out);

        assertThat(flows).hasSize(expected.size());
        final Map<String, Long> ours = new HashMap<>();
        for (final Map<String, Object> flow : flows)
        {
            assertThat(flow.get("type")).isEqualTo("flow");
            assertThat((String)flow.get("community_id")).startsWith("1:");
            final String src = endpoint((String)flow.get("src_ip"), (Long)flow.get("src_port"));
            final String dst = endpoint((String)flow.get("dest_ip"), (Long)flow.get("dest_port"));
            final long[] counts = counts(out, (Long)flow.get("flow_id"));
            ours.put(src + " " + dst, counts[0]);
            ours.put(dst + " " + src, counts[1]);
        }
        for (final Map.Entry<String, long[]> e : expected.entrySet())
        {
            final String[] ends = e.getKey().split(" ");
            assertThat(ours.get(ends[0] + " " + ends[1])).as(e.getKey() + " A->B").isEqualTo(e.getValue()[0]);
            assertThat(ours.get(ends[1] + " " + ends[0])).as(e.getKey() + " B->A").isEqualTo(e.getValue()[1]);
        }
    }

    @Test
    void aWrittenStreamHasTheBytesOfWiresharksFollowTcpStream() throws Exception
    {
        // Active-mode upload: the server opened the data connection, so the client's bytes are the responder's.
        final Path input = CORPUS.resolve("dev/clean_upload-vsftpd-lftp-port/client.pcap");
        assumeTrue(Files.isReadable(input) && Tshark.present(), "corpus or tshark not present");
        final Path stream = tmp.resolve("upload.bin");

        final CliRun run = CliRun.of("flows", input.toString(), "--write-stream", "2", "--direction", "server",
            "-o", stream.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final byte[] expected = follow(input, 1, true);
        assertThat(expected.length).isGreaterThan(100_000);
        assertThat(Files.readAllBytes(stream)).isEqualTo(expected);
        assertThat(run.err).contains("0 missing from the capture");
        try (var files = Files.list(tmp))
        {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void theControlConnectionsClientBytesAreItsCommands() throws Exception
    {
        final Path input = CORPUS.resolve("dev/clean_upload-vsftpd-lftp-port/client.pcap");
        assumeTrue(Files.isReadable(input) && Tshark.present(), "corpus or tshark not present");
        final Path stream = tmp.resolve("commands.bin");

        final CliRun run = CliRun.of("flows", input.toString(), "--write-stream", "1", "--direction", "client",
            "-o", stream.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(Files.readAllBytes(stream)).isEqualTo(follow(input, 0, false));
        assertThat(Files.readString(stream)).contains("STOR ");
    }

    @Test
    void anUnknownFlowIdIsAClearError() throws IOException
    {
        final Path input = CORPUS.resolve("dev/clean_upload-vsftpd-lftp-port/client.pcap");
        assumeTrue(Files.isReadable(input), "corpus not present");

        final CliRun run = CliRun.of("flows", input.toString(), "--write-stream", "99", "-o",
            tmp.resolve("x").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("no TCP flow with id 99");
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }

    @Test
    void jsonIsOneDocumentWithTheRecordsOfJsonLines() throws IOException
    {
        final Path input = CORPUS.resolve("dev/clean_upload-vsftpd-lftp-port/client.pcap");
        assumeTrue(Files.isRegularFile(input), "corpus not present");
        final Path lines = tmp.resolve("flows.jsonl");
        final Path document = tmp.resolve("flows.json");
        assertThat(CliRun.of("flows", "-F", "jsonl", "-o", lines.toString(), input.toString()).exitCode).isZero();
        assertThat(CliRun.of("flows", "-F", "json", "-o", document.toString(), input.toString()).exitCode).isZero();

        final String text = Files.readString(document);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("{\"schema_version\":1,\"records\":[{\"timestamp\"").endsWith("}]}\n");
        assertThat(text).isEqualTo("{\"schema_version\":1,\"records\":[" +
            String.join(",", Files.readAllLines(lines)) + "]}\n");
    }

    @Test
    void humanListingHasOneLinePerConnection() throws IOException
    {
        final Path input = CORPUS.resolve("dev/client_kill_download-vsftpd-ftplib-pasv/client.pcap");
        assumeTrue(Files.isReadable(input), "corpus not present");
        final Path out = tmp.resolve("flows.txt");

        final CliRun run = CliRun.of("flows", "-o", out.toString(), input.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final String text = Files.readString(out);
        assertThat(text).contains("2 TCP connections").contains("203.0.113.10:21").contains("RSTO");
    }

    /** tshark's raw Follow TCP Stream of one direction: node 1 (responder) lines are indented with a tab. */
    private static byte[] follow(final Path input, final int stream, final boolean responder) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean body = false;
        for (final String line : Tshark.run("-r", input.toString(), "-q", "-z", "follow,tcp,raw," + stream).lines()
            .toList())
        {
            if (line.startsWith("Node 1:"))
            {
                body = true;
                continue;
            }
            if (!body || line.startsWith("====") || line.isEmpty())
            {
                continue;
            }
            final boolean fromResponder = line.startsWith("\t");
            if (fromResponder == responder)
            {
                bytes.write(HexFormat.of().parseHex(line.trim()));
            }
        }
        return bytes.toByteArray();
    }

    private static long[] counts(final Path jsonl, final long flowId) throws IOException
    {
        for (final String line : Files.readAllLines(jsonl))
        {
            if (line.contains("\"flow_id\":" + flowId + ","))
            {
                return new long[] {packets(line, "\"orig\":"), packets(line, "\"resp\":")};
            }
        }
        throw new AssertionError("flow " + flowId + " not found");
    }

    private static long packets(final String line, final String side)
    {
        final int at = line.indexOf("\"packets\":", line.indexOf(side));
        final int end = line.indexOf(',', at);
        return Long.parseLong(line.substring(at + "\"packets\":".length(), end));
    }

    private static String endpoint(final String ip, final long port)
    {
        return ip + ":" + port;
    }
}
