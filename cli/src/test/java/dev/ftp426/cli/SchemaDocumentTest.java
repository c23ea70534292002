package dev.ftp426.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every field name the records carry is documented in docs/schema.md (names of counted things excepted). */
class SchemaDocumentTest
{
    private static final Path SCHEMA = Paths.get("..", "docs", "schema.md");
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus")).resolve("dev");
    /** Objects whose keys are data (names of parties, link types, limits, anomalies, events), not schema. */
    private static final Set<String> MAPS = Set.of("verdicts", "link_types", "limits_hit", "anomalies", "events");

    @TempDir
    Path tmp;

    @Test
    void everyFieldOfEveryRecordIsDocumented() throws IOException
    {
        assumeTrue(Files.isReadable(SCHEMA), "docs/schema.md not found from " + Paths.get("").toAbsolutePath());
        final String doc = Files.readString(SCHEMA);
        final List<Path> outputs = new ArrayList<>();
        outputs.add(run("analyze", "--sample", "-F", "jsonl"));
        final Path dir = DEV.resolve("middlebox_reset-vsftpd-ftplib-pasv");
        if (Files.isDirectory(dir))
        {
            outputs.add(run("analyze", "-F", "jsonl", "--correlate", dir.resolve("client.pcap").toString(),
                dir.resolve("server.pcap").toString()));
            outputs.add(run("flows", "-F", "jsonl", dir.resolve("client.pcap").toString()));
            for (final String name : List.of("client_abor-vsftpd-ftplib-pasv", "network_heavy_loss-vsftpd-ftplib-pasv"))
            {
                outputs.add(run("analyze", "-F", "jsonl", DEV.resolve(name).resolve("client.pcap").toString()));
            }
        }
        final Set<String> names = new TreeSet<>();
        for (final Path output : outputs)
        {
            for (final String line : Files.readAllLines(output))
            {
                try (JsonParser parser = new JsonFactory().createParser(line))
                {
                    collect(parser, names);
                }
            }
        }
        assertThat(names).contains("type", "party", "findings", "conn_state");
        for (final String name : names)
        {
            assertThat(doc.contains("`" + name + "`") || doc.contains("." + name + "`"))
                .as("field '" + name + "' in docs/schema.md").isTrue();
        }
    }

    private static void collect(final JsonParser parser, final Set<String> names) throws IOException
    {
        final List<String> stack = new ArrayList<>();
        String field = null;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken())
        {
            if (token == JsonToken.FIELD_NAME)
            {
                field = parser.getCurrentName();
                if (stack.isEmpty() || !MAPS.contains(stack.get(stack.size() - 1)))
                {
                    names.add(field);
                }
            }
            else if (token.isStructStart())
            {
                stack.add(field == null ? "" : field);
            }
            else if (token.isStructEnd())
            {
                stack.remove(stack.size() - 1);
            }
        }
    }

    private Path run(final String... args)
    {
        final Path out = tmp.resolve("out" + System.nanoTime() + ".jsonl");
        final List<String> all = new ArrayList<>(List.of(args));
        all.add("-o");
        all.add(out.toString());
        final CliRun run = CliRun.of(all.toArray(new String[0]));
        assertThat(run.exitCode).as(run.err).isZero();
        return out;
    }
}
