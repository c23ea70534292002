package dev.ftp426.robustness;

import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.util.ArrayList;
import java.util.List;

/** Keeps what an analysis reported: each transfer's verdict as "party/cause" (or "none") and the summaries. */
public final class Results implements AnalysisListener
{
    public final List<String> transfers = new ArrayList<>();
    public final List<String> verdicts = new ArrayList<>();
    public final List<FileSummary> summaries = new ArrayList<>();

    @Override
    public void onTransfer(final TransferReport report)
    {
        final String verdict = report.hasVerdict() ?
            report.verdict().party().code() + "/" + report.verdict().cause().code() : "none";
        transfers.add(verdict);
        if (report.hasVerdict())
        {
            verdicts.add(verdict + (report.verdict().reply() != null ? " " + report.verdict().reply().code() : ""));
        }
    }

    @Override
    public void onSummary(final FileSummary summary)
    {
        summaries.add(summary);
    }

    public FileSummary summary()
    {
        return summaries.get(summaries.size() - 1);
    }
}
