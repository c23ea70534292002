package dev.ftp426.ftp;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

/** Drives a tracker like the TCP stage would, with IPv4 documentation addresses. */
final class Wire
{
    static final long CLIENT = HostPort.ipv4Lo(0xC6336400 | 10);   // 198.51.100.10
    static final long SERVER = HostPort.ipv4Lo(0xCB007100 | 10);   // 203.0.113.10
    static final long NAT_SERVER = HostPort.ipv4Lo(0xC0A80105);    // 192.168.1.5 (as a 227 may say)

    final RecordingListener listener = new RecordingListener();
    final FtpTracker tracker;
    long frame = 1;
    long ts = 1_000_000_000L;

    Wire()
    {
        this(new FtpTrackerConfig());
    }

    Wire(final FtpTrackerConfig config)
    {
        tracker = new FtpTracker(config, listener);
    }

    static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    long tick()
    {
        ts += 1_000_000L;
        return frame++;
    }

    int open(final long flow, final long iLo, final int iPort, final long rLo, final int rPort)
    {
        return tracker.onConnectionOpened(flow, 0, iLo, iPort, 0, rLo, rPort, tick(), ts);
    }

    int openControl(final long flow)
    {
        return open(flow, CLIENT, 40000 + (int)flow, SERVER, 21);
    }

    boolean client(final long flow, final String text)
    {
        return bytes(flow, true, ascii(text));
    }

    boolean server(final long flow, final String text)
    {
        return bytes(flow, false, ascii(text));
    }

    boolean bytes(final long flow, final boolean fromInitiator, final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 7]);
        buffer.putBytes(3, bytes);
        return tracker.onControlBytes(flow, fromInitiator, buffer, 3, bytes.length, tick(), ts);
    }

    void close(final long flow, final long fromInitiator, final long fromResponder)
    {
        tracker.onConnectionClosed(flow, fromInitiator, fromResponder, tick(), ts);
    }

    /** A logged-in session on flow 1. */
    Wire login()
    {
        openControl(1);
        server(1, "220 Welcome\r\n");
        client(1, "USER alice\r\n");
        server(1, "331 Please specify the password.\r\n");
        client(1, "PASS secret\r\n");
        server(1, "230 Login successful.\r\n");
        return this;
    }
}
