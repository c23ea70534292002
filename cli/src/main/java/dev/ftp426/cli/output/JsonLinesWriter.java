package dev.ftp426.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.ftp426.correlate.Correlation;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.io.IOException;
import java.io.OutputStream;

/** {@code --format jsonl}: one JSON object per line, nothing else on stdout. */
public final class JsonLinesWriter implements ReportWriter
{
    private final JsonGenerator json;

    public JsonLinesWriter(final OutputStream out) throws IOException
    {
        json = new JsonFactory().createGenerator(out);
        json.setPrettyPrinter(new MinimalPrettyPrinter(""));
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void transfer(final String file, final TransferReport report) throws IOException
    {
        TransferJson.transfer(json, file, report);
        endRecord();
        if (report.hasVerdict())
        {
            TransferJson.verdict(json, file, report);
            endRecord();
        }
    }

    @Override
    public void summary(final FileSummary summary) throws IOException
    {
        JsonFields.summary(json, summary);
        endRecord();
    }

    private void endRecord() throws IOException
    {
        json.writeRaw('\n');
    }

    @Override
    public void correlation(final Correlation correlation) throws IOException
    {
        CorrelationJson.correlation(json, correlation);
        endRecord();
    }

    @Override
    public void flush() throws IOException
    {
        json.flush();
    }

    @Override
    public void close() throws IOException
    {
        json.close();
    }
}
