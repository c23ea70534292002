package dev.ftp426.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.Evidence;
import dev.ftp426.attribution.Verdict;
import dev.ftp426.decode.IpAddress;
import dev.ftp426.ftp.FtpAbort;
import dev.ftp426.ftp.FtpReplyRecord;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.report.DataFlowSummary;
import dev.ftp426.report.TransferReport;

import java.io.IOException;

/**
 * The {@code "type":"transfer"} and {@code "type":"verdict"} records. Field names follow the documented schema
 * (README "Output"): an EVE-style envelope with Zeek's words inside, FTP client and server named as such.
 */
final class TransferJson
{
    private TransferJson()
    {
    }

    static void transfer(final JsonGenerator json, final String file, final TransferReport report) throws IOException
    {
        final FtpTransfer t = report.transfer();
        json.writeStartObject();
        envelope(json, "transfer", file, report);
        json.writeStringField("status", status(report));
        json.writeObjectFieldStart("ftp");
        json.writeNumberField("session_id", t.sessionId());
        writeString(json, "user", t.user());
        writeString(json, "command", t.command());
        writeString(json, "arg", t.arg());
        json.writeBooleanField("arg_truncated", t.argTruncated());
        writeFrame(json, "command_frame", t.commandFrame());
        writeString(json, "type", t.type());
        json.writeStringField("mode", t.mode() == null ? "UNKNOWN" : t.mode().name());
        writeFrame(json, "setup_frame", t.setupFrame());
        writeCount(json, "rest", t.restOffset());
        writeCount(json, "size_announced", t.sizeAnnounced());
        writeCount(json, "size_reply", t.sizeFromSizeCommand());
        json.writeBooleanField("nat_address", t.natAddress());
        json.writeBooleanField("heuristic_association", t.heuristicAssociation());
        json.writeEndObject();
        reply(json, "preliminary", t.preliminary());
        reply(json, "reply", t.completion());
        json.writeArrayFieldStart("replies_after");
        for (final FtpReplyRecord after : t.subsequentReplies())
        {
            replyObject(json, after);
        }
        json.writeEndArray();
        abort(json, t.abort());
        dataFlow(json, report);
        json.writeBooleanField("encrypted", t.encrypted());
        json.writeBooleanField("control_gap", t.controlGap());
        json.writeStringField("end", t.end() == null ? "unknown" : t.end().name().toLowerCase());
        json.writeArrayFieldStart("notes");
        for (final String note : t.notes())
        {
            json.writeString(note);
        }
        for (final String note : report.notes())
        {
            json.writeString(note);
        }
        json.writeEndArray();
        if (report.hasVerdict())
        {
            json.writeStringField("verdict", report.verdict().party().code() + "/" + report.verdict().cause().code());
        }
        json.writeEndObject();
    }

    static void verdict(final JsonGenerator json, final String file, final TransferReport report) throws IOException
    {
        final Verdict v = report.verdict();
        final FtpTransfer t = report.transfer();
        json.writeStartObject();
        envelope(json, "verdict", file, report);
        json.writeStringField("party", v.party().code());
        json.writeStringField("cause", v.cause().code());
        json.writeNumberField("confidence", Math.round(v.confidence() * 1000) / 1000.0);
        json.writeStringField("vantage", v.vantage().vantage().code());
        json.writeStringField("vantage_reason", v.vantage().reason());
        json.writeStringField("incident", v.incident().code());
        json.writeStringField("summary", v.summary());
        if (v.reply() != null)
        {
            json.writeObjectFieldStart("reply");
            json.writeNumberField("code", v.reply().code());
            writeString(json, "text", v.reply().text());
            json.writeNumberField("frame", v.reply().frame());
            JsonFields.writeTime(json, "ts", v.reply().tsNanos());
            json.writeEndObject();
        }
        else
        {
            json.writeNullField("reply");
        }
        json.writeArrayFieldStart("evidence");
        for (final Evidence e : v.evidence())
        {
            json.writeStartObject();
            writeFrame(json, "frame", e.frame());
            JsonFields.writeTime(json, "ts", e.tsNanos() < 0 ? Long.MIN_VALUE : e.tsNanos());
            json.writeStringField("text", e.text());
            if (e.against())
            {
                json.writeBooleanField("against", true);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (v.runnerUp() != null)
        {
            json.writeObjectFieldStart("runner_up");
            json.writeStringField("cause", v.runnerUp().code());
            json.writeNumberField("score", Math.round(v.runnerUpScore() * 1000) / 1000.0);
            json.writeEndObject();
        }
        json.writeObjectFieldStart("ftp");
        writeString(json, "command", t.command());
        writeString(json, "arg", t.arg());
        json.writeBooleanField("reply_truncated", t.completion() != null && t.completion().textTruncated());
        json.writeEndObject();
        endpoint(json, "client", t.clientHi(), t.clientLo(), t.clientPort());
        endpoint(json, "server", t.serverHi(), t.serverLo(), t.serverPort());
        dataFlow(json, report);
        json.writeEndObject();
    }

    private static void envelope(final JsonGenerator json, final String type, final String file,
        final TransferReport report) throws IOException
    {
        final FtpTransfer t = report.transfer();
        final long ts = eventTime(report);
        if (ts >= 0)
        {
            json.writeStringField("timestamp", Timestamps.rfc3339(ts));
        }
        json.writeStringField("type", type);
        json.writeNumberField("schema_version", JsonFields.SCHEMA_VERSION);
        json.writeStringField("pcap_filename", file);
        writeCount(json, "flow_id", t.controlFlowId());
        writeString(json, "community_id", report.controlCommunityId());
        json.writeStringField("src_ip", IpAddress.format(t.clientHi(), t.clientLo()));
        json.writeNumberField("src_port", t.clientPort());
        json.writeStringField("dest_ip", IpAddress.format(t.serverHi(), t.serverLo()));
        json.writeNumberField("dest_port", t.serverPort());
        json.writeStringField("proto", "TCP");
        writeFrame(json, "frame", eventFrame(report));
    }

    /** The frame a person looks up first: the failure reply, else the completion, else the command. */
    static long eventFrame(final TransferReport report)
    {
        if (report.hasVerdict() && report.verdict().reply() != null)
        {
            return report.verdict().reply().frame();
        }
        final FtpTransfer t = report.transfer();
        if (t.completion() != null)
        {
            return t.completion().frame();
        }
        return t.commandFrame() >= 0 ? t.commandFrame() : t.dataOpenedFrame();
    }

    static long eventTime(final TransferReport report)
    {
        if (report.hasVerdict() && report.verdict().reply() != null)
        {
            return report.verdict().reply().tsNanos();
        }
        final FtpTransfer t = report.transfer();
        if (t.completion() != null)
        {
            return t.completion().ts();
        }
        return t.commandTs() >= 0 ? t.commandTs() : t.dataOpenedTs();
    }

    static String status(final TransferReport report)
    {
        final FtpReplyRecord completion = report.transfer().completion();
        if (report.hasVerdict())
        {
            return "failed";
        }
        if (completion == null)
        {
            return "unknown";
        }
        return completion.code() < 400 ? "completed" : "failed";
    }

    private static void dataFlow(final JsonGenerator json, final TransferReport report) throws IOException
    {
        final FtpTransfer t = report.transfer();
        if (t.dataFlowId() == FtpTransfer.NONE)
        {
            json.writeNullField("data_flow");
            return;
        }
        json.writeObjectFieldStart("data_flow");
        json.writeNumberField("flow_id", t.dataFlowId());
        final DataFlowSummary summary = report.dataFlow();
        if (summary != null)
        {
            json.writeStringField("community_id", summary.communityId());
            json.writeStringField("conn_state", summary.connState());
            json.writeStringField("history", summary.history());
            json.writeNumberField("missed_bytes", summary.missedBytes());
        }
        endpoint(json, "client", t.dataClientHi(), t.dataClientLo(), t.dataClientPort());
        endpoint(json, "server", t.dataServerHi(), t.dataServerLo(), t.dataServerPort());
        json.writeStringField("opened_by", t.dataInitiatedByServer() ? "server" : "client");
        final DataFlowFacts data = report.data();
        if (data != null)
        {
            json.writeNumberField("bytes_toclient", data.server().payloadBytes());
            json.writeNumberField("bytes_toserver", data.client().payloadBytes());
            writeFrame(json, "first_frame", data.firstFrame());
            writeFrame(json, "last_frame", data.lastFrame());
        }
        else
        {
            writeCount(json, "bytes_toclient", t.bytesToClient());
            writeCount(json, "bytes_toserver", t.bytesToServer());
        }
        json.writeEndObject();
    }

    private static void reply(final JsonGenerator json, final String name, final FtpReplyRecord reply)
        throws IOException
    {
        if (reply == null)
        {
            json.writeNullField(name);
            return;
        }
        json.writeFieldName(name);
        replyObject(json, reply);
    }

    private static void replyObject(final JsonGenerator json, final FtpReplyRecord reply) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("code", reply.code());
        json.writeStringField("text", WireText.clean(reply.text()));
        if (reply.textTruncated())
        {
            json.writeBooleanField("text_truncated", true);
        }
        json.writeNumberField("frame", reply.frame());
        JsonFields.writeTime(json, "ts", reply.ts());
        json.writeEndObject();
    }

    private static void abort(final JsonGenerator json, final FtpAbort abort) throws IOException
    {
        if (abort == null)
        {
            json.writeNullField("abort");
            return;
        }
        json.writeObjectFieldStart("abort");
        json.writeNumberField("frame", abort.frame());
        JsonFields.writeTime(json, "ts", abort.ts());
        json.writeBooleanField("telnet_ip", abort.telnetIp());
        json.writeBooleanField("telnet_dm", abort.telnetDm());
        json.writeBooleanField("urgent", abort.urgent());
        json.writeEndObject();
    }

    private static void endpoint(final JsonGenerator json, final String name, final long hi, final long lo,
        final int port) throws IOException
    {
        json.writeObjectFieldStart(name);
        json.writeStringField("ip", IpAddress.format(hi, lo));
        json.writeNumberField("port", port);
        json.writeEndObject();
    }

    private static void writeString(final JsonGenerator json, final String name, final String value)
        throws IOException
    {
        if (value == null)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeStringField(name, WireText.clean(value));
        }
    }

    private static void writeFrame(final JsonGenerator json, final String name, final long frame) throws IOException
    {
        if (frame < 0)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, frame);
        }
    }

    private static void writeCount(final JsonGenerator json, final String name, final long value) throws IOException
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
}
