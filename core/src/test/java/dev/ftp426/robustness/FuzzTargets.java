package dev.ftp426.robustness;

import dev.ftp426.decode.DecodeLimits;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.Defragmenter;
import dev.ftp426.decode.DecodeCounters;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.ftp.FtpCommand;
import dev.ftp426.ftp.FtpEventListener;
import dev.ftp426.ftp.FtpReply;
import dev.ftp426.ftp.FtpReplyParsers;
import dev.ftp426.ftp.FtpSession;
import dev.ftp426.ftp.FtpTracker;
import dev.ftp426.ftp.FtpTrackerConfig;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.ftp.HostPort;
import dev.ftp426.pcap.BadCaptureException;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.LinkType;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One entry point per parser that reads bytes from outside, each taking the raw input and checking what must hold
 * for any input: only the documented exception, and only where documented; bounded structures; consistent counts.
 * A broken invariant is an {@link AssertionError}. Used by the Jazzer fuzz tests, the seeded mutation fuzzers and the
 * corpus replay alike, so a finding of one is a regression input of all.
 */
public final class FuzzTargets
{
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
        LinkType.RAW, LinkType.NFLOG, LinkType.IPV4, LinkType.IPV6, LinkType.LOOP, 147};
    private static final long ADDRESS_A = HostPort.ipv4Lo(0xC6336400 | 10);   // 198.51.100.10
    private static final long ADDRESS_B = HostPort.ipv4Lo(0xCB007100 | 10);   // 203.0.113.10

    private FuzzTargets()
    {
    }

    /** A capture file's bytes through the reader: bad input may only be refused at open, then everything is read. */
    public static void captureReader(final byte[] input)
    {
        final CaptureReader reader;
        try
        {
            reader = CaptureReaders.open(new ByteArrayInputStream(input), "fuzz");
        }
        catch (final BadCaptureException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw new AssertionError("IOException from an in-memory stream", ex);
        }
        try (reader)
        {
            final long[] frames = new long[1];
            reader.readAll(frame -> checkFrame(frame, ++frames[0]));
            check(reader.stats().packets() == frames[0], "packets counted %d, delivered %d",
                reader.stats().packets(), frames[0]);
            final boolean gzip = input.length > 1 && input[0] == 0x1f && input[1] == (byte)0x8b;
            check(reader.stats().skippedBytes() >= 0 && (gzip || reader.stats().skippedBytes() <= input.length),
                "skipped bytes %d of %d", reader.stats().skippedBytes(), input.length);
        }
    }

    /** The same through the memory-mapped file reader. */
    public static void captureFile(final byte[] input, final Path scratch)
    {
        try
        {
            Files.write(scratch, input);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final CaptureReader reader;
        try
        {
            reader = CaptureReaders.open(scratch);
        }
        catch (final BadCaptureException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw new AssertionError("IOException opening a readable file", ex);
        }
        try (reader)
        {
            final long[] frames = new long[1];
            reader.readAll(frame -> checkFrame(frame, ++frames[0]));
            check(reader.stats().packets() == frames[0], "packets counted %d, delivered %d",
                reader.stats().packets(), frames[0]);
        }
    }

    private static void checkFrame(final Frame frame, final long expectedNumber)
    {
        check(frame.frameNumber() == expectedNumber, "frame number %d, expected %d", frame.frameNumber(),
            expectedNumber);
        check(frame.capturedLength() >= 0 && frame.capturedLength() <= frame.buffer().capacity(),
            "captured length %d in a buffer of %d", frame.capturedLength(), frame.buffer().capacity());
        long sum = 0;
        for (int i = 0; i < frame.capturedLength(); i++)
        {
            sum += frame.buffer().getByte(i);
        }
        if (sum == Long.MIN_VALUE)
        {
            throw new AssertionError();
        }
    }

    /**
     * Frames through one decoder (whose fragment table lives across frames): the first byte picks the link type,
     * then each frame is a two-byte length and that many bytes; a length's top bit marks the frame as cut short.
     */
    public static void decoder(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final DecodeLimits limits = new DecodeLimits().maxPendingDatagrams(4).maxPendingBytes(64 * 1024)
            .verifyChecksums((input[0] & 0x80) != 0);
        final PacketDecoder decoder = new PacketDecoder(limits);
        final DecodedPacket out = new DecodedPacket();
        final int linkType = LINK_TYPES[(input[0] & 0x7f) % LINK_TYPES.length];
        int i = 1;
        long frameNumber = 0;
        while (i + 2 <= input.length)
        {
            final int field = ((input[i] & 0xff) << 8) | (input[i + 1] & 0xff);
            i += 2;
            final int length = Math.min(field & 0x7fff, input.length - i);
            final byte[] bytes = new byte[length];
            System.arraycopy(input, i, bytes, 0, length);
            i += length;
            final int captured = (field & 0x8000) != 0 ? length / 2 : length;
            frameNumber++;
            final Frame frame = new Frame().wrap(new UnsafeBuffer(bytes), 0, captured, length + (field >>> 15),
                frameNumber * 7_000_000_000L, linkType, 0, frameNumber, -1);
            if (decoder.decode(frame, out))
            {
                check(out.payloadLength() >= 0 && out.payloadLength() <= Math.max(0, out.payloadWireLength()),
                    "payload %d of wire %d", out.payloadLength(), out.payloadWireLength());
                check(out.payloadLength() == out.payload().capacity(), "payload view %d, length %d",
                    out.payload().capacity(), out.payloadLength());
                check(out.ipVersion() == 4 || out.ipVersion() == 6, "IP version %d", out.ipVersion());
            }
            check(decoder.pendingFragmentedDatagrams() <= 4, "pending datagrams %d",
                decoder.pendingFragmentedDatagrams());
        }
        decoder.finish();
        check(decoder.counters().frames() == frameNumber, "frames %d of %d", decoder.counters().frames(),
            frameNumber);
    }

    /** Fragments straight into the defragmenter, every field chosen by the input, with small limits. */
    public static void defragmenter(final byte[] input)
    {
        if (input.length < 2)
        {
            return;
        }
        final int maxDatagrams = 1 + (input[0] & 7);
        final int maxBytes = 1 + ((input[1] & 0xff) << 10);
        final DecodeLimits limits = new DecodeLimits().maxPendingDatagrams(maxDatagrams).maxPendingBytes(maxBytes)
            .fragmentTimeoutNanos(1_000_000_000L);
        final Defragmenter defragmenter = new Defragmenter(limits, new DecodeCounters());
        final UnsafeBuffer source = new UnsafeBuffer(input);
        int i = 2;
        long now = 0;
        // Each fragment: 8 bytes of header (version/flags, id, offset units, length, time step), then data from input.
        while (i + 8 <= input.length)
        {
            final int control = input[i] & 0xff;
            final int version = (control & 1) == 0 ? 4 : 6;
            final boolean more = (control & 2) != 0;
            final long id = input[i + 1] & 3;
            final int protocol = (control & 4) == 0 ? 6 : 17;
            final int offset = (((input[i + 2] & 0xff) << 8) | (input[i + 3] & 0xff)) << 3 & 0x1ffff;
            final int wanted = ((input[i + 4] & 0xff) << 8) | (input[i + 5] & 0xff);
            now += (input[i + 6] & 0xff) * 10_000_000L;
            final boolean otherSource = (input[i + 7] & 1) != 0;
            i += 8;
            final int length = Math.min(wanted, input.length - i);
            final int result = defragmenter.offer(version, 0, otherSource ? ADDRESS_A : ADDRESS_B, 0, ADDRESS_B, id,
                protocol, offset, more, source, i, length, now);
            i += Math.min(length, 16);
            check(result >= Defragmenter.HELD && result <= Defragmenter.BAD, "result %d", result);
            if (result == Defragmenter.COMPLETE)
            {
                check(defragmenter.length() >= 0 && defragmenter.length() <= Defragmenter.MAX_DATAGRAM,
                    "reassembled %d bytes", defragmenter.length());
                check(defragmenter.buffer().capacity() >= defragmenter.length(), "buffer %d for %d bytes",
                    defragmenter.buffer().capacity(), defragmenter.length());
                check(defragmenter.protocol() == protocol, "protocol %d, offered %d", defragmenter.protocol(),
                    protocol);
            }
            check(defragmenter.pending() >= 0 && defragmenter.pending() <= maxDatagrams, "pending %d of %d",
                defragmenter.pending(), maxDatagrams);
            check(defragmenter.heldBytes() >= 0 && defragmenter.heldBytes() <= maxBytes, "held %d of %d",
                defragmenter.heldBytes(), maxBytes);
        }
        defragmenter.expireAll();
        check(defragmenter.pending() == 0 && defragmenter.heldBytes() == 0, "left %d datagrams, %d bytes",
            defragmenter.pending(), defragmenter.heldBytes());
    }

    /**
     * A control connection (port 21, or another port, detected) fed the input in chunks: the first byte's bits choose
     * the port and how chunks alternate direction; a chunk starting with 0xfe is an event (gap, urgent, data connection,
     * time) instead of bytes.
     */
    public static void ftpControl(final byte[] input)
    {
        if (input.length < 1)
        {
            return;
        }
        final FtpTrackerConfig config = new FtpTrackerConfig();
        config.maxLineLength = 96;
        config.maxReplyTextLength = 160;
        config.maxReplyLines = 12;
        config.maxPendingCommands = 4;
        config.maxExpectations = 8;
        config.maxSessions = 4;
        final int[] events = new int[1];
        final FtpEventListener listener = new FtpEventListener()
        {
            @Override
            public void onCommand(final FtpSession session, final FtpCommand command)
            {
                check(command.lineLength() <= config.maxLineLength, "command line of %d", command.lineLength());
                events[0]++;
            }

            @Override
            public void onReply(final FtpSession session, final FtpReply reply)
            {
                check(reply.code() >= 100 && reply.code() <= 699 || reply.code() < 0 || reply.damaged(),
                    "reply code %d", reply.code());
                events[0]++;
            }

            @Override
            public void onTransfer(final FtpTransfer transfer)
            {
                events[0]++;
            }
        };
        final FtpTracker tracker = new FtpTracker(config, listener);
        final int mode = input[0] & 0xff;
        final int port = (mode & 1) == 0 ? 21 : 2121;
        tracker.onConnectionOpened(1, 0, ADDRESS_A, 40000, 0, ADDRESS_B, port, 1, 1);
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        int i = 1;
        long frame = 2;
        long ts = 1_000_000_000L;
        boolean fromClient = (mode & 2) != 0;
        final int chunk = 1 + ((mode >>> 2) & 0x3f);
        while (i < input.length)
        {
            if ((input[i] & 0xff) == 0xfe && i + 2 < input.length)
            {
                final int what = input[i + 1] & 7;
                final int arg = input[i + 2] & 0xff;
                i += 3;
                switch (what)
                {
                    case 0 -> tracker.onControlGap(1, fromClient, arg, frame, ts);
                    case 1 -> tracker.onUrgent(1, fromClient, frame, ts);
                    case 2 -> tracker.onConnectionOpened(100 + arg, 0, ADDRESS_A, 50000 + arg, 0, ADDRESS_B,
                        1024 + arg * 200, frame, ts);
                    case 3 -> tracker.onConnectionOpened(100 + arg, 0, ADDRESS_B, 20, 0, ADDRESS_A, 1024 + arg * 200,
                        frame, ts);
                    case 4 -> tracker.onConnectionClosed(100 + arg, arg, arg * 3L, frame, ts);
                    case 5 -> ts += arg * 10_000_000_000L;
                    case 6 -> tracker.onTime(ts);
                    default -> fromClient = !fromClient;
                }
            }
            else
            {
                final int n = Math.min(chunk, input.length - i);
                tracker.onControlBytes(1, fromClient, buffer, i, n, frame, ts);
                i += n;
                if ((mode & 0x80) != 0)
                {
                    fromClient = !fromClient;
                }
            }
            frame++;
            ts += 1_000_000L;
        }
        tracker.onConnectionClosed(1, input.length, input.length, frame, ts);
        tracker.flush(ts + 3_600_000_000_000L);
        check(tracker.counters().linesTruncated() >= 0, "negative counter");
    }

    /** Every reply and argument parser over the input (227, PORT, 229, EPRT, LPSV/LPRT, 150 bytes, SIZE/REST). */
    public static void replyParsers(final byte[] input)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        final HostPort out = new HostPort();
        if (FtpReplyParsers.parseHostPortSix(buffer, 0, input.length, out.reset()))
        {
            checkPort(out, "227/PORT");
            check(out.isIpv4(), "227/PORT gave a non-IPv4 address");
        }
        if (FtpReplyParsers.parseEpsv(buffer, 0, input.length, out.reset()))
        {
            checkPort(out, "229");
        }
        if (FtpReplyParsers.parseEprt(buffer, 0, input.length, out.reset()))
        {
            checkPort(out, "EPRT");
        }
        if (FtpReplyParsers.parseLongHostPort(buffer, 0, input.length, out.reset()))
        {
            checkPort(out, "LPSV/LPRT");
        }
        final long announced = FtpReplyParsers.parseAnnouncedBytes(buffer, 0, input.length);
        check(announced >= -1, "150 announced %d bytes", announced);
        final long leading = FtpReplyParsers.parseLeadingNumber(buffer, 0, input.length);
        check(leading >= -1, "leading number %d", leading);
        if (input.length > 2)
        {
            // The same texts at an offset inside a larger buffer: no reads outside [offset, offset + length).
            final UnsafeBuffer inner = new UnsafeBuffer(input, 1, input.length - 2);
            FtpReplyParsers.parseHostPortSix(inner, 0, input.length - 2, out.reset());
            FtpReplyParsers.parseEpsv(inner, 0, input.length - 2, out.reset());
            FtpReplyParsers.parseEprt(inner, 0, input.length - 2, out.reset());
            FtpReplyParsers.parseLongHostPort(inner, 0, input.length - 2, out.reset());
        }
    }

    private static void checkPort(final HostPort out, final String what)
    {
        check(out.port() >= 0 && out.port() <= 65535, "%s port %d", what, out.port());
    }

    /**
     * A capture's bytes through the whole offline pipeline with small limits. The only exception allowed is
     * {@link BadCaptureException} before any result (at open); otherwise exactly one summary, complete, whose counts
     * agree with the records reported.
     */
    public static FileSummary pipeline(final byte[] input)
    {
        final AnalysisOptions options = new AnalysisOptions().memoryBudgetBytes(4L << 20).maxDataFlowRecorders(4)
            .maxControlConnections(4);
        final OfflineAnalysis analysis = new OfflineAnalysis(options);
        final long[] transfers = new long[2];
        final FileSummary[] summaries = new FileSummary[2];
        final AnalysisListener listener = new AnalysisListener()
        {
            @Override
            public void onTransfer(final TransferReport report)
            {
                check(summaries[0] == null, "transfer after the summary");
                transfers[0]++;
                if (report.hasVerdict())
                {
                    transfers[1]++;
                }
            }

            @Override
            public void onSummary(final FileSummary summary)
            {
                check(summaries[0] == null, "second summary");
                summaries[0] = summary;
            }
        };
        try
        {
            final FileSummary summary = analysis.analyze(new ByteArrayInputStream(input), "fuzz", listener);
            check(summary == summaries[0], "returned summary is not the reported one");
            check(summary.complete(), "summary of a full read says incomplete");
            check(summary.verdicts() == transfers[1], "summary verdicts %d, reported %d", summary.verdicts(),
                transfers[1]);
            check(summary.transfers() >= transfers[0], "summary transfers %d, reported %d", summary.transfers(),
                transfers[0]);
            return summary;
        }
        catch (final BadCaptureException ex)
        {
            check(summaries[0] == null && transfers[0] == 0, "BadCaptureException after results: %s", ex);
            return null;
        }
        catch (final IOException ex)
        {
            throw new AssertionError("IOException from an in-memory stream", ex);
        }
    }

    static void check(final boolean condition, final String format, final Object... args)
    {
        if (!condition)
        {
            throw new AssertionError(String.format(format, args));
        }
    }
}
