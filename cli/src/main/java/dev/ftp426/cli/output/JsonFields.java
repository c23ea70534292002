package dev.ftp426.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.report.FileSummary;

import java.io.IOException;
import java.util.Map;

/**
 * Writes records as JSON objects. The field names here are the documented schema (README "Output schema"); the
 * JSON Lines and JSON document writers share them.
 */
final class JsonFields
{
    static final int SCHEMA_VERSION = 1;

    private JsonFields()
    {
    }

    static void summary(final JsonGenerator json, final FileSummary summary) throws IOException
    {
        final CaptureStats capture = summary.capture();
        final boolean hasPackets = SummaryFacts.hasPackets(summary);
        json.writeStartObject();
        if (hasPackets)
        {
            json.writeStringField("timestamp", Timestamps.rfc3339(capture.lastTimestampNanos()));
        }
        json.writeStringField("type", "summary");
        json.writeNumberField("schema_version", SCHEMA_VERSION);
        json.writeStringField("file", summary.file());
        json.writeStringField("format", capture.formatName());
        json.writeNumberField("packets", capture.packets());
        json.writeNumberField("bytes", capture.capturedBytes());
        json.writeNumberField("wire_bytes", capture.originalBytes());
        writeTime(json, "first_ts", hasPackets ? capture.firstTimestampNanos() : Long.MIN_VALUE);
        writeTime(json, "last_ts", hasPackets ? capture.lastTimestampNanos() : Long.MIN_VALUE);
        writeCounts(json, "link_types", SummaryFacts.linkTypes(summary));
        json.writeNumberField("tcp_flows", summary.tcpFlows());
        json.writeNumberField("ftp_sessions", summary.ftpSessions());
        json.writeNumberField("transfers", summary.transfers());
        writeCounts(json, "verdicts", summary.verdictsByParty());
        json.writeNumberField("capture_drops", summary.captureDrops());
        json.writeNumberField("truncated_packets", capture.truncatedPackets());
        json.writeNumberField("skipped_bytes", capture.skippedBytes());
        json.writeArrayFieldStart("skipped");
        for (final CaptureStats.SkippedRange range : capture.skippedRanges())
        {
            json.writeStartObject();
            json.writeNumberField("offset", range.offset());
            json.writeNumberField("length", range.length());
            json.writeStringField("reason", range.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeBooleanField("truncated_at_end", capture.truncatedAtEnd());
        writeCounts(json, "limits_hit", summary.limitsHit());
        writeCounts(json, "anomalies", summary.anomalies());
        json.writeArrayFieldStart("warnings");
        for (final String warning : SummaryFacts.warnings(summary))
        {
            json.writeString(warning);
        }
        json.writeEndArray();
        json.writeBooleanField("complete", summary.complete());
        json.writeEndObject();
    }

    static void writeTime(final JsonGenerator json, final String name, final long epochNanos) throws IOException
    {
        if (epochNanos == Long.MIN_VALUE)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeStringField(name, Timestamps.rfc3339(epochNanos));
        }
    }

    private static void writeCounts(final JsonGenerator json, final String name, final Map<String, Long> counts)
        throws IOException
    {
        json.writeObjectFieldStart(name);
        for (final Map.Entry<String, Long> entry : counts.entrySet())
        {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
