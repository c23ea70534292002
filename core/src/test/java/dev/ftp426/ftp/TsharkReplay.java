package dev.ftp426.ftp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replays a capture into an {@link FtpTracker} the way the TCP stage will: tshark splits it into TCP segments
 * (frame number, stream, ports, relative sequence, payload); a minimal in-order reassembler per direction skips
 * retransmitted bytes, reports holes as gaps and hands the rest over with the segment's frame number.
 * Also keeps tshark's own FTP reply codes per frame for comparison.
 */
final class TsharkReplay
{
    static final Path TSHARK = Path.of("/usr/bin/tshark");

    static final class Reply
    {
        final long frame;
        final int code;
        final long stream;

        Reply(final long frame, final int code, final long stream)
        {
            this.frame = frame;
            this.code = code;
            this.stream = stream;
        }

        @Override
        public String toString()
        {
            return code + "@" + frame;
        }
    }

    private static final class Direction
    {
        long next = -1;
        boolean fin;
        long maxEnd;
        long base = -1;
    }

    private static final class Stream
    {
        final long id;
        final boolean initiatorIsSrcOfFirst;
        long iHi;
        long iLo;
        int iPort;
        long rHi;
        long rLo;
        int rPort;
        int role;
        boolean feeding = true;
        boolean closed;
        final Direction fromInitiator = new Direction();
        final Direction fromResponder = new Direction();

        Stream(final long id, final boolean initiatorIsSrcOfFirst)
        {
            this.id = id;
            this.initiatorIsSrcOfFirst = initiatorIsSrcOfFirst;
        }
    }

    final RecordingListener listener = new RecordingListener();
    final FtpTracker tracker;
    /** tshark's reply codes per stream, frames that this replay actually delivered (not skipped retransmissions). */
    final Map<Long, List<Reply>> tsharkReplies = new TreeMap<>();
    /** Frames whose payload was delivered (fully or partly) to the tracker. */
    final java.util.Set<Long> deliveredFrames = new java.util.HashSet<>();
    final Map<Long, Long> replyStreamByFrame = new HashMap<>();
    final List<Long> controlStreams = new ArrayList<>();
    private final Map<Long, Stream> streams = new HashMap<>();
    private long lastTs;
    private long lastFrame;

    TsharkReplay(final FtpTrackerConfig config)
    {
        tracker = new FtpTracker(config, listener);
    }

    void run(final Path capture, final String... extraArgs) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", capture.toString()));
        cmd.addAll(List.of(extraArgs));
        cmd.addAll(List.of("-Y", "tcp", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f",
            "-e", "frame.number", "-e", "frame.time_epoch", "-e", "tcp.stream",
            "-e", "ip.src", "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst",
            "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.seq", "-e", "tcp.len", "-e", "tcp.flags",
            "-e", "ftp.response.code", "-e", "tcp.payload"));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        final Process p = pb.start();
        try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                segment(line.split("\t", -1));
            }
        }
        if (p.waitFor() != 0)
        {
            throw new IOException("tshark failed on " + capture);
        }
        for (final Stream s : streams.values().stream().sorted((a, b) -> Long.compare(a.id, b.id)).toList())
        {
            close(s);
        }
        tracker.flush(lastTs);
    }

    private void segment(final String[] f)
    {
        final long frame = Long.parseLong(f[0]);
        final long ts = new BigDecimal(f[1]).movePointRight(9).longValue();
        final long streamId = Long.parseLong(f[2]);
        final boolean v6 = f[3].isEmpty();
        final long[] src = v6 ? v6(f[5]) : v4(f[3]);
        final long[] dst = v6 ? v6(f[6]) : v4(f[4]);
        final int sport = Integer.parseInt(f[7]);
        final int dport = Integer.parseInt(f[8]);
        final long seq = Long.parseLong(f[9]);
        final int len = Integer.parseInt(f[10]);
        final int flags = Integer.decode(f[11]);
        final String code = f[12];
        final String payload = f[13];
        lastTs = ts;
        lastFrame = frame;

        Stream s = streams.get(streamId);
        if (s == null)
        {
            final boolean syn = (flags & 0x02) != 0;
            final boolean synAck = syn && (flags & 0x10) != 0;
            s = new Stream(streamId, !synAck);
            if (!synAck)
            {
                s.iHi = src[0];
                s.iLo = src[1];
                s.iPort = sport;
                s.rHi = dst[0];
                s.rLo = dst[1];
                s.rPort = dport;
            }
            else
            {
                s.iHi = dst[0];
                s.iLo = dst[1];
                s.iPort = dport;
                s.rHi = src[0];
                s.rLo = src[1];
                s.rPort = sport;
            }
            streams.put(streamId, s);
            s.role = tracker.onConnectionOpened(streamId, s.iHi, s.iLo, s.iPort, s.rHi, s.rLo, s.rPort, frame, ts);
            if (s.role == FtpTracker.ROLE_CONTROL)
            {
                controlStreams.add(streamId);
            }
        }
        if (s.closed)
        {
            return;
        }
        final boolean fromInitiator = src[1] == s.iLo && src[0] == s.iHi && sport == s.iPort;
        final Direction d = fromInitiator ? s.fromInitiator : s.fromResponder;
        if (d.base < 0)
        {
            d.base = (flags & 0x02) != 0 ? seq + 1 : seq; // the SYN takes one sequence number
        }
        final boolean urgent = (flags & 0x20) != 0;
        if (len > 0)
        {
            d.maxEnd = Math.max(d.maxEnd, seq + len - d.base);
        }
        boolean delivered = false;
        if (len > 0 && s.feeding && (s.role == FtpTracker.ROLE_CONTROL || s.role == FtpTracker.ROLE_CANDIDATE))
        {
            if (urgent)
            {
                tracker.onUrgent(streamId, fromInitiator, frame, ts);
            }
            if (d.next < 0)
            {
                d.next = seq;
            }
            final byte[] bytes = hex(payload);
            int skip = 0;
            if (seq > d.next)
            {
                tracker.onControlGap(streamId, fromInitiator, seq - d.next, frame, ts);
                d.next = seq;
            }
            else if (seq < d.next)
            {
                skip = (int)Math.min(bytes.length, d.next - seq);
            }
            if (skip < bytes.length)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
                s.feeding = tracker.onControlBytes(streamId, fromInitiator, buffer, skip, bytes.length - skip, frame,
                    ts);
                d.next = seq + bytes.length;
                delivered = true;
                deliveredFrames.add(frame);
            }
        }
        if (!code.isEmpty())
        {
            tsharkReplies.computeIfAbsent(streamId, k -> new ArrayList<>())
                .add(new Reply(frame, Integer.parseInt(code), streamId));
            if (!delivered)
            {
                replyStreamByFrame.put(frame, streamId);
            }
        }
        if ((flags & 0x04) != 0)
        {
            close(s);
        }
        else if ((flags & 0x01) != 0)
        {
            d.fin = true;
            if (s.fromInitiator.fin && s.fromResponder.fin)
            {
                close(s);
            }
        }
    }

    private void close(final Stream s)
    {
        if (s.closed)
        {
            return;
        }
        s.closed = true;
        tracker.onConnectionClosed(s.id, s.fromInitiator.maxEnd, s.fromResponder.maxEnd, lastFrame, lastTs);
    }

    private static long[] v4(final String text)
    {
        final String[] p = text.split("\\.");
        final int a = (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8) |
            Integer.parseInt(p[3]);
        return new long[]{0, HostPort.ipv4Lo(a)};
    }

    private static long[] v6(final String text)
    {
        final byte[] b = Wire.ascii(text);
        final HostPort hp = new HostPort();
        if (!FtpReplyParsers.parseIpv6(new UnsafeBuffer(b), 0, b.length, hp))
        {
            throw new IllegalArgumentException(text);
        }
        return new long[]{hp.hi(), hp.lo()};
    }

    private static byte[] hex(final String text)
    {
        final String h = text.replace(":", "");
        final byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static final Map<Path, TsharkReplay> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** One replay per capture (default configuration) shared by the corpus tests: tshark is the slow part. */
    static TsharkReplay of(final Path capture, final String... extraArgs) throws IOException, InterruptedException
    {
        TsharkReplay replay = CACHE.get(capture);
        if (replay == null)
        {
            replay = new TsharkReplay(new FtpTrackerConfig());
            replay.run(capture, extraArgs);
            CACHE.put(capture, replay);
        }
        return replay;
    }

    static boolean available()
    {
        return Files.isExecutable(TSHARK);
    }
}
