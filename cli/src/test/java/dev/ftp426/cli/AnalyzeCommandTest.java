package dev.ftp426.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AnalyzeCommandTest
{
    private static final Path EXTERNAL = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"))
        .resolve("external");

    @TempDir
    Path tmp;

    @Test
    void sampleAsJsonLinesEndsWithASummaryOfEveryPacket() throws IOException
    {
        final Path out = tmp.resolve("out.jsonl");
        final CliRun run = CliRun.of("analyze", "--sample", "--format", "jsonl", "-o", out.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(0);
        final List<Map<String, Object>> records = readJsonLines(out);
        final Map<String, Object> summary = records.get(records.size() - 1);
        assertThat(summary.get("type")).isEqualTo("summary");
        assertThat(summary.get("file")).isEqualTo("sample.pcap.gz");
        assertThat(summary.get("packets")).isEqualTo(400L);
        assertThat(summary.get("first_ts")).isEqualTo("2026-11-27T21:55:40.117675Z");
        assertThat(summary.get("complete")).isEqualTo(true);
        assertThat(Files.readString(out)).endsWith("}\n");
        assertThat(records).extracting(r -> r.get("type")).containsExactly("transfer", "verdict", "summary");
        final Map<String, Object> verdict = records.get(1);
        assertThat(verdict.get("party")).isEqualTo("network");
        assertThat(verdict.get("cause")).isEqualTo("network_forged_reset");
        assertThat(verdict.get("frame")).isEqualTo(394L);
        assertThat(verdict.get("vantage")).isEqualTo("client");
        assertThat(verdict.get("community_id")).asString().startsWith("1:");
        assertThat(records.get(0).get("status")).isEqualTo("failed");
    }

    @Test
    void directoriesAreWalkedAndEachFileGetsASummary() throws IOException
    {
        assumeTrue(Files.isDirectory(EXTERNAL), "corpus not present");
        final Path out = tmp.resolve("out.jsonl");
        final CliRun run = CliRun.of("analyze", "-F", "jsonl", "-o", out.toString(), EXTERNAL.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(0);
        long captures;
        try (var files = Files.list(EXTERNAL))
        {
            captures = files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).count();
        }
        final long summaries = readJsonLines(out).stream().filter(r -> "summary".equals(r.get("type"))).count();
        assertThat(summaries).isEqualTo(captures);
    }

    @Test
    void globPatternsAreExpanded() throws IOException
    {
        assumeTrue(Files.isDirectory(EXTERNAL), "corpus not present");
        final Path out = tmp.resolve("out.jsonl");
        final CliRun run = CliRun.of("analyze", "-F", "jsonl", "-o", out.toString(), EXTERNAL + "/zeek__ipv*.pcap");

        assertThat(run.exitCode).as(run.err).isEqualTo(0);
        assertThat(summaries(out)).extracting(r -> r.get("file")).containsExactly(
            EXTERNAL + "/zeek__ipv4.pcap", EXTERNAL + "/zeek__ipv6-multiline-reply.pcap", EXTERNAL + "/zeek__ipv6.pcap");
    }

    @Test
    void jsonFormatIsOneDocument() throws IOException
    {
        final Path out = tmp.resolve("out.json");
        final CliRun run = CliRun.of("analyze", "--sample", "--format", "json", "-o", out.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(0);
        try (JsonParser parser = new JsonFactory().createParser(out.toFile()))
        {
            int depth = 0;
            int roots = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken())
            {
                if (token.isStructStart())
                {
                    if (depth == 0)
                    {
                        roots++;
                    }
                    depth++;
                }
                else if (token.isStructEnd())
                {
                    depth--;
                }
            }
            assertThat(roots).isEqualTo(1);
            assertThat(depth).isZero();
        }
        assertThat(Files.readString(out)).contains("\"type\" : \"summary\"").contains("\"packets\" : 400");
    }

    @Test
    void humanReportNamesTheFileAndItsPackets() throws IOException
    {
        final Path out = tmp.resolve("out.txt");
        final CliRun run = CliRun.of("analyze", "--sample", "-o", out.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(0);
        assertThat(Files.readString(out)).startsWith("sample.pcap.gz: pcap.gz, 400 packets");
    }

    @Test
    void aMissingFileIsOneClearLineAndExitCodeOne()
    {
        final CliRun run = CliRun.of("analyze", "-o", tmp.resolve("o").toString(), tmp.resolve("nope.pcap").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.trim()).isEqualTo("ftp426: error: " + tmp.resolve("nope.pcap") + ": no such file");
    }

    @Test
    void aFileThatIsNotACaptureSaysWhatWasFound() throws IOException
    {
        final Path text = tmp.resolve("notes.pcap");
        Files.writeString(text, "hello world\n");
        final CliRun run = CliRun.of("analyze", "-o", tmp.resolve("o").toString(), text.toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("ftp426: error: " + text + ": not a pcap or pcapng file: first bytes 68 65 6c 6c");
        assertThat(run.err.lines().count()).isEqualTo(1);
    }

    @Test
    void oneBadInputDoesNotStopTheOthers() throws IOException
    {
        final Path out = tmp.resolve("out.jsonl");
        final CliRun run = CliRun.of("analyze", "-F", "jsonl", "-o", out.toString(), tmp.resolve("missing.pcap").toString(),
            "--sample");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(summaries(out)).extracting(r -> r.get("file")).containsExactly("sample.pcap.gz");
    }

    @Test
    void usageErrorsExitWithTwo()
    {
        assertThat(CliRun.of("analyze", "--no-such-flag").exitCode).isEqualTo(2);
        assertThat(CliRun.of("analyze").exitCode).isEqualTo(2);
        assertThat(CliRun.of("analyze", "--format", "xml", "--sample").exitCode).isEqualTo(2);
        final CliRun none = CliRun.of();
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).contains("a command is required");
    }

    @Test
    void helpListsExamplesAndExitCodes()
    {
        final CliRun run = CliRun.of("analyze", "--help");

        assertThat(run.exitCode).isEqualTo(0);
        assertThat(run.out).contains("Examples:").contains("Exit codes:").contains("--format").contains("130");
    }

    @Test
    void countLimitStopsEarlyAndMarksTheSummaryIncomplete() throws IOException
    {
        final Path out = tmp.resolve("out.jsonl");
        final CliRun run = CliRun.of("analyze", "--sample", "-c", "10", "-F", "jsonl", "-o", out.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(0);
        final Map<String, Object> summary = summaries(out).get(0);
        assertThat(summary.get("packets")).isEqualTo(10L);
        assertThat(summary.get("complete")).isEqualTo(false);
    }

    @Test
    void flowMemoryBoundsTheConnectionsKeptAndEvictionsAreCounted() throws IOException
    {
        final Path capture = tmp.resolve("hundred-connections.pcap");
        Files.write(capture, hundredConcurrentConnections());
        final Path roomy = tmp.resolve("roomy.jsonl");
        final Path tight = tmp.resolve("tight.jsonl");

        assertThat(CliRun.of("analyze", "-F", "jsonl", "-o", roomy.toString(), capture.toString()).exitCode)
            .isEqualTo(0);
        // 1 KiB is below one connection's state: connections are evicted as soon as they are seen
        assertThat(CliRun.of("analyze", "--flow-memory", "1k", "-F", "jsonl", "-o", tight.toString(),
            capture.toString()).exitCode).isEqualTo(0);

        assertThat(summaries(roomy).get(0).get("tcp_flows")).isEqualTo(100L);
        assertThat(Files.readString(roomy)).contains("\"limits_hit\":{}").doesNotContain("tcp_flows_evicted");
        assertThat(Files.readString(tight)).containsPattern("\"tcp_flows_evicted\":[1-9][0-9]?[,}]");
    }

    /** A classic pcap: 100 mid-stream TCP connections between documentation addresses, one ACK each, 1 ms apart. */
    private static byte[] hundredConcurrentConnections()
    {
        final int frameLength = 54;
        final ByteBuffer out = ByteBuffer.allocate(24 + 100 * (16 + frameLength));
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < 100; i++)
        {
            out.order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(1_800_000_000).putInt(i * 1000).putInt(frameLength).putInt(frameLength);
            out.order(ByteOrder.BIG_ENDIAN);
            out.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short)0x0800);
            out.put((byte)0x45).put((byte)0).putShort((short)40).putShort((short)i).putShort((short)0x4000)
                .put((byte)64).put((byte)6).putShort((short)0)
                .put(new byte[] {(byte)198, 51, 100, 10}).put(new byte[] {(byte)203, 0, 113, 10});
            out.putShort((short)(40000 + i)).putShort((short)443).putInt(1000).putInt(2000).put((byte)0x50)
                .put((byte)0x10).putShort((short)1024).putShort((short)0).putShort((short)0);
        }
        return out.array();
    }

    @Test
    void flowMemoryTakesSizesWithSuffixesAndRejectsNonsense()
    {
        assertThat(CliRun.of("analyze", "--sample", "--flow-memory", "64m", "-q").exitCode).isEqualTo(0);
        for (final String bad : new String[] {"0", "-5m", "12x", "m", "99999999999g"})
        {
            final CliRun run = CliRun.of("analyze", "--sample", "--flow-memory", bad);
            assertThat(run.exitCode).as(bad).isEqualTo(2);
            assertThat(run.err).as(bad).contains("--flow-memory").contains(bad);
        }
    }

    private static List<Map<String, Object>> summaries(final Path file) throws IOException
    {
        final List<Map<String, Object>> summaries = new ArrayList<>();
        for (final Map<String, Object> record : readJsonLines(file))
        {
            if ("summary".equals(record.get("type")))
            {
                summaries.add(record);
            }
        }
        return summaries;
    }

    static List<Map<String, Object>> readJsonLines(final Path file) throws IOException
    {
        final List<Map<String, Object>> records = new ArrayList<>();
        final JsonFactory factory = new JsonFactory();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            if (line.isBlank())
            {
                continue;
            }
            try (JsonParser parser = factory.createParser(line))
            {
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                final Map<String, Object> record = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.getCurrentName();
                    final JsonToken value = parser.nextToken();
                    if (value.isStructStart())
                    {
                        parser.skipChildren();
                        record.put(name, "<" + (value == JsonToken.START_OBJECT ? "object" : "array") + ">");
                    }
                    else if (value == JsonToken.VALUE_NUMBER_INT)
                    {
                        record.put(name, parser.getLongValue());
                    }
                    else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE)
                    {
                        record.put(name, parser.getBooleanValue());
                    }
                    else if (value == JsonToken.VALUE_NULL)
                    {
                        record.put(name, null);
                    }
                    else
                    {
                        record.put(name, parser.getText());
                    }
                }
                records.add(record);
            }
        }
        return records;
    }
}
