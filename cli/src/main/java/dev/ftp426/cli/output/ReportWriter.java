package dev.ftp426.cli.output;

import dev.ftp426.correlate.Correlation;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.io.IOException;

/** One output format: receives records as the analysis produces them. */
public interface ReportWriter extends AutoCloseable
{
    /** A finished transfer (and its verdict, when it has one) of the input named {@code file}. */
    void transfer(String file, TransferReport report) throws IOException;

    void summary(FileSummary summary) throws IOException;

    /** The comparison of two captures ({@code analyze --correlate}), after every summary. */
    default void correlation(Correlation correlation) throws IOException
    {
    }

    /** Flushes what is buffered; called after each input file and before exit. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
