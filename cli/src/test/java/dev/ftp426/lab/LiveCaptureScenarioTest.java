package dev.ftp426.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static dev.ftp426.lab.LabSupport.asMap;
import static dev.ftp426.lab.LabSupport.deleteTree;
import static dev.ftp426.lab.LabSupport.isRoot;
import static dev.ftp426.lab.LabSupport.onPath;
import static dev.ftp426.lab.LabSupport.parseJson;
import static dev.ftp426.lab.LabSupport.repoRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ftp426 capture} against real FTP traffic: the scenario lab runs a clean download and two broken ones
 * (client reset, forged reset by a middlebox) with {@code --live-capture client,router,server}, so tcpdump and
 * {@code ftp426 capture -w ... --format jsonl -o ...} record the same interfaces at once; the live captures are
 * stopped with SIGTERM a few seconds after tcpdump, so that what they reported while running can be told apart from
 * what they reported when stopped.
 * <p>
 * For every scenario and vantage, the transfers (command, argument, final reply code, verdict) and the verdicts
 * (reply code, party, cause, vantage) reported live must equal those of {@code ftp426 analyze} on tcpdump's capture,
 * and {@code ftp426 analyze} on the live {@code -w} file must report them again. The live capture must also have
 * seen every TCP packet tcpdump saw, dropped none, exited 0, and written every transfer and verdict that was due before
 * it was told to stop (the link is quiet by then: they come out because the analysis clock follows the wall clock).
 * Needs root (skipped otherwise) and the lab's packages (lab/install-deps.sh); {@code -Dquick} leaves it out.
 */
@Tag("lab")
class LiveCaptureScenarioTest
{
    private static final long LAB_LIMIT_SECONDS = 240;
    private static final long ANALYZER_LIMIT_SECONDS = 180;
    /**
     * A closed data connection is reported 5 s after its last packet, and a quiet link's clock trails by 2 s; the rest
     * is margin for a loaded machine (9 s was seen to be too little under CI load).
     */
    private static final int LINGER_SECONDS = 15;
    /**
     * At the router, both hosts keep sending after the middlebox's forged resets, so the data connection never looks
     * closed there and its transfer waits for the FTP tracker's 30 s completion linger: not due before the stop.
     */
    private static final String AFTER_COMPLETION_LINGER = "middlebox_reset-vsftpd-ftplib-pasv @router";
    private static final String[] VANTAGES = {"client", "router", "server"};
    private static final String CLEAN = "clean_download-vsftpd-ftplib-pasv";
    private static final List<String> FAILING = List.of(
        "client_reset_download-vsftpd-ftplib-pasv", "middlebox_reset-vsftpd-ftplib-pasv");

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void liveCaptureReportsTheSameTransfersAndVerdictsAsTcpdumpPlusAnalyze() throws Exception
    {
        final Path repo = repoRoot();
        assumeTrue(isRoot(), "the live-capture scenarios need root (network namespaces, libpcap)");
        assumeTrue(onPath("ip") && onPath("tcpdump") && onPath("python3"), "ip, tcpdump and python3 are needed");

        final List<String> cases = new ArrayList<>();
        cases.add(CLEAN);
        cases.addAll(FAILING);
        final Path out = Files.createTempDirectory("ftp426-livelab-");
        final List<String> ftp426 = ftp426Command();
        final List<String> cmd = List.of("bash", repo.resolve("lab/run.sh").toString(),
            "--only", "^(" + String.join("|", cases) + ")$", "--out", out.toString(),
            "--live-capture", String.join(",", VANTAGES), "--live-signal", "TERM",
            "--live-linger", String.valueOf(LINGER_SECONDS),
            "--ftp426", String.join(" ", quoted(ftp426)));
        final String log = runBounded(cmd, out.resolve("run.log"), LAB_LIMIT_SECONDS);
        System.out.println(log);
        System.out.println("live-capture scenarios: output in " + out);

        final List<Path> analyzed = new ArrayList<>();
        for (final String name : cases)
        {
            for (final String vantage : VANTAGES)
            {
                analyzed.add(out.resolve(name).resolve(vantage + ".pcap"));
                analyzed.add(out.resolve(name).resolve(vantage + "-live.pcap"));
            }
        }
        for (final Path pcap : analyzed)
        {
            assertThat(pcap).as("capture written (run log:%n%s)", log).isRegularFile();
        }
        final Map<String, Report> analyses = analyze(ftp426, analyzed, out.resolve("analyze.jsonl"));

        final List<String> failures = new ArrayList<>();
        int failingVerdicts = 0;
        for (final String name : cases)
        {
            final Path dir = out.resolve(name);
            final Map<String, Object> truth = asMap(parseJson(Files.readString(dir.resolve("truth.json"))));
            final Map<String, Object> live = asMap(truth.get("live_capture"));
            if (FAILING.contains(name) && "none".equals(truth.get("party")))
            {
                failures.add(name + ": the fault had no effect in this run (truth party none), nothing to compare");
            }
            for (final String vantage : VANTAGES)
            {
                final String where = name + " @" + vantage;
                final Map<String, Object> run = asMap(live.get(vantage));
                final Map<String, Object> stats = asMap(run.get("statistics"));
                if (!Long.valueOf(0).equals(run.get("exit")))
                {
                    failures.add(where + ": ftp426 capture exit status " + run.get("exit") + " (" +
                        dir.resolve(vantage + "-live-stderr.txt") + ")");
                }
                for (final String counter : List.of("kernel_drops", "interface_drops", "ring_drops"))
                {
                    if (!Long.valueOf(0).equals(stats.get(counter)))
                    {
                        failures.add(where + ": " + counter + " " + stats.get(counter) + " (statistics " + stats + ")");
                    }
                }

                final Report offline = analyses.get(dir.resolve(vantage + ".pcap").toString());
                final Report liveFile = analyses.get(dir.resolve(vantage + "-live.pcap").toString());
                final Report liveReport = Report.read(dir.resolve(vantage + "-live.jsonl"));
                if (FAILING.contains(name))
                {
                    failingVerdicts += offline.verdicts.stream().filter(v -> v.startsWith("426 ")).count();
                }
                compare(failures, where + ": live report", offline, liveReport);
                compare(failures, where + ": analyze of the -w file", offline, liveFile);
                final Map<String, Object> before = asMap(run.get("records_before_stop"));
                final long verdictsBefore = before.containsKey("verdict") ? (Long)before.get("verdict") : 0;
                final long transfersBefore = before.containsKey("transfer") ? (Long)before.get("transfer") : 0;
                final boolean due = !AFTER_COMPLETION_LINGER.equals(where);
                if (due && (transfersBefore != liveReport.transfers.size() ||
                    verdictsBefore != liveReport.verdicts.size()))
                {
                    failures.add(where + ": before the stop signal the live report had " + before + ", at the end " +
                        liveReport.transfers.size() + " transfers and " + liveReport.verdicts.size() + " verdicts" +
                        " (verdicts must come out while capturing)");
                }
                if (!Objects.equals(stats.get("captured"), liveReport.packets))
                {
                    failures.add(where + ": statistics say " + stats.get("captured") + " packets captured, the live" +
                        " summary counts " + liveReport.packets);
                }
                if (liveFile.packets != liveReport.packets)
                {
                    failures.add(where + ": -w file has " + liveFile.packets + " packets, the live summary counts " +
                        liveReport.packets);
                }
                final long tcpdumpTcp = tcpPackets(dir.resolve(vantage + ".pcap"));
                final long liveTcp = tcpPackets(dir.resolve(vantage + "-live.pcap"));
                if (tcpdumpTcp != liveTcp)
                {
                    failures.add(where + ": tcpdump saw " + tcpdumpTcp + " TCP packets, ftp426 capture " + liveTcp);
                }
            }
        }
        assertThat(failures).as("live capture vs tcpdump + analyze (output in %s)", out).isEmpty();
        assertThat(failingVerdicts).as("verdicts about a 426 in the failing scenarios (output in %s)", out)
            .isGreaterThanOrEqualTo(FAILING.size() * VANTAGES.length);
        deleteTree(out); // kept on failure only
    }

    private static void compare(final List<String> failures, final String what, final Report expected,
        final Report actual)
    {
        if (!expected.transfers.equals(actual.transfers))
        {
            failures.add(what + ": transfers " + actual.transfers + ", tcpdump capture " + expected.transfers);
        }
        if (!expected.verdicts.equals(actual.verdicts))
        {
            failures.add(what + ": verdicts " + actual.verdicts + ", tcpdump capture " + expected.verdicts);
        }
        if (expected.transfers.isEmpty())
        {
            failures.add(what + ": no transfer in the tcpdump capture");
        }
    }

    /** What a jsonl report says, reduced to what must not depend on where and when the capture started. */
    private static final class Report
    {
        final List<String> transfers = new ArrayList<>();
        final List<String> verdicts = new ArrayList<>();
        long packets = -1;

        void add(final Map<String, Object> record)
        {
            final Object type = record.get("type");
            if ("transfer".equals(type))
            {
                final Map<String, Object> ftp = asMap(record.get("ftp"));
                transfers.add(ftp.get("command") + " " + ftp.get("arg") + " -> " + code(record) + " " +
                    record.get("status") + " " + record.get("verdict"));
            }
            else if ("verdict".equals(type))
            {
                verdicts.add(code(record) + " " + record.get("party") + "/" + record.get("cause") + " at " +
                    record.get("vantage"));
            }
            else if ("summary".equals(type))
            {
                packets = ((Number)record.get("packets")).longValue();
            }
        }

        static Report read(final Path jsonl) throws IOException
        {
            final Report report = new Report();
            for (final String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8))
            {
                if (line.startsWith("{"))
                {
                    report.add(asMap(parseJson(line)));
                }
            }
            return report;
        }

        private static Object code(final Map<String, Object> record)
        {
            final Object reply = record.get("reply");
            return reply instanceof Map ? ((Map<?, ?>)reply).get("code") : null;
        }
    }

    /** One {@code ftp426 analyze --format jsonl} over every file; records split by their file name. */
    private static Map<String, Report> analyze(final List<String> ftp426, final List<Path> files, final Path output)
        throws Exception
    {
        final List<String> cmd = new ArrayList<>(ftp426);
        cmd.addAll(List.of("analyze", "--format", "jsonl", "-o", output.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        final String log = runBounded(cmd, output.resolveSibling("analyze.log"), ANALYZER_LIMIT_SECONDS);
        final Map<String, Report> reports = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(output, StandardCharsets.UTF_8))
        {
            final Map<String, Object> record = asMap(parseJson(line));
            final Object file = "summary".equals(record.get("type")) ? record.get("file") : record.get("pcap_filename");
            reports.computeIfAbsent(String.valueOf(file), k -> new Report()).add(record);
        }
        for (final Path f : files)
        {
            assertThat(reports).as("analyze reported on %s; its log:%n%s", f, log).containsKey(f.toString());
        }
        return reports;
    }

    /** This module's code as the lab runs it: the cli main class on the test class path, small heap. */
    private static List<String> ftp426Command()
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "dev.ftp426.cli.Main");
    }

    private static List<String> quoted(final List<String> words)
    {
        final List<String> out = new ArrayList<>();
        for (final String w : words)
        {
            out.add("'" + w.replace("'", "'\\''") + "'");
        }
        return out;
    }

    /** Runs a command with its output in {@code log}; SIGTERM at the limit (the lab cleans up), then SIGKILL. */
    private static String runBounded(final List<String> cmd, final Path log, final long limitSeconds)
        throws Exception
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean finished = p.waitFor(limitSeconds, TimeUnit.SECONDS);
        if (!finished)
        {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS))
            {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        final String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("%s finished within %d s; output:%n%s", cmd.get(0), limitSeconds, text).isTrue();
        assertThat(p.exitValue()).as("exit status of %s; output:%n%s", String.join(" ", cmd), text).isZero();
        return text;
    }

    /** TCP packets (IPv4 or IPv6, Ethernet or Linux cooked) in a classic pcap file. */
    static long tcpPackets(final Path pcap) throws IOException
    {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pcap));
            DataInputStream data = new DataInputStream(in))
        {
            final byte[] header = data.readNBytes(24);
            if (header.length < 24)
            {
                return 0;
            }
            final int magic = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN).getInt();
            final ByteOrder order = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ?
                ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            final int linkType = ByteBuffer.wrap(header, 20, 4).order(order).getInt();
            final int linkHeader = linkType == 1 ? 14 : linkType == 113 ? 16 : -1;
            assertThat(linkHeader).as("link type %d of %s", linkType, pcap).isPositive();
            final byte[] record = new byte[16];
            long tcp = 0;
            while (true)
            {
                try
                {
                    data.readFully(record);
                }
                catch (final EOFException end)
                {
                    return tcp;
                }
                final int captured = ByteBuffer.wrap(record, 8, 4).order(order).getInt();
                assertThat(captured).as("record length in %s", pcap).isBetween(0, 262144);
                final byte[] frame = data.readNBytes(captured);
                if (frame.length < linkHeader + 40)
                {
                    continue;
                }
                final int etherType = ((frame[linkHeader - 2] & 0xff) << 8) | (frame[linkHeader - 1] & 0xff);
                final boolean v4Tcp = etherType == 0x0800 && frame[linkHeader + 9] == 6;
                final boolean v6Tcp = etherType == 0x86dd && frame[linkHeader + 6] == 6;
                tcp += v4Tcp || v6Tcp ? 1 : 0;
            }
        }
    }

}
