package dev.ftp426.correlate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CorrelatorTest
{
    private static Correlation correlate(final String caseName, final String first, final String second)
        throws IOException
    {
        final String root = System.getProperty("ftp426.corpus");
        assumeTrue(root != null, "ftp426.corpus not set");
        final Path dir = Paths.get(root, "dev", caseName);
        assumeTrue(Files.isDirectory(dir), "corpus case missing: " + dir);
        return Correlator.correlate(CaptureTrace.read(dir.resolve(first), 0), CaptureTrace.read(dir.resolve(second), 0));
    }

    @Test
    void middleboxResetsWereBornOnThePathOnBothSides() throws IOException
    {
        final Correlation c = correlate("middlebox_reset-vsftpd-ftplib-pasv", "client.pcap", "server.pcap");

        assertThat(c.vantageA()).isEqualTo("client");
        assertThat(c.vantageB()).isEqualTo("server");
        assertThat(c.flows()).hasSize(2);
        assertThat(c.findings("rst_born_on_path")).extracting(Finding::sender)
            .containsExactlyInAnyOrder("client", "server");
        assertThat(c.findings("rst_delivered")).isEmpty();
        assertThat(c.summary()).contains("Each side received a RST the other side never sent");
    }

    @Test
    void vantagesComeFromTheTtlsNotTheArgumentOrder() throws IOException
    {
        final Correlation c = correlate("middlebox_reset-vsftpd-ftplib-pasv", "server.pcap", "client.pcap");

        assertThat(c.vantageA()).isEqualTo("server");
        assertThat(c.vantageB()).isEqualTo("client");
        assertThat(c.findings("rst_born_on_path")).extracting(Finding::sender)
            .containsExactlyInAnyOrder("client", "server");
    }

    @Test
    void aKilledClientsResetLeftTheClientAndArrivedAtTheServer() throws IOException
    {
        final Correlation c = correlate("client_kill_download-vsftpd-ftplib-pasv", "client.pcap", "server.pcap");

        assertThat(c.findings("rst_delivered")).extracting(Finding::sender).contains("client");
        assertThat(c.findings("rst_born_on_path")).isEmpty();
        final Finding rst = c.findings("rst_delivered").get(0);
        assertThat(rst.frameA()).isPositive();
        assertThat(rst.frameB()).isPositive();
        assertThat(c.summary()).contains("The client's RST left the client and arrived at the server.");
    }

    @Test
    void aBlackholeLosesTheServersSegmentsOnThePath() throws IOException
    {
        final Correlation c = correlate("network_blackhole-vsftpd-ftplib-pasv", "client.pcap", "server.pcap");

        assertThat(c.findings("lost_on_path")).extracting(Finding::sender).contains("server");
        final Finding lost = c.findings("lost_on_path").stream().filter(f -> f.sender().equals("server")).findFirst()
            .orElseThrow();
        assertThat(lost.bytes()).isPositive();
        assertThat(lost.frameB()).isPositive();
        assertThat(lost.frameA()).isEqualTo(-1);
        assertThat(c.summary()).contains("Packets left the server and never reached the client");
    }

    @Test
    void aCleanTransferHasNothingBornOrLost() throws IOException
    {
        final Correlation c = correlate("clean_download-vsftpd-ftplib-pasv", "client.pcap", "server.pcap");

        assertThat(c.flows()).isNotEmpty();
        assertThat(c.findings()).extracting(Finding::kind)
            .doesNotContain("rst_born_on_path", "born_on_path", "lost_on_path", "rst_lost_on_path");
        assertThat(Math.abs(c.clockOffsetNanos())).isLessThan(1_000_000_000L);
    }

    @Test
    void capturesOfDifferentIncidentsShareNothing() throws IOException
    {
        final String root = System.getProperty("ftp426.corpus");
        assumeTrue(root != null, "ftp426.corpus not set");
        final Path a = Paths.get(root, "dev", "clean_download-vsftpd-ftplib-pasv", "client.pcap");
        final Path b = Paths.get(root, "dev", "network_blackhole-vsftpd-ftplib-pasv", "server.pcap");
        assumeTrue(Files.isReadable(a) && Files.isReadable(b), "corpus missing");

        final Correlation c = Correlator.correlate(CaptureTrace.read(a, 0), CaptureTrace.read(b, 0));

        assertThat(c.flows()).isEmpty();
        assertThat(c.findings()).isEmpty();
        assertThat(c.unmatchedA()).isEqualTo(2);
        assertThat(c.unmatchedB()).isEqualTo(2);
        assertThat(c.summary()).contains("share no TCP connection");
    }
}
