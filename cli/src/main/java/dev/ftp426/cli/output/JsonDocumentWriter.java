package dev.ftp426.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ftp426.correlate.Correlation;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;

import java.io.IOException;
import java.io.OutputStream;

/** {@code --format json}: one document, {@code {"schema_version":1,"records":[...]}}, records as in JSON Lines. */
public final class JsonDocumentWriter implements ReportWriter
{
    private final JsonGenerator json;

    public JsonDocumentWriter(final OutputStream out) throws IOException
    {
        json = new JsonFactory().createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeNumberField("schema_version", JsonFields.SCHEMA_VERSION);
        json.writeArrayFieldStart("records");
    }

    @Override
    public void transfer(final String file, final TransferReport report) throws IOException
    {
        TransferJson.transfer(json, file, report);
        if (report.hasVerdict())
        {
            TransferJson.verdict(json, file, report);
        }
    }

    @Override
    public void summary(final FileSummary summary) throws IOException
    {
        JsonFields.summary(json, summary);
    }

    @Override
    public void correlation(final Correlation correlation) throws IOException
    {
        CorrelationJson.correlation(json, correlation);
    }

    @Override
    public void flush() throws IOException
    {
        json.flush();
    }

    @Override
    public void close() throws IOException
    {
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
        json.close();
    }
}
