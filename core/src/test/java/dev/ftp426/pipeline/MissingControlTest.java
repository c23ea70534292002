package dev.ftp426.pipeline;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pcap.PcapBuilder;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A capture that holds an FTP data connection but not its control connection still yields a record saying so. */
class MissingControlTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus")).resolve("dev");

    @TempDir
    Path tmp;

    @Test
    void activeModeDataConnectionWithoutItsControlConnectionIsReported() throws IOException
    {
        final Path source = DEV.resolve("clean_upload-vsftpd-lftp-port/client.pcap");
        assumeTrue(Files.exists(source), "dev corpus not present");
        final Path withoutControl = withoutPort(source, 21, tmp.resolve("no-control.pcap"));

        final List<TransferReport> transfers = new ArrayList<>();
        final FileSummary summary = new OfflineAnalysis(new AnalysisOptions()).analyze(withoutControl,
            new AnalysisListener()
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

        assertThat(summary.ftpSessions()).isZero();
        assertThat(transfers).hasSize(1);
        final TransferReport report = transfers.get(0);
        assertThat(report.transfer().end()).isEqualTo(FtpTransfer.End.DATA_ONLY);
        assertThat(report.transfer().notes()).anyMatch(n -> n.contains("control connection not in capture"));
        assertThat(report.transfer().serverPort()).isEqualTo(20);
        assertThat(report.data()).isNotNull();
        assertThat(report.data().client().payloadBytes()).isEqualTo(1_048_576L);
        assertThat(report.hasVerdict()).isFalse();
    }

    /** Copies a classic Ethernet capture, leaving out every TCP segment to or from {@code port}. */
    private static Path withoutPort(final Path source, final int port, final Path target) throws IOException
    {
        final PcapBuilder out = new PcapBuilder(1);
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = new DecodedPacket();
        try (CaptureReader reader = CaptureReaders.open(source))
        {
            reader.readAll(frame ->
            {
                final boolean drop = decoder.decode(frame, packet) && packet.isTcp() &&
                    (packet.srcPort() == port || packet.dstPort() == port);
                if (!drop)
                {
                    final byte[] bytes = new byte[frame.capturedLength()];
                    frame.buffer().getBytes(0, bytes);
                    out.packet(frame.timestampNanos(), bytes, frame.originalLength());
                }
            });
        }
        return out.write(target);
    }
}
