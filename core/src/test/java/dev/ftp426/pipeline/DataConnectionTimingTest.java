package dev.ftp426.pipeline;

import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The transfer record says when and at which frame its data connection opened: the first packet of that flow. */
class DataConnectionTimingTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus")).resolve("dev");

    @Test
    void dataConnectionOpensAtItsFirstPacket() throws IOException
    {
        for (final String name : List.of("client_abor-vsftpd-ftplib-pasv", "clean_upload-vsftpd-lftp-port"))
        {
            final Path pcap = DEV.resolve(name).resolve("server.pcap");
            assumeTrue(Files.exists(pcap), "dev corpus not present");
            final List<TransferReport> transfers = new ArrayList<>();
            new OfflineAnalysis(new AnalysisOptions()).analyze(pcap, new AnalysisListener()
            {
                @Override
                public void onTransfer(final TransferReport report)
                {
                    transfers.add(report);
                }

                @Override
                public void onSummary(final FileSummary summary)
                {
                }
            });
            final TransferReport transfer = transfers.stream().filter(t -> t.data() != null).findFirst().orElseThrow();
            assertThat(transfer.transfer().dataOpenedFrame()).as(name).isEqualTo(transfer.data().firstFrame());
            assertThat(transfer.transfer().dataOpenedTs()).as(name).isEqualTo(transfer.data().firstNanos());
            assertThat(transfer.transfer().dataOpenedTs()).as(name)
                .isGreaterThan(transfer.transfer().commandTs() - 10_000_000_000L);
        }
    }
}
