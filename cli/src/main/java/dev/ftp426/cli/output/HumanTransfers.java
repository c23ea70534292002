package dev.ftp426.cli.output;

import dev.ftp426.attribution.Evidence;
import dev.ftp426.attribution.Verdict;
import dev.ftp426.ftp.FtpReplyRecord;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.report.TransferReport;

import java.io.PrintWriter;
import java.util.List;

/** The human report's transfer table and verdict paragraphs. */
final class HumanTransfers
{
    private static final int ARG_WIDTH = 28;

    private HumanTransfers()
    {
    }

    static void table(final PrintWriter out, final List<TransferReport> transfers)
    {
        if (transfers.isEmpty())
        {
            return;
        }
        out.println();
        out.printf("  %-7s %-6s %-28s %-5s %12s  %-5s %s%n", "frame", "cmd", "argument", "mode", "bytes", "reply",
            "outcome");
        for (final TransferReport report : transfers)
        {
            final FtpTransfer t = report.transfer();
            final FtpReplyRecord reply = t.completion();
            final long frame = TransferJson.eventFrame(report);
            out.printf("  %-7s %-6s %-28s %-5s %12s  %-5s %s%n",
                frame < 0 ? "-" : Long.toString(frame),
                t.command() == null ? "?" : t.command(),
                shorten(WireText.clean(t.arg())),
                t.mode() == null ? "-" : t.mode().name(),
                bytes(report),
                reply == null ? "-" : Integer.toString(reply.code()),
                outcome(report));
        }
    }

    static void verdicts(final PrintWriter out, final List<TransferReport> transfers)
    {
        for (final TransferReport report : transfers)
        {
            if (!report.hasVerdict())
            {
                continue;
            }
            final Verdict v = report.verdict();
            out.println();
            final String reply = v.reply() == null ? v.incident().code() :
                v.reply().code() + " \"" + WireText.clean(v.reply().text()) + "\" at frame " + v.reply().frame();
            out.printf("  %s: %s, %s (confidence %.2f, capture taken at the %s)%n", reply,
                v.party().code().toUpperCase(), v.cause().code(), v.confidence(), v.vantage().vantage().code());
            out.printf("    %s%n", v.summary());
            for (final Evidence e : v.evidence())
            {
                out.printf("    %s %-8s %s%s%n", e.against() ? "-" : "+",
                    e.frame() < 0 ? "" : "#" + e.frame(),
                    e.tsNanos() < 0 ? "" : Timestamps.rfc3339(e.tsNanos()) + "  ",
                    e.text());
            }
        }
        for (final TransferReport report : transfers)
        {
            for (final String note : report.notes())
            {
                out.printf("%n  note: %s%n", note);
            }
        }
    }

    private static String outcome(final TransferReport report)
    {
        if (report.hasVerdict())
        {
            return report.verdict().party().code() + ": " + report.verdict().cause().code();
        }
        if (report.transfer().end() == FtpTransfer.End.DATA_ONLY)
        {
            return "control connection not in capture";
        }
        final String status = TransferJson.status(report);
        return report.transfer().encrypted() && "unknown".equals(status) ? "encrypted" : status;
    }

    private static String bytes(final TransferReport report)
    {
        if (report.data() != null)
        {
            return String.format("%,d", report.data().server().payloadBytes() + report.data().client().payloadBytes());
        }
        return "-";
    }

    private static String shorten(final String arg)
    {
        if (arg == null || arg.isEmpty())
        {
            return "-";
        }
        return arg.length() <= ARG_WIDTH ? arg : "…" + arg.substring(arg.length() - ARG_WIDTH + 1);
    }
}
