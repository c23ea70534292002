package dev.ftp426.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code analyze --tls-keylog FILE}: FTPS decrypted with an NSS key log; a bad key log is one clear error line. */
class AnalyzeTlsKeyLogTest
{
    private static final Path CASE = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"))
        .resolve("dev").resolve("ftps_upload_no_close_notify-vsftpd-ftplib-pasv-tls12");

    @TempDir
    Path tmp;

    @Test
    void aMalformedKeyLogIsOneErrorLineNamingTheFileAndLine() throws IOException
    {
        final Path keyLog = tmp.resolve("keys.txt");
        Files.writeString(keyLog, "# comment\nCLIENT_RANDOM 00zz 1122\n");
        final CliRun run = CliRun.of("analyze", "--tls-keylog", keyLog.toString(), "--sample");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines()).hasSize(1);
        assertThat(run.err).startsWith("ftp426: error: " + keyLog + ":2: ");
    }

    @Test
    void aMissingKeyLogIsOneErrorLine()
    {
        final Path keyLog = tmp.resolve("absent.txt");
        final CliRun run = CliRun.of("analyze", "--tls-keylog", keyLog.toString(), "--sample");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.lines()).containsExactly("ftp426: error: " + keyLog + ": no such file");
    }

    @Test
    void theKeyLogMakesTheFtps426VisibleAndDecidesTheTlsClose() throws IOException
    {
        assumeTrue(Files.isDirectory(CASE), "corpus not present");
        final Path out = tmp.resolve("with.jsonl");
        final CliRun run = CliRun.of("analyze", "-F", "jsonl", "-o", out.toString(), "--tls-keylog",
            CASE.resolve("keylog.txt").toString(), CASE.resolve("server.pcap").toString());
        assertThat(run.exitCode).as(run.err).isEqualTo(0);
        final String with = Files.readString(out);
        assertThat(with).contains("\"type\":\"verdict\"").contains("\"cause\":\"client_tls_close\"")
            .contains("\"reply\":{\"code\":426,");

        final Path plain = tmp.resolve("without.jsonl");
        assertThat(CliRun.of("analyze", "-F", "jsonl", "-o", plain.toString(), CASE.resolve("server.pcap").toString())
            .exitCode).isEqualTo(0);
        assertThat(Files.readString(plain)).doesNotContain("\"code\":426");
    }
}
