package dev.ftp426.pipeline;

import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

/** Receives the analysis results as they become final; the CLI's output writers implement it. */
public interface AnalysisListener
{
    /** A transfer is final: its replies, its data connection and, when it failed, its verdict. */
    void onTransfer(TransferReport report);

    /** Called once per input, after its last record, also when the input was damaged or the run interrupted. */
    void onSummary(FileSummary summary);
}
