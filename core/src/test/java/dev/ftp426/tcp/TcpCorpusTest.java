package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.IpAddress;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every TCP stream of the shared corpus (public captures and the labelled lab captures), reassembled here and by
 * tshark ({@code -z follow,tcp,raw,N}): the bytes of each direction must be equal, and the per-frame
 * tcp.analysis flags must agree on at least 98% of the frames either side flags.
 * <p>
 * Holes: tshark prints {@code [N bytes missing in capture file]} where this engine reports a gap; the markers are
 * taken out of tshark's bytes and their totals compared with our gap totals (printed, not asserted: tshark marks no
 * hole for bytes cut by the snap length, which this engine reports as a truncation gap, and it splits holes at
 * different points). Streams tshark follows that have no flow here (a frame the decoder refused) are counted as
 * unmatched and may be at most 2% of all streams.
 */
class TcpCorpusTest
{
    private static final Path TSHARK = Paths.get("/usr/bin/tshark");
    /** tshark's follow output marks a hole with this text instead of bytes. */
    private static final java.util.regex.Pattern MISSING =
        java.util.regex.Pattern.compile("\\[(\\d+) bytes missing in capture file\\][\\x00\\s]*");
    private static final String[] FLAG_FIELDS =
    {
        "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order", "lost_segment",
        "ack_lost_segment", "duplicate_ack", "zero_window", "zero_window_probe", "zero_window_probe_ack",
        "window_full", "window_update", "keep_alive", "keep_alive_ack", "reused_ports",
    };
    private static final int[] FLAG_TYPES =
    {
        TcpEventType.RETRANSMISSION, TcpEventType.FAST_RETRANSMISSION, TcpEventType.SPURIOUS_RETRANSMISSION,
        TcpEventType.OUT_OF_ORDER, TcpEventType.PREVIOUS_SEGMENT_NOT_CAPTURED, TcpEventType.ACKED_UNSEEN_SEGMENT,
        TcpEventType.DUPLICATE_ACK, TcpEventType.ZERO_WINDOW, TcpEventType.ZERO_WINDOW_PROBE,
        TcpEventType.ZERO_WINDOW_PROBE_ACK, TcpEventType.WINDOW_FULL, TcpEventType.WINDOW_UPDATE,
        TcpEventType.KEEP_ALIVE, TcpEventType.KEEP_ALIVE_ACK, TcpEventType.REUSED_PORTS,
    };

    /** What this engine saw of one flow. */
    static final class OurFlow
    {
        final long id;
        final long[] hi = new long[2];
        final long[] lo = new long[2];
        final int[] port = new int[2];
        final ByteArrayOutputStream[] data = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        final long[] gaps = new long[2];

        OurFlow(final TcpFlow flow)
        {
            id = flow.id();
            for (int d = 0; d < 2; d++)
            {
                hi[d] = flow.endpoint(d).addressHi();
                lo[d] = flow.endpoint(d).addressLo();
                port[d] = flow.endpoint(d).port();
            }
        }
    }

    /** One stream as tshark follows it. */
    static final class TsharkStream
    {
        String[] node = new String[2];
        final ByteArrayOutputStream[] data = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        final long[] missing = new long[2];
    }

    @Test
    void reassembledBytesAndAnalysisFlagsMatchTshark() throws Exception
    {
        final Path corpus = Paths.get(System.getProperty("ftp426.corpus", "../shared/corpus"));
        assumeTrue(Files.isDirectory(corpus), "corpus not present at " + corpus);
        assumeTrue(Files.isExecutable(TSHARK), "tshark not installed");

        final List<Path> captures = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus))
        {
            files.filter(p -> p.toString().matches(".*\\.(pcap|pcapng)$")).sorted().forEach(captures::add);
        }
        assumeTrue(!captures.isEmpty(), "no captures in " + corpus);

        int streams = 0;
        int streamsEqual = 0;
        int streamsWithGaps = 0;
        int streamsUnmatched = 0;
        final List<String> mismatches = new ArrayList<>();
        final List<String> gapMismatches = new ArrayList<>();
        long flaggedFrames = 0;
        long agreeingFrames = 0;
        long copiesSkipped = 0;
        final Map<String, Integer> disagreements = new TreeMap<>();

        for (final Path capture : captures)
        {
            final Path name = corpus.relativize(capture);
            final Map<Long, OurFlow> ourFlows = new HashMap<>();
            final Map<Long, Long> frameFlow = new HashMap<>();
            final Map<Long, Long> ourFlags = new HashMap<>();
            final Set<Long> forwardedCopies = new HashSet<>();
            runOurs(capture, ourFlows, frameFlow, ourFlags, forwardedCopies);

            final Map<Long, Integer> frameStream = new HashMap<>();
            final Map<Long, Long> theirFlags = new HashMap<>();
            final Map<Integer, TsharkStream> follow = new TreeMap<>();
            // one tshark pass gives the per-frame fields and follows as many streams as this engine found flows
            // (plus slack); streams beyond that, if any, are followed in a second pass
            final int bound = ourFlows.size() + 4;
            final int streamCount = tshark(capture, 0, bound, frameStream, theirFlags, follow);
            if (streamCount > bound)
            {
                tshark(capture, bound, streamCount, null, null, follow);
            }
            follow.values().removeIf(stream -> null == stream.node[0] || stream.node[0].startsWith(":"));

            for (final Map.Entry<Integer, TsharkStream> entry : follow.entrySet())
            {
                streams++;
                final int stream = entry.getKey();
                final TsharkStream theirs = entry.getValue();
                final OurFlow ours = majorityFlow(stream, frameStream, frameFlow, ourFlows);
                if (null == ours)
                {
                    streamsUnmatched++;
                    mismatches.add(name + " stream " + stream + ": no flow here");
                    continue;
                }
                final boolean swapped = !matchesNode(theirs.node[0], ours, 0);
                boolean equal = true;
                for (int node = 0; node < 2; node++)
                {
                    final int dir = swapped ? 1 - node : node;
                    final byte[] a = theirs.data[node].toByteArray();
                    final byte[] b = ours.data[dir].toByteArray();
                    if (theirs.missing[node] != ours.gaps[dir])
                    {
                        gapMismatches.add(name + " stream " + stream + " node " + node +
                            ": tshark missing " + theirs.missing[node] + ", here gaps " + ours.gaps[dir]);
                    }
                    if (!Arrays.equals(a, b))
                    {
                        equal = false;
                        mismatches.add(name + " stream " + stream + " node " + node + ": tshark " +
                            a.length + " bytes, here " + b.length + " (+" + ours.gaps[dir] + " gap), first diff at " +
                            Arrays.mismatch(a, b));
                    }
                }
                if (ours.gaps[0] + ours.gaps[1] > 0)
                {
                    streamsWithGaps++;
                }
                if (equal)
                {
                    streamsEqual++;
                }
            }

            final TreeSet<Long> flagged = new TreeSet<>(ourFlags.keySet());
            flagged.addAll(theirFlags.keySet());
            // a forwarding capture's second copies are not analysed here; tshark flags them (retransmission, dup ACK)
            flagged.removeAll(forwardedCopies);
            copiesSkipped += forwardedCopies.size();
            for (final long frame : flagged)
            {
                final long mine = ourFlags.getOrDefault(frame, 0L);
                final long theirMask = theirFlags.getOrDefault(frame, 0L);
                flaggedFrames++;
                if (mine == theirMask)
                {
                    agreeingFrames++;
                }
                else
                {
                    final String key = name + " ours=" + names(mine) + " tshark=" + names(theirMask);
                    disagreements.merge(key, 1, Integer::sum);
                }
            }
        }

        System.out.println("TCP corpus: " + captures.size() + " captures, " + streams + " streams, " + streamsEqual +
            " byte-identical, " + streamsWithGaps + " with gaps, " + streamsUnmatched + " unmatched; flags agree on " +
            agreeingFrames + "/" + flaggedFrames + " flagged frames (" + copiesSkipped +
            " forwarded second copies left out)");
        mismatches.forEach(m -> System.out.println("  bytes: " + m));
        gapMismatches.forEach(m -> System.out.println("  gap total: " + m));
        disagreements.forEach((k, v) -> System.out.println("  flags x" + v + ": " + k));

        assertThat(streams).isPositive();
        assertThat(streamsEqual).as("streams byte-identical to tshark follow:\n%s", String.join("\n", mismatches))
            .isEqualTo(streams - streamsUnmatched);
        assertThat(streamsUnmatched).isLessThanOrEqualTo(streams / 50);
        assertThat((double)agreeingFrames / Math.max(1, flaggedFrames)).isGreaterThanOrEqualTo(0.98);
    }

    private static void runOurs(
        final Path capture, final Map<Long, OurFlow> flows, final Map<Long, Long> frameFlow,
        final Map<Long, Long> flags, final Set<Long> forwardedCopies) throws IOException
    {
        final StreamListener listener = new StreamListener()
        {
            public boolean onOpen(final TcpFlow flow)
            {
                flows.put(flow.id(), new OurFlow(flow));
                return true;
            }

            public void onData(
                final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset,
                final int length, final long frame, final long tsNanos)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                flows.get(flow.id()).data[direction].writeBytes(bytes);
            }

            public void onGap(
                final TcpFlow flow, final int direction, final long bytes, final long frame, final long tsNanos)
            {
                flows.get(flow.id()).gaps[direction] += bytes;
            }
        };
        final TcpEventListener events = (flow, type, direction, frame, ts, a, b) ->
        {
            for (int i = 0; i < FLAG_TYPES.length; i++)
            {
                if (FLAG_TYPES[i] == type)
                {
                    long mask = 1L << i;
                    if (TcpEventType.FAST_RETRANSMISSION == type || TcpEventType.SPURIOUS_RETRANSMISSION == type)
                    {
                        mask |= 1L; // Wireshark also marks these tcp.analysis.retransmission
                    }
                    flags.merge(frame, mask, (x, y) -> x | y);
                }
            }
        };
        final TcpTracker tracker = new TcpTracker(new TcpConfig(), listener, events);
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = new DecodedPacket();
        try (CaptureReader reader = CaptureReaders.open(capture))
        {
            reader.readAll(frame ->
            {
                if (decoder.decode(frame, packet))
                {
                    final long copiesBefore = tracker.forwardedCopies();
                    tracker.onPacket(packet);
                    if (tracker.forwardedCopies() != copiesBefore)
                    {
                        forwardedCopies.add(frame.frameNumber());
                    }
                    if (null != tracker.lastFlow())
                    {
                        frameFlow.put(frame.frameNumber(), tracker.lastFlow().id());
                    }
                }
            });
        }
        tracker.closeAll();
    }

    /**
     * Runs tshark once: per-frame stream and tcp.analysis fields (when {@code frameStream} is given) and
     * {@code follow,tcp,raw} for streams [{@code first}, {@code end}).
     *
     * @return the number of streams seen in the fields (0 when fields were not asked for).
     */
    private static int tshark(
        final Path capture, final int first, final int end, final Map<Long, Integer> frameStream,
        final Map<Long, Long> flags, final Map<Integer, TsharkStream> streams) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", capture.toString()));
        if (null != frameStream)
        {
            command.addAll(List.of("-Y", "tcp && !icmp && !icmpv6", "-T", "fields", "-E", "occurrence=f",
                "-e", "frame.number", "-e", "tcp.stream"));
            for (final String field : FLAG_FIELDS)
            {
                command.add("-e");
                command.add("tcp.analysis." + field);
            }
        }
        else
        {
            command.add("-q");
        }
        for (int i = first; i < end; i++)
        {
            command.add("-z");
            command.add("follow,tcp,raw," + i);
        }

        int maxStream = -1;
        boolean inFollow = null == frameStream;
        TsharkStream current = null;
        for (final String line : run(command))
        {
            if (!inFollow)
            {
                final String[] f = line.split("\t", -1);
                if (line.startsWith("=") || f.length < 2 + FLAG_FIELDS.length)
                {
                    inFollow = line.startsWith("=");
                    continue;
                }
                if (f[1].isEmpty())
                {
                    continue;
                }
                final long frame = Long.parseLong(f[0]);
                final int stream = Integer.parseInt(f[1]);
                maxStream = Math.max(maxStream, stream);
                frameStream.put(frame, stream);
                long mask = 0;
                for (int i = 0; i < FLAG_FIELDS.length; i++)
                {
                    if (!f[2 + i].isEmpty())
                    {
                        mask |= 1L << i;
                    }
                }
                if (0 != mask)
                {
                    flags.put(frame, mask);
                }
                continue;
            }
            if (line.startsWith("Filter: tcp.stream eq "))
            {
                current = new TsharkStream();
                streams.put(Integer.parseInt(line.substring("Filter: tcp.stream eq ".length()).trim()), current);
            }
            else if (null == current || line.startsWith("=") || line.startsWith("Follow:"))
            {
                continue;
            }
            else if (line.startsWith("Node 0: "))
            {
                current.node[0] = line.substring(8).trim();
            }
            else if (line.startsWith("Node 1: "))
            {
                current.node[1] = line.substring(8).trim();
            }
            else if (!line.isBlank())
            {
                final int node = line.startsWith("\t") ? 1 : 0;
                final byte[] bytes = hex(line.trim());
                final java.util.regex.Matcher missing =
                    MISSING.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
                if (missing.matches())
                {
                    current.missing[node] += Long.parseLong(missing.group(1));
                }
                else
                {
                    current.data[node].writeBytes(bytes);
                }
            }
        }
        return maxStream + 1;
    }

    private static OurFlow majorityFlow(
        final int stream, final Map<Long, Integer> frameStream, final Map<Long, Long> frameFlow,
        final Map<Long, OurFlow> flows)
    {
        final Map<Long, Integer> votes = new HashMap<>();
        frameStream.forEach((frame, s) ->
        {
            if (s == stream && frameFlow.containsKey(frame))
            {
                votes.merge(frameFlow.get(frame), 1, Integer::sum);
            }
        });
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> flows.get(e.getKey()))
            .orElse(null);
    }

    private static boolean matchesNode(final String node, final OurFlow flow, final int dir)
    {
        if (null == node)
        {
            return true;
        }
        final int colon = node.lastIndexOf(':');
        final String address = node.substring(0, colon).replace("[", "").replace("]", "");
        final int port = Integer.parseInt(node.substring(colon + 1));
        final long[] parsed = IpAddress.parse(address);
        return port == flow.port[dir] && null != parsed && parsed[0] == flow.hi[dir] && parsed[1] == flow.lo[dir];
    }

    private static String names(final long mask)
    {
        return Arrays.stream(FLAG_FIELDS).filter(f -> (mask & (1L << Arrays.asList(FLAG_FIELDS).indexOf(f))) != 0)
            .collect(Collectors.joining("+", "[", "]"));
    }

    private static byte[] hex(final String text)
    {
        final byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static List<String> run(final List<String> command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                lines.add(line);
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException("tshark did not finish: " + command);
        }
        return lines;
    }
}
