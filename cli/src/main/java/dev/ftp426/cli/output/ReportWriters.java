package dev.ftp426.cli.output;

import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.io.IOException;
import java.io.OutputStream;

/** Chooses the writer for a format, and adapts a writer to the analysis' listener interface. */
public final class ReportWriters
{
    private ReportWriters()
    {
    }

    public static ReportWriter create(final OutputFormat format, final OutputStream out) throws IOException
    {
        switch (format)
        {
            case jsonl: return new JsonLinesWriter(out);
            case json: return new JsonDocumentWriter(out);
            case human:
            default: return new HumanReportWriter(out);
        }
    }

    /**
     * Passes records to a writer. An output failure (a closed pipe, a full disk) is kept and rethrown by the caller
     * once the analysis returns, because the listener interface cannot throw it.
     */
    public static final class Bridge implements AnalysisListener
    {
        private final ReportWriter writer;
        private IOException failure;

        private final String file;
        private final boolean flushEachRecord;

        public Bridge(final ReportWriter writer, final String file)
        {
            this(writer, file, false);
        }

        /** @param flushEachRecord flush after every transfer, so a live capture shows verdicts as they happen. */
        public Bridge(final ReportWriter writer, final String file, final boolean flushEachRecord)
        {
            this.writer = writer;
            this.file = file;
            this.flushEachRecord = flushEachRecord;
        }

        @Override
        public void onTransfer(final TransferReport report)
        {
            if (failure == null)
            {
                try
                {
                    writer.transfer(file, report);
                    if (flushEachRecord)
                    {
                        writer.flush();
                    }
                }
                catch (final IOException ex)
                {
                    failure = ex;
                }
            }
        }

        @Override
        public void onSummary(final FileSummary summary)
        {
            if (failure == null)
            {
                try
                {
                    writer.summary(summary);
                }
                catch (final IOException ex)
                {
                    failure = ex;
                }
            }
        }

        public void rethrowOutputFailure() throws IOException
        {
            if (failure != null)
            {
                throw failure;
            }
        }
    }
}
