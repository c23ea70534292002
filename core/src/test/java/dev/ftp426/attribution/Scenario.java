package dev.ftp426.attribution;

import java.util.List;

/**
 * Hand-built facts for unit tests: a passive RETR of 1,000,000 bytes captured at the client, server packets one hop
 * away (TTL 63), client packets at 0 hops (TTL 64), a 150 at 1 s and, unless changed, a 426 at 10 s (frame 500).
 * Tests change only what their case is about.
 */
final class Scenario
{
    static final long BASE = 1_700_000_000_000_000_000L;
    static final Endpoint CLIENT_CTRL = new Endpoint("198.51.100.10", 40000);
    static final Endpoint SERVER_CTRL = new Endpoint("203.0.113.10", 21);
    static final Endpoint CLIENT_DATA = new Endpoint("198.51.100.10", 40001);
    static final Endpoint SERVER_DATA = new Endpoint("203.0.113.10", 50000);

    final TransferFacts.Builder transfer = TransferFacts.builder()
        .command(TransferCommand.RETR).argument("/pub/file.bin").mode(DataMode.PASSIVE).announcedSize(1_000_000)
        .preliminary(new Reply(150, "Opening BINARY mode data connection (1000000 bytes).", 20, t(1.0)))
        .completion(reply426())
        .control(CLIENT_CTRL, SERVER_CTRL);
    final EndpointFacts.Builder client = EndpointFacts.builder(FtpRole.CLIENT)
        .packets(200).ttl(TtlBaseline.of(64, 200));
    final EndpointFacts.Builder server = EndpointFacts.builder(FtpRole.SERVER)
        .payloadBytes(400_000).packets(300).ttl(TtlBaseline.of(63, 300)).lastData(400, t(5.0));
    final DataFlowFacts.Builder flow = DataFlowFacts.builder()
        .endpoints(CLIENT_DATA, SERVER_DATA).tcpOriginator(FtpRole.CLIENT)
        .handshake(new Handshake(FtpRole.CLIENT, 21, t(1.0), t(1.02), t(1.0201)))
        .span(21, t(1.0), 450, t(9.0));
    CaptureContext capture = CaptureContext.UNKNOWN;
    boolean noData;

    /** Seconds after the base instant, in nanoseconds. */
    static long t(final double seconds)
    {
        return BASE + Math.round(seconds * 1e9);
    }

    static Reply reply426()
    {
        return new Reply(426, "Failure writing network stream.", 500, t(10.0));
    }

    /** Makes it an upload (STOR): the client sends the bytes. */
    Scenario upload()
    {
        transfer.command(TransferCommand.STOR).announcedSize(-1)
            .completion(new Reply(426, "Failure reading network stream.", 500, t(10.0)));
        client.payloadBytes(400_000).lastData(400, t(5.0));
        server.payloadBytes(0).lastData(-1, -1);
        return this;
    }

    Scenario clientRst(final long frame, final double at, final int ttl)
    {
        client.rst(new ResetFacts(frame, t(at), ttl, 1, true, 1, false), 1);
        return this;
    }

    Scenario serverRst(final long frame, final double at, final int ttl)
    {
        server.rst(new ResetFacts(frame, t(at), ttl, 400_001, true, 1, false), 1);
        return this;
    }

    Scenario clean()
    {
        transfer.completion(new Reply(226, "Transfer complete.", 500, t(10.0)));
        server.payloadBytes(1_000_000).fin(new PacketMark(440, t(8.0), 63));
        client.fin(new PacketMark(442, t(8.1), 64));
        return this;
    }

    Scenario withoutData()
    {
        noData = true;
        return this;
    }

    TransferFacts transferFacts()
    {
        return transfer.build();
    }

    DataFlowFacts dataFacts()
    {
        return noData ? null : flow.client(client.build()).server(server.build()).build();
    }

    JudgeContext context()
    {
        final DataFlowFacts d = dataFacts();
        return JudgeContext.of(transferFacts(), d, capture, VantageInference.infer(capture, d));
    }

    SignalResult signal(final Signal s)
    {
        return s.evaluate(context());
    }

    Assessment assess()
    {
        return new Attributor().assess(transferFacts(), dataFacts(), capture);
    }

    Verdict verdict()
    {
        return assess().verdict().orElseThrow(() -> new AssertionError("no verdict"));
    }

    static List<ZeroWindowSpan> zeroWindow(final double from, final double to, final boolean reopened)
    {
        return List.of(new ZeroWindowSpan(410, t(from), 420, t(to), reopened));
    }
}
