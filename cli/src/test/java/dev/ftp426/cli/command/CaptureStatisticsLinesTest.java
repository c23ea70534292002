package dev.ftp426.cli.command;

import dev.ftp426.capture.live.CaptureStatistics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureStatisticsLinesTest
{
    @Test
    void receivedByFilterIsTheKernelCountWithItsDropsAsForTcpdump()
    {
        // libpcap handed over 883,721 frames; 69,019 of them found the ring full; the kernel saw 1,469,271 and
        // dropped 585,550 of those.
        final CaptureStatistics stats = new CaptureStatistics(883_721, 814_702, 69_019, 0, 0, true, 1_469_271,
            585_550, 0, 5_000_000_000L, true);

        assertThat(lines(stats)).containsExactly(
            n(814_702) + " packets captured",
            n(1_469_271) + " packets received by filter",
            n(585_550) + " packets dropped by kernel",
            "0 packets dropped by interface",
            n(69_019) + " packets dropped by the analysis ring",
            "0 packets truncated by the snapshot length");
    }

    @Test
    void withoutKernelStatisticsReceivedIsWhatLibpcapHandedOver()
    {
        final CaptureStatistics stats = new CaptureStatistics(120, 100, 20, 3, 0, false, 0, 0, 0, 1, true);

        assertThat(lines(stats)).containsExactly(
            "100 packets captured",
            "120 packets received by filter",
            "20 packets dropped by the analysis ring",
            "3 packets truncated by the snapshot length");
    }

    /** Grouped as the command prints it (the default locale's separator). */
    private static String n(final long value)
    {
        return String.format("%,d", value);
    }

    private static String[] lines(final CaptureStatistics stats)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            CaptureCommand.printStatistics(out, stats);
        }
        return bytes.toString(StandardCharsets.UTF_8).split("\\R");
    }
}
