package dev.ftp426.decode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes every frame of the public captures and checks addresses, ports, sequence numbers and flags of every TCP
 * frame (and the frames completing an IP reassembly) against tshark.
 */
class ExternalCaptureDecodeTest
{
    private static final Path TSHARK = Paths.get("/usr/bin/tshark");
    private static final String[] FIELDS = {
        "frame.number", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcp.seq_raw",
        "tcp.flags", "icmp.type", "icmpv6.type", "ip.fragment.count", "ipv6.fragment.count", "tcp.len", "vlan.id",
        "ip.ttl", "ipv6.hlim", "ip.id", "ip.flags.df", "tcp.payload"};

    static Path externalCorpus()
    {
        final String corpus = System.getProperty("ftp426.corpus");
        return corpus == null ? null : Paths.get(corpus, "external");
    }

    static Stream<String> captures() throws IOException
    {
        final Path dir = externalCorpus();
        if (dir == null || !Files.isDirectory(dir))
        {
            return Stream.of("(corpus absent)");
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng"))
                .sorted()
                .toList()
                .stream();
        }
    }

    static Stream<String> labelledCaptures() throws IOException
    {
        final String corpus = System.getProperty("ftp426.corpus");
        final Path dir = corpus == null ? null : Paths.get(corpus, "dev");
        if (dir == null || !Files.isDirectory(dir))
        {
            return Stream.of("(corpus absent)");
        }
        try (Stream<Path> files = Files.walk(dir, 2))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".pcap"))
                .map(p -> dir.relativize(p).toString())
                .sorted()
                .toList()
                .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void matchesTshark(final String name) throws Exception
    {
        final Path dir = externalCorpus();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "external corpus absent");
        check(dir.resolve(name), name, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelledCaptures")
    void labelledCapturesMatchTshark(final String name) throws Exception
    {
        final String corpus = System.getProperty("ftp426.corpus");
        final Path dir = corpus == null ? null : Paths.get(corpus, "dev");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "labelled corpus absent");
        check(dir.resolve(name), name, false);
    }

    /** Decodes every frame of {@code file} and compares with tshark; also used for crafted captures. */
    static void check(final Path file, final String name, final boolean payloads) throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(TSHARK), "tshark absent");
        final Map<Long, String[]> expected = tshark(file, payloads);

        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket out = new DecodedPacket();
        final List<String> mismatches = new ArrayList<>();
        final long[] tcpFrames = new long[1];
        TestCaptureFile.forEach(file, frame ->
        {
            final boolean decoded = decoder.decode(frame, out);
            final String[] row = expected.get(frame.frameNumber());
            final String where = name + " frame " + frame.frameNumber() + ": ";
            if (row == null)
            {
                mismatches.add(where + "absent from tshark output");
                return;
            }
            final boolean tsharkTcp = !row[5].isEmpty();
            final boolean oursTcp = decoded && (out.isTcp() || (out.icmpError() && out.protocol() == 6 &&
                (out.srcPort() != 0 || out.dstPort() != 0)));
            final boolean tsharkReassembled = !row[11].isEmpty() || !row[12].isEmpty();
            if (tsharkReassembled != out.reassembledFromFragments())
            {
                mismatches.add(where + "reassembled tshark=" + tsharkReassembled + " ours=" +
                    out.reassembledFromFragments());
            }
            if (tsharkTcp != oursTcp)
            {
                mismatches.add(where + "tcp tshark=" + tsharkTcp + " ours=" + oursTcp + " outcome=" +
                    DecodeOutcome.name(decoder.lastOutcome()));
                return;
            }
            if (!tsharkTcp)
            {
                return;
            }
            tcpFrames[0]++;
            final boolean v4 = !row[1].isEmpty() && (row[3].isEmpty() || out.ipVersion() == 4);
            compare(mismatches, where + "src", v4 ? row[1] : row[3], IpAddress.formatSource(out));
            compare(mismatches, where + "dst", v4 ? row[2] : row[4], IpAddress.formatDestination(out));
            compare(mismatches, where + "srcport", row[5], Integer.toString(out.srcPort()));
            compare(mismatches, where + "dstport", row[6], Integer.toString(out.dstPort()));
            if (!(out.icmpError() && row[7].isEmpty())) // tshark gives no sequence for an 8-byte quoted TCP header
            {
                compare(mismatches, where + "seq", row[7], Long.toString(out.seq()));
            }
            if (!out.icmpError() && !row[8].isEmpty())
            {
                compare(mismatches, where + "flags", Integer.toString(Integer.decode(row[8]) & 0xff),
                    Integer.toString(out.tcpFlags()));
            }
            if (!out.icmpError())
            {
                compare(mismatches, where + "tcp.len", row[13], Integer.toString(out.payloadWireLength()));
                if (payloads && !out.truncated())
                {
                    compare(mismatches, where + "payload", row[FIELDS.length - 1].replace(":", ""), hex(out));
                }
                compare(mismatches, where + "vlan", row[14].isEmpty() ? "-1" : row[14],
                    Integer.toString(out.vlanId()));
                compare(mismatches, where + "ttl", v4 ? row[15] : row[16], Integer.toString(out.ttl()));
                if (v4)
                {
                    compare(mismatches, where + "ip.id", Integer.toString(Integer.decode(row[17])),
                        Integer.toString(out.ipId()));
                    compare(mismatches, where + "df", row[18], out.dontFragment() ? "1" : "0");
                }
            }
            if (out.icmpError())
            {
                assertThat(row[9].isEmpty() && row[10].isEmpty()).as(where + "icmp").isFalse();
            }
        });
        assertThat(mismatches).as(name).isEmpty();
        assertThat(tcpFrames[0]).as(name + " TCP frames")
            .isEqualTo(expected.values().stream().filter(r -> !r[5].isEmpty()).count());
        assertThat(decoder.counters().frames()).isEqualTo(expected.size());
    }

    @Test
    void reassemblesThePublicFragmentCaptures() throws Exception
    {
        final Path dir = externalCorpus();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "external corpus absent");
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket out = new DecodedPacket();
        final List<String> http = new ArrayList<>();
        TestCaptureFile.forEach(dir.resolve("pcpp__frag_http_req.pcap"), frame ->
        {
            if (decoder.decode(frame, out) && out.isTcp())
            {
                http.add(out.frameNumber() + " " + out.payload().getStringWithoutLengthAscii(0, 5));
            }
        });
        assertThat(http).containsExactly("11 GET /");
        assertThat(decoder.counters().datagramsReassembled()).isEqualTo(1);
        assertThat(decoder.counters().fragmentsHeld()).isEqualTo(11);

        final PacketDecoder nfs = new PacketDecoder();
        TestCaptureFile.forEach(dir.resolve("pcpp__ip4_fragments.pcap"), frame -> nfs.decode(frame, out));
        nfs.finish();
        assertThat(nfs.counters().datagramsReassembled()).isEqualTo(6);
        assertThat(nfs.counters().overlappingFragments()).isPositive();
    }

    private static String hex(final DecodedPacket packet)
    {
        final StringBuilder sb = new StringBuilder(packet.payloadLength() * 2);
        for (int i = 0; i < packet.payloadLength(); i++)
        {
            sb.append(String.format("%02x", packet.payload().getByte(i) & 0xff));
        }
        return sb.toString();
    }

    private static void compare(final List<String> mismatches, final String what, final String tshark,
        final String ours)
    {
        if (!tshark.equals(ours))
        {
            mismatches.add(what + " tshark=" + tshark + " ours=" + ours);
        }
    }

    private static Map<Long, String[]> tshark(final Path file, final boolean payloads)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", file.toString(),
            "-T", "fields", "-E", "occurrence=l", "-E", "separator=/t"));
        for (final String field : FIELDS)
        {
            if (!payloads && field.equals("tcp.payload"))
            {
                continue;
            }
            command.add("-e");
            command.add(field);
        }
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final Map<Long, String[]> rows = new HashMap<>();
        for (final String line : output.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] row = new String[FIELDS.length];
            final String[] parts = line.split("\t", -1);
            for (int i = 0; i < row.length; i++)
            {
                row[i] = i < parts.length ? parts[i] : "";
            }
            rows.put(Long.parseLong(row[0]), row);
        }
        return rows;
    }
}
