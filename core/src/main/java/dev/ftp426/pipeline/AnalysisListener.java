package dev.ftp426.pipeline;

import dev.ftp426.report.FileSummary;

/** Receives the analysis results as they become final; the CLI's output writers implement it. */
public interface AnalysisListener
{
    /** Called once per input, after its last record, also when the input was damaged or the run interrupted. */
    void onSummary(FileSummary summary);
}
