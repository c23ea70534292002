package dev.ftp426.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ftp426.correlate.Correlation;
import dev.ftp426.correlate.Finding;
import dev.ftp426.correlate.FlowMatch;

import java.io.IOException;

/** The {@code "type":"correlation"} record (see docs/schema.md). */
final class CorrelationJson
{
    private CorrelationJson()
    {
    }

    static void correlation(final JsonGenerator json, final Correlation c) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("type", "correlation");
        json.writeNumberField("schema_version", JsonFields.SCHEMA_VERSION);
        json.writeArrayFieldStart("captures");
        capture(json, c.captureA(), c.vantageA(), c.unmatchedA(), c.notKeptA());
        capture(json, c.captureB(), c.vantageB(), c.unmatchedB(), c.notKeptB());
        json.writeEndArray();
        json.writeStringField("vantage_reason", c.vantageReason());
        nullable(json, "client_ip", c.clientIp());
        nullable(json, "server_ip", c.serverIp());
        json.writeNumberField("clock_offset_ns", c.clockOffsetNanos());
        if (c.oneWayDelayNanos() < 0)
        {
            json.writeNullField("one_way_delay_ns");
        }
        else
        {
            json.writeNumberField("one_way_delay_ns", c.oneWayDelayNanos());
        }
        json.writeArrayFieldStart("flows");
        for (final FlowMatch f : c.flows())
        {
            json.writeStartObject();
            json.writeStringField("community_id", f.communityId());
            json.writeArrayFieldStart("flow_ids");
            json.writeNumber(f.flowIdA());
            json.writeNumber(f.flowIdB());
            json.writeEndArray();
            json.writeStringField("initiator", f.initiator());
            json.writeStringField("responder", f.responder());
            json.writeNumberField("shared_packets", f.sharedPackets());
            json.writeArrayFieldStart("only_in");
            json.writeNumber(f.onlyA());
            json.writeNumber(f.onlyB());
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("findings");
        for (final Finding f : c.findings())
        {
            json.writeStartObject();
            json.writeStringField("kind", f.kind());
            json.writeStringField("community_id", f.communityId());
            json.writeStringField("sender", f.sender());
            json.writeNumberField("packets", f.packets());
            json.writeNumberField("bytes", f.bytes());
            json.writeArrayFieldStart("frames");
            frame(json, f.frameA());
            frame(json, f.frameB());
            json.writeEndArray();
            JsonFields.writeTime(json, "ts", f.tsNanos());
            json.writeStringField("text", f.text());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("summary", c.summary());
        json.writeEndObject();
    }

    private static void capture(final JsonGenerator json, final String name, final String vantage,
        final int unmatched, final long notKept) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("file", name);
        json.writeStringField("vantage", vantage);
        json.writeNumberField("unmatched_flows", unmatched);
        json.writeNumberField("packets_not_compared", notKept);
        json.writeEndObject();
    }

    private static void frame(final JsonGenerator json, final long frame) throws IOException
    {
        if (frame < 0)
        {
            json.writeNull();
        }
        else
        {
            json.writeNumber(frame);
        }
    }

    private static void nullable(final JsonGenerator json, final String name, final String value) throws IOException
    {
        if (value == null)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeStringField(name, value);
        }
    }
}
