package dev.ftp426.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyLogTest
{
    private static final String RANDOM = "d9fb05db1f76ffee63bdac93b2b642beb8f5688b0aef19ef6450f77c223ff733";
    private static final String SECRET32 = "c35631c710d590975882823aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String MASTER48 = "bfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbfbf";

    @TempDir
    Path dir;

    @Test
    void readsTls13AndTls12LinesCommentsAndBlankLines() throws Exception
    {
        final String text = "# TLS secrets log file\n\n" +
            "SERVER_HANDSHAKE_TRAFFIC_SECRET " + RANDOM + " " + SECRET32 + "\r\n" +
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + RANDOM + " " + SECRET32.replace('a', 'b') + "\n" +
            "CLIENT_TRAFFIC_SECRET_0 " + RANDOM + " " + SECRET32.replace('a', 'c') + "\n" +
            "SERVER_TRAFFIC_SECRET_0 " + RANDOM + " " + SECRET32.replace('a', 'd') + "\n" +
            "EXPORTER_SECRET " + RANDOM + " " + SECRET32.replace('a', 'e') + "\n" +
            "   \n" +
            "CLIENT_RANDOM " + "11".repeat(32) + " " + MASTER48 + "\n" +
            "RSA 0102030405060708 " + "ab".repeat(48) + "\n" +
            "CLIENT_TRAFFIC_SECRET_1 " + RANDOM + " " + SECRET32 + "\n" +
            "CLIENT_RANDOM " + "22".repeat(32) + " " + MASTER48.toUpperCase();
        final Path file = dir.resolve("keylog.txt");
        Files.writeString(file, text);
        final KeyLog log = KeyLog.read(file);

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.lines()).isEqualTo(12);
        assertThat(log.skippedLines()).isEqualTo(2);
        final KeyLogEntry e = log.find(Hex.decode(RANDOM));
        assertThat(Hex.encode(e.serverHandshakeTrafficSecret())).isEqualTo(SECRET32);
        assertThat(Hex.encode(e.clientHandshakeTrafficSecret())).isEqualTo(SECRET32.replace('a', 'b'));
        assertThat(Hex.encode(e.clientTrafficSecret0())).isEqualTo(SECRET32.replace('a', 'c'));
        assertThat(Hex.encode(e.serverTrafficSecret0())).isEqualTo(SECRET32.replace('a', 'd'));
        assertThat(Hex.encode(e.exporterSecret())).isEqualTo(SECRET32.replace('a', 'e'));
        assertThat(e.masterSecret()).isNull();
        assertThat(e.hasTls13TrafficSecrets()).isTrue();
        assertThat(Hex.encode(log.find(Hex.decode("11".repeat(32))).masterSecret())).isEqualTo(MASTER48);
        assertThat(Hex.encode(log.find(Hex.decode("22".repeat(32))).masterSecret())).isEqualTo(MASTER48);
        assertThat(log.find(Hex.decode("33".repeat(32)))).isNull();
        assertThat(log.find(new byte[5])).isNull();
    }

    @Test
    void readsTheCorpusKeyLogs() throws Exception
    {
        final String corpus = System.getProperty("ftp426.corpus");
        org.junit.jupiter.api.Assumptions.assumeTrue(corpus != null && Files.isDirectory(Path.of(corpus, "dev")));
        final KeyLog tls13 = KeyLog.read(
            Path.of(corpus, "dev", "ftps_clean_download-vsftpd-ftplib-pasv-tls13", "keylog.txt"));
        assertThat(tls13.size()).isEqualTo(2);
        assertThat(tls13.find(Hex.decode(RANDOM)).clientTrafficSecret0()).hasSize(48); // TLS_AES_256_GCM_SHA384
        final KeyLog tls12 = KeyLog.read(
            Path.of(corpus, "dev", "ftps_upload_no_close_notify-vsftpd-ftplib-pasv-tls12", "keylog.txt"));
        assertThat(tls12.size()).isEqualTo(2);
        assertThat(tls12.find(Hex.decode("7555323bddf42729b1340df9fea2b0e0a3edf8ce8801103f4c883242dfc86120"))
            .masterSecret()).hasSize(48);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CLIENT_RANDOM 1122|3 fields",
        "CLIENT_RANDOM " + RANDOM + " " + MASTER48 + " extra|3 fields",
        "client_random " + RANDOM + " " + MASTER48 + "|bad label",
        "CLIENT_RANDOM " + RANDOM + "0 " + MASTER48 + "|odd number of hex digits",
        "CLIENT_RANDOM 11" + RANDOM + " " + MASTER48 + "|client random must be 32 bytes, found 33",
        "CLIENT_RANDOM " + RANDOM + " bf|master secret must be 48 bytes, found 1",
        "SERVER_TRAFFIC_SECRET_0 " + RANDOM + " zz" + SECRET32 + "|not hex near 'zz'",
        "SERVER_TRAFFIC_SECRET_0 " + RANDOM + " 0102|secret must be 16..64 bytes, found 2",
    })
    void malformedLineNamesFileAndLine(final String line, final String message)
    {
        final String text = "# ok\nCLIENT_RANDOM " + "11".repeat(32) + " " + MASTER48 + "\n" + line + "\n";
        assertThatThrownBy(() -> KeyLog.parse("case/keylog.txt", text))
            .isInstanceOf(KeyLogException.class)
            .hasMessageStartingWith("case/keylog.txt:3: ")
            .hasMessageContaining(message)
            .satisfies(ex -> assertThat(((KeyLogException)ex).lineNumber()).isEqualTo(3))
            .satisfies(ex -> assertThat(((KeyLogException)ex).source()).isEqualTo("case/keylog.txt"));
    }

    @Test
    void overlongLineAndMissingFileAreBadInput() throws Exception
    {
        assertThatThrownBy(() -> KeyLog.parse("long", "#" + "x".repeat(KeyLog.MAX_LINE_LENGTH + 1)))
            .isInstanceOf(KeyLogException.class).hasMessageContaining("long:1: line longer than");
        assertThatThrownBy(() -> KeyLog.read(dir.resolve("absent.txt")))
            .isInstanceOf(KeyLogException.class).hasMessageContaining("absent.txt");
        final Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {(byte)0xff, 'A', 0, 'B', '\n'});
        assertThatThrownBy(() -> KeyLog.read(binary))
            .isInstanceOf(KeyLogException.class).hasMessageContaining("binary:1:");
    }

    @Test
    void emptyKeyLogFindsNothing()
    {
        assertThat(KeyLog.EMPTY.size()).isZero();
        assertThat(KeyLog.EMPTY.find(Hex.decode(RANDOM))).isNull();
    }
}
