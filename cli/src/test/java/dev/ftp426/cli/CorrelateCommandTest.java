package dev.ftp426.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CorrelateCommandTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus")).resolve("dev");

    @TempDir
    Path tmp;

    @Test
    void correlationRecordComesAfterBothSummaries() throws IOException
    {
        final Path dir = DEV.resolve("middlebox_reset-vsftpd-ftplib-pasv");
        assumeTrue(Files.isDirectory(dir), "corpus not present");
        final Path out = tmp.resolve("out.jsonl");

        final CliRun run = CliRun.of("analyze", "--correlate", "-F", "jsonl", "-o", out.toString(),
            dir.resolve("client.pcap").toString(), dir.resolve("server.pcap").toString());

        assertThat(run.exitCode).as(run.err).isZero();
        final List<Map<String, Object>> records = AnalyzeCommandTest.readJsonLines(out);
        assertThat(records).extracting(r -> r.get("type"))
            .containsExactly("transfer", "verdict", "summary", "transfer", "verdict", "summary", "correlation");
        final String line = Files.readAllLines(out).get(6);
        assertThat(line).contains("\"kind\":\"rst_born_on_path\",").contains("\"vantage\":\"client\"")
            .contains("\"summary\":\"Each side received a RST the other side never sent");
    }

    @Test
    void humanParagraphSaysWhereTheResetWasBorn() throws IOException
    {
        final Path dir = DEV.resolve("client_kill_download-vsftpd-ftplib-pasv");
        assumeTrue(Files.isDirectory(dir), "corpus not present");
        final Path out = tmp.resolve("out.txt");

        final CliRun run = CliRun.of("analyze", "--correlate", "-o", out.toString(),
            dir.resolve("client.pcap").toString(), dir.resolve("server.pcap").toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(Files.readString(out)).contains("correlation: " + dir.resolve("client.pcap") + " (client side)")
            .contains("The client's RST left the client and arrived at the server.");
    }

    @Test
    void correlateNeedsExactlyTwoFiles()
    {
        final CliRun run = CliRun.of("analyze", "--correlate", "--sample");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--correlate needs exactly two capture files");
    }
}
