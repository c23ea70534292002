package dev.ftp426.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.ftp426.report.FlowRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code ftp426 flows}: one {@code "type":"flow"} record per TCP connection, as a table, JSON Lines, or one JSON
 * document ({@code {"schema_version":1,"records":[...]}}, the shape of {@code analyze --format json}).
 */
public final class FlowWriter
{
    private FlowWriter()
    {
    }

    /** Writes every flow in {@code format}. */
    public static void write(final OutputFormat format, final String file, final List<FlowRecord> flows,
        final OutputStream out) throws IOException
    {
        if (format == OutputFormat.human)
        {
            human(file, flows, out);
            return;
        }
        final JsonGenerator json = new JsonFactory().createGenerator(out);
        json.setPrettyPrinter(new MinimalPrettyPrinter(""));
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        final boolean document = format == OutputFormat.json;
        if (document)
        {
            json.writeStartObject();
            json.writeNumberField("schema_version", JsonFields.SCHEMA_VERSION);
            json.writeArrayFieldStart("records");
        }
        for (final FlowRecord flow : flows)
        {
            record(json, file, flow);
            if (!document)
            {
                json.writeRaw('\n');
            }
        }
        if (document)
        {
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
        json.flush();
    }

    static void record(final JsonGenerator json, final String file, final FlowRecord f) throws IOException
    {
        json.writeStartObject();
        JsonFields.writeTime(json, "timestamp", f.firstTsNanos());
        json.writeStringField("type", "flow");
        json.writeNumberField("schema_version", JsonFields.SCHEMA_VERSION);
        json.writeStringField("pcap_filename", file);
        json.writeNumberField("flow_id", f.flowId());
        json.writeStringField("community_id", f.communityId());
        json.writeStringField("src_ip", f.orig().ip());
        json.writeNumberField("src_port", f.orig().port());
        json.writeStringField("dest_ip", f.resp().ip());
        json.writeNumberField("dest_port", f.resp().port());
        json.writeStringField("proto", "TCP");
        json.writeNumberField("frame", f.firstFrame());
        json.writeStringField("conn_state", f.connState());
        json.writeStringField("history", f.history());
        json.writeStringField("close_reason", f.closeReason());
        JsonFields.writeTime(json, "first_ts", f.firstTsNanos());
        JsonFields.writeTime(json, "last_ts", f.lastTsNanos());
        json.writeNumberField("first_frame", f.firstFrame());
        json.writeNumberField("last_frame", f.lastFrame());
        json.writeNumberField("duration", (f.lastTsNanos() - f.firstTsNanos()) / 1e9);
        json.writeObjectFieldStart("handshake");
        nanos(json, "syn_to_synack_ns", f.synToSynAckNanos());
        nanos(json, "synack_to_ack_ns", f.synAckToAckNanos());
        json.writeEndObject();
        side(json, "orig", f.orig());
        side(json, "resp", f.resp());
        json.writeObjectFieldStart("events");
        for (final Map.Entry<String, Long> e : f.events().entrySet())
        {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void side(final JsonGenerator json, final String name, final FlowRecord.Side s)
        throws IOException
    {
        json.writeObjectFieldStart(name);
        json.writeStringField("ip", s.ip());
        json.writeNumberField("port", s.port());
        json.writeNumberField("packets", s.packets());
        json.writeNumberField("wire_payload_bytes", s.wireBytes());
        json.writeNumberField("payload_bytes", s.payloadBytes());
        json.writeNumberField("missed_bytes", s.missedBytes());
        optional(json, "ttl_first", s.ttlFirst());
        optional(json, "ttl_min", s.ttlMin());
        optional(json, "ttl_max", s.ttlMax());
        optional(json, "mss", s.mss());
        optional(json, "wscale", s.windowScale());
        json.writeNumberField("retransmissions", s.retransmissions());
        json.writeNumberField("zero_windows", s.zeroWindows());
        optional(json, "fin_frame", s.finFrame());
        optional(json, "rst_frame", s.rstFrame());
        json.writeNumberField("rst_count", s.rstCount());
        json.writeEndObject();
    }

    private static void optional(final JsonGenerator json, final String name, final long value) throws IOException
    {
        if (value < 0)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, value);
        }
    }

    private static void nanos(final JsonGenerator json, final String name, final long value) throws IOException
    {
        optional(json, name, value);
    }

    private static void human(final String file, final List<FlowRecord> flows, final OutputStream stream)
        throws IOException
    {
        final PrintWriter out = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
        out.printf("%s: %,d TCP connections%n%n", file, flows.size());
        out.printf("  %-5s %-23s %-23s %-6s %-12s %8s %12s %8s %12s  %s%n", "flow", "originator", "responder",
            "state", "history", "pkts>", "bytes>", "pkts<", "bytes<", "events");
        for (final FlowRecord f : flows)
        {
            out.printf("  %-5d %-23s %-23s %-6s %-12s %8d %12d %8d %12d  %s%n", f.flowId(),
                endpoint(f.orig()), endpoint(f.resp()), f.connState(), f.history(), f.orig().packets(),
                f.orig().wireBytes(), f.resp().packets(), f.resp().wireBytes(), events(f.events()));
        }
        out.println();
        out.flush();
        if (out.checkError())
        {
            throw new IOException("Broken pipe");
        }
    }

    private static String endpoint(final FlowRecord.Side s)
    {
        return s.ip().indexOf(':') >= 0 ? "[" + s.ip() + "]:" + s.port() : s.ip() + ":" + s.port();
    }

    private static String events(final Map<String, Long> events)
    {
        if (events.isEmpty())
        {
            return "-";
        }
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, Long> e : events.entrySet())
        {
            if (sb.length() > 0)
            {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
