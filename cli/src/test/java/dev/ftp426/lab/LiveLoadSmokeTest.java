package dev.ftp426.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static dev.ftp426.lab.LabSupport.asMap;
import static dev.ftp426.lab.LabSupport.deleteTree;
import static dev.ftp426.lab.LabSupport.isRoot;
import static dev.ftp426.lab.LabSupport.onPath;
import static dev.ftp426.lab.LabSupport.parseJson;
import static dev.ftp426.lab.LabSupport.repoRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A few seconds of benchmarks/live-load.sh: the bundled sample capture replayed at full speed into a veth pair inside
 * two private namespaces, {@code ftp426 capture} and {@code tcpdump -w /dev/null} listening at once on the far end.
 * Not a performance test: it checks that the load test runs, stops and cleans up, and that ftp426's statistics add up
 * and agree with tcpdump's and with the veth's own counters at the same offered load. Needs root; {@code -Dquick}
 * leaves it out. tcpreplay is used when installed, else the script's python sender.
 */
@Tag("lab")
class LiveLoadSmokeTest
{
    private static final long LIMIT_SECONDS = 150;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void liveLoadRunsAndItsCountersAddUp() throws Exception
    {
        final Path repo = repoRoot();
        assumeTrue(isRoot(), "the live load test needs root (network namespaces)");
        assumeTrue(onPath("ip") && onPath("tcpdump") &&
            onPath("python3"), "ip, tcpdump and python3 are needed");

        final Path dir = Files.createTempDirectory("ftp426-live-load-test-");
        final Path pcap = dir.resolve("sample.pcap");
        try (InputStream in = new GZIPInputStream(
            LiveLoadSmokeTest.class.getResourceAsStream("/dev/ftp426/cli/sample.pcap.gz")))
        {
            Files.copy(in, pcap);
        }
        final Path work = dir.resolve("work");
        final Path json = dir.resolve("result.json");
        final String sender = onPath("tcpreplay") ? "tcpreplay" : "python";
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String ftp426 = String.join(" ", java, "-Xmx512m", "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            "dev.ftp426.cli.Main");
        final List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("benchmarks/live-load.sh").toString(),
            "--pcap", pcap.toString(), "--seconds", "3", "--loops", "100000", "--limit", "3000000", "--sender", sender,
            "--no-build", "--ftp426", ftp426, "--json", json.toString(), "--dir", work.toString(), "--keep"));
        final Path log = dir.resolve("live-load.log");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean finished = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished)
        {
            p.destroy(); // SIGTERM: the script kills what it started and removes its namespaces
            if (!p.waitFor(30, TimeUnit.SECONDS))
            {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("live-load.sh finished within %d s:%n%s", LIMIT_SECONDS, output).isTrue();
        assertThat(p.exitValue()).as("live-load.sh exit status:%n%s", output).isZero();
        assertThat(namespaces()).as("namespaces left behind").noneMatch(n -> n.startsWith("f426load" + p.pid() + "-"));

        final Map<String, Object> result = asMap(parseJson(Files.readString(json)));
        final Map<String, Object> ftp = asMap(result.get("ftp426"));
        final Map<String, Object> tcpdump = asMap(result.get("tcpdump"));
        final long sent = number(result, "sent");
        final long vethRx = number(result, "veth_rx");
        assertThat(sent).as("packets sent").isPositive();
        assertThat(vethRx).as("packets that reached the capture end of the veth").isPositive()
            .isLessThanOrEqualTo(sent);
        assertThat(vethRx + number(result, "veth_drops")).isLessThanOrEqualTo(sent);

        // Both packet sockets see every frame that reached veth1 (no addresses, IPv6 off: nothing else arrives there).
        assertThat(number(ftp, "received")).as("ftp426 ps_recv").isEqualTo(vethRx);
        assertThat(number(tcpdump, "received")).as("tcpdump ps_recv").isEqualTo(vethRx);
        final long captured = number(ftp, "captured");
        assertThat(captured).isPositive();
        assertThat(captured + number(ftp, "ring_drops") + number(ftp, "kernel_drops")).as("ftp426 accounting")
            .isLessThanOrEqualTo(number(ftp, "received"));
        assertThat(number(tcpdump, "captured") + number(tcpdump, "kernel_drops")).as("tcpdump accounting")
            .isLessThanOrEqualTo(number(tcpdump, "received"));

        long summaryPackets = -1;
        for (final String line : Files.readAllLines(work.resolve("ftp426.jsonl"), StandardCharsets.UTF_8))
        {
            final Map<String, Object> record = asMap(parseJson(line));
            if ("summary".equals(record.get("type")))
            {
                summaryPackets = number(record, "packets");
                assertThat(number(record, "capture_drops")).as("summary capture_drops").isEqualTo(
                    number(ftp, "kernel_drops") + number(ftp, "interface_drops") + number(ftp, "ring_drops"));
            }
        }
        assertThat(summaryPackets).as("packets in ftp426's summary record").isEqualTo(captured);
        assertThat(output).contains("packets/s");
        deleteTree(dir); // kept on failure only
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        final Object value = map.get(key);
        assertThat(value).as("%s in %s", key, map).isInstanceOf(Number.class);
        return ((Number)value).longValue();
    }

    private static List<String> namespaces() throws Exception
    {
        final Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        final List<String> names = new ArrayList<>();
        for (final String line : text.split("\\R"))
        {
            if (!line.isBlank())
            {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        return names;
    }

}
