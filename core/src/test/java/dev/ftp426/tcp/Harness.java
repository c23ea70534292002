package dev.ftp426.tcp;

import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.SYN;
import static dev.ftp426.tcp.TestPackets.ms;

/** A tracker wired to a recorder, with terse client/server packet senders (times in ms). */
final class Harness
{
    static final long CISN = 100;
    static final long SISN = 1000;

    final Recorder recorder = new Recorder();
    final TestPackets packets = new TestPackets();
    final TcpTracker tracker;

    Harness()
    {
        this(new TcpConfig());
    }

    Harness(final TcpConfig config)
    {
        tracker = new TcpTracker(config, recorder, recorder);
    }

    /** Client packet; returns its frame number. */
    long c(final double tMs, final long seq, final long ack, final int flags, final int window, final int len)
    {
        tracker.onPacket(packets.tcp(nanos(tMs), true, seq, ack, flags, window, len));
        return packets.frame;
    }

    long s(final double tMs, final long seq, final long ack, final int flags, final int window, final int len)
    {
        tracker.onPacket(packets.tcp(nanos(tMs), false, seq, ack, flags, window, len));
        return packets.frame;
    }

    /** SYN at 0 ms, SYN-ACK at 1 ms, ACK at 2 ms; client data starts at 101, server data at 1001. */
    Harness handshake()
    {
        c(0, CISN, 0, SYN, 65535, 0);
        s(1, SISN, CISN + 1, SYN | ACK, 65535, 0);
        c(2, CISN + 1, SISN + 1, ACK, 65535, 0);
        return this;
    }

    TcpFlow flow()
    {
        return recorder.opened.get(recorder.opened.size() - 1);
    }

    static long nanos(final double tMs)
    {
        return ms(0) + (long)(tMs * 1_000_000L);
    }
}
