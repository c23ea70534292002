package dev.ftp426.cli.output;

import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.correlate.Correlation;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The default report, for a person at a terminal. */
public final class HumanReportWriter implements ReportWriter
{
    private final PrintWriter out;
    private final List<TransferReport> transfers = new ArrayList<>();

    public HumanReportWriter(final OutputStream out)
    {
        this.out = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    }

    @Override
    public void transfer(final String file, final TransferReport report)
    {
        // Held until the file's summary, so each file reads as one block: header, table, verdicts.
        transfers.add(report);
    }

    @Override
    public void summary(final FileSummary s) throws IOException
    {
        final CaptureStats capture = s.capture();
        out.printf("%s: %s, %,d packets, %,d bytes%n", s.file(), capture.formatName(), capture.packets(),
            capture.capturedBytes());
        HumanTransfers.table(out, transfers);
        HumanTransfers.verdicts(out, transfers);
        if (!transfers.isEmpty())
        {
            out.println();
        }
        transfers.clear();
        if (SummaryFacts.hasPackets(s))
        {
            out.printf("  time      %s .. %s (%.3f s)%n", Timestamps.rfc3339(capture.firstTimestampNanos()),
                Timestamps.rfc3339(capture.lastTimestampNanos()),
                (capture.lastTimestampNanos() - capture.firstTimestampNanos()) / 1e9);
        }
        out.printf("  links     %s%n", counts(SummaryFacts.linkTypes(s)));
        out.printf("  tcp flows %,d   ftp sessions %,d   transfers %,d   verdicts %s%n",
            s.tcpFlows(), s.ftpSessions(), s.transfers(),
            s.verdictsByParty().isEmpty() ? "none" : counts(s.verdictsByParty()));
        if (s.captureDrops() > 0 || capture.truncatedPackets() > 0)
        {
            out.printf("  capture   %,d dropped by the capture, %,d truncated by snaplen%n",
                s.captureDrops(), capture.truncatedPackets());
        }
        for (final CaptureStats.SkippedRange range : capture.skippedRanges())
        {
            out.printf("  skipped   %,d bytes at offset %,d: %s%n", range.length(), range.offset(), range.reason());
        }
        if (!s.limitsHit().isEmpty())
        {
            out.printf("  limits    %s%n", counts(s.limitsHit()));
        }
        for (final String warning : SummaryFacts.warnings(s))
        {
            out.printf("  warning   %s%n", warning);
        }
        if (!s.complete())
        {
            out.println("  (incomplete: the analysis stopped before the end of this input)");
        }
        out.println();
        checkError();
    }

    private static String counts(final Map<String, Long> counts)
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, Long> entry : counts.entrySet())
        {
            if (text.length() > 0)
            {
                text.append(", ");
            }
            text.append(entry.getKey()).append(' ').append(entry.getValue());
        }
        return text.length() == 0 ? "-" : text.toString();
    }

    private void checkError() throws IOException
    {
        if (out.checkError())
        {
            throw new IOException("Broken pipe");
        }
    }

    @Override
    public void correlation(final Correlation correlation) throws IOException
    {
        HumanCorrelation.print(out, correlation);
        checkError();
    }

    @Override
    public void flush() throws IOException
    {
        out.flush();
        checkError();
    }

    @Override
    public void close() throws IOException
    {
        flush();
    }
}
