package dev.ftp426.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.ftp426.lab.LabSupport.asMap;
import static dev.ftp426.lab.LabSupport.deleteTree;
import static dev.ftp426.lab.LabSupport.isRoot;
import static dev.ftp426.lab.LabSupport.onPath;
import static dev.ftp426.lab.LabSupport.parseJson;
import static dev.ftp426.lab.LabSupport.readJson;
import static dev.ftp426.lab.LabSupport.repoRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the scenario lab's smoke set (real FTP servers and clients in network namespaces, faults made on purpose,
 * captures at three vantage points) and checks the captures against what each scenario is meant to produce.
 * <p>
 * Reply codes are read back from every server capture with tshark and must match the expectation below, which is
 * written here on purpose and not taken from the lab's own report. Verdicts of the analyzer are compared to the
 * lab's truth.json; a mismatch fails the test (all smoke scenarios agree), unless
 * {@code -Dftp426.lab.verdicts=false} turns verdict checking into a report. Needs root, {@code ip netns}, tcpdump, tshark, nft (lab/install-deps.sh).
 * <p>
 * FTPS scenarios (vsftpd with explicit TLS, the client's TLS key log in the case folder) are read both ways: tshark
 * and the analyzer decrypt with the key log (codes and verdicts exactly as for plain FTP), and without it the capture
 * shows nothing after AUTH TLS and every verdict must name the true party or say undetermined_encrypted.
 */
@Tag("lab")
class ScenarioLabTest
{
    private static final long SMOKE_LIMIT_SECONDS = 240;
    private static final long TSHARK_LIMIT_SECONDS = 60;
    private static final long ANALYZER_LIMIT_SECONDS = 120;
    private static final String VERDICTS_PROPERTY = "ftp426.lab.verdicts";
    private static final String[] VANTAGES = {"client", "router", "server"};

    /** What the smoke set must show at the server vantage: codes that must appear, codes that must not. */
    private static final Map<String, Expectation> SMOKE = new LinkedHashMap<>();

    static
    {
        SMOKE.put("clean_download-vsftpd-ftplib-pasv",
            new Expectation("none", List.of("150", "226"), List.of("421", "425", "426", "450", "451")));
        SMOKE.put("client_reset_download-vsftpd-ftplib-pasv",
            new Expectation("client", List.of("150", "426"), List.of("226")));
        SMOKE.put("client_abor-vsftpd-ftplib-pasv",
            new Expectation("client", List.of("150", "426", "226"), List.of()));
        SMOKE.put("middlebox_reset-vsftpd-ftplib-pasv",
            new Expectation("network", List.of("150", "426"), List.of("226")));
        SMOKE.put("middlebox_reset-proftpd-ftplib-pasv",
            new Expectation("network", List.of("150", "426"), List.of("226")));
        SMOKE.put("network_blackhole-vsftpd-ftplib-pasv",
            new Expectation("network", List.of("150", "426"), List.of("226")));
        SMOKE.put("ftps_clean_download-vsftpd-ftplib-pasv-tls13",
            new Expectation("none", List.of("234", "150", "226"), List.of("421", "425", "426", "450", "451"),
            "TLSv1.3"));
        SMOKE.put("ftps_upload_no_close_notify-vsftpd-ftplib-pasv-tls12",
            new Expectation("client", List.of("234", "150", "426"), List.of("226"), "TLSv1.2"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void smokeScenariosProduceTheirReplyCodesAndVerdicts() throws Exception
    {
        final Path repo = repoRoot();
        assumeTrue(isRoot(), "the scenario lab needs root (network namespaces)");
        assumeTrue(onPath("ip") && onPath("tshark"), "ip and tshark are needed");

        final Path out = Files.createTempDirectory("ftp426-lab-");
        final ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("lab/run.sh").toString(), "--smoke",
            "--out", out.toString()).redirectErrorStream(true).redirectOutput(out.resolve("run.log").toFile());
        final long start = System.nanoTime();
        final Process run = pb.start();
        final boolean finished = run.waitFor(SMOKE_LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished)
        {
            run.destroy(); // SIGTERM: the lab removes its namespaces and processes
            if (!run.waitFor(30, TimeUnit.SECONDS))
            {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
            }
        }
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        final String log = Files.readString(out.resolve("run.log"), StandardCharsets.UTF_8);
        System.out.println(log);
        System.out.println("scenario lab smoke run: " + seconds + " s, output in " + out);
        assertThat(finished).as("smoke run finished within %d s (output in %s)", SMOKE_LIMIT_SECONDS, out).isTrue();
        assertThat(run.exitValue()).as("lab/run.sh exit status; log:%n%s", log).isZero();

        final List<String> failures = new ArrayList<>();
        final List<String> verdictMismatches = new ArrayList<>();
        final Analyzer analyzer = Analyzer.find(repo);
        boolean anyVerdict = false;
        for (final Map.Entry<String, Expectation> e : SMOKE.entrySet())
        {
            final Path caseDir = out.resolve(e.getKey());
            final Path truthFile = caseDir.resolve("truth.json");
            if (!Files.isRegularFile(truthFile))
            {
                failures.add(e.getKey() + ": no truth.json in " + caseDir);
                continue;
            }
            final Map<String, Object> truth = asMap(readJson(truthFile));
            final int controlPort = ((Number)truth.get("control_port")).intValue();
            final Path serverPcap = caseDir.resolve("server.pcap");
            final Expectation expect = e.getValue();
            final Path keyLog = expect.tls == null ? null : caseDir.resolve("keylog.txt");
            if (keyLog != null)
            {
                checkTls(e.getKey(), truth, expect, serverPcap, keyLog, controlPort, failures);
            }
            final List<String> codes = replyCodes(serverPcap, controlPort, keyLog);
            for (final String code : expect.present)
            {
                if (!codes.contains(code))
                {
                    failures.add(e.getKey() + ": reply " + code + " missing, saw " + codes + " in " + serverPcap);
                }
            }
            for (final String code : expect.absent)
            {
                if (codes.contains(code))
                {
                    failures.add(e.getKey() + ": reply " + code + " unexpected, saw " + codes + " in " + serverPcap);
                }
            }
            if (!codes.equals(truth.get("reply_codes")))
            {
                failures.add(e.getKey() + ": truth.json reply_codes " + truth.get("reply_codes") +
                    " differ from the capture's " + codes + " (" + serverPcap + ")");
            }
            if (!expect.party.equals(truth.get("party")))
            {
                failures.add(e.getKey() + ": truth party " + truth.get("party") + ", scenario intends " +
                    expect.party + " (fault without effect?) in " + caseDir);
            }
            if (analyzer != null)
            {
                for (final String vantage : VANTAGES)
                {
                    final Path pcap = caseDir.resolve(vantage + ".pcap");
                    final List<Map<String, Object>> verdicts = analyzer.verdicts(pcap, keyLog);
                    anyVerdict |= !verdicts.isEmpty();
                    final String mismatch = judge(truth, verdicts);
                    if (mismatch != null)
                    {
                        verdictMismatches.add(e.getKey() + " @" + vantage + (keyLog == null ? "" : " with keys") +
                            ": " + mismatch + " (" + pcap + ")");
                    }
                    if (keyLog != null)
                    {
                        final String without = judgeWithoutKeys(truth, analyzer.verdicts(pcap, null));
                        if (without != null)
                        {
                            verdictMismatches.add(e.getKey() + " @" + vantage + " without keys: " + without + " (" +
                                pcap + ")");
                        }
                    }
                }
            }
        }
        System.out.println("analyzer: " + (analyzer == null ? "not available" : analyzer.describe()) +
            (analyzer != null && !anyVerdict ? " (no verdict records produced)" : ""));
        verdictMismatches.forEach(m -> System.out.println("verdict mismatch: " + m));
        assertThat(failures).as("scenario expectations (captures under %s)", out).isEmpty();
        if (Boolean.parseBoolean(System.getProperty(VERDICTS_PROPERTY, "true")))
        {
            assertThat(analyzer).as("analyzer available (-D%s=false skips verdicts; captures under %s)", VERDICTS_PROPERTY, out)
                .isNotNull();
            assertThat(verdictMismatches).as("verdicts vs truth (captures under %s)", out).isEmpty();
        }
        deleteTree(out); // kept on failure only
    }

    /**
     * FTPS facts: the key log exists and decrypts (tshark sees the replies after AUTH TLS only with it), the TLS
     * version negotiated is the one the client was limited to, and truth.json records both.
     */
    private static void checkTls(final String name, final Map<String, Object> truth, final Expectation expect,
        final Path serverPcap, final Path keyLog, final int controlPort, final List<String> failures) throws Exception
    {
        final Object tls = truth.get("tls");
        if (!(tls instanceof Map))
        {
            failures.add(name + ": truth.json has no tls facts");
            return;
        }
        final Map<?, ?> facts = (Map<?, ?>)tls;
        if (!Files.isRegularFile(keyLog) || !Boolean.TRUE.equals(facts.get("keylog_present")) ||
            !"keylog.txt".equals(truth.get("keylog")))
        {
            failures.add(name + ": no key log (" + keyLog + ", truth keylog_present " + facts.get("keylog_present") +
                ")");
        }
        if (!expect.tls.equals(facts.get("version")) || !expect.tls.equals(truth.get("tls_version")))
        {
            failures.add(name + ": TLS version " + facts.get("version") + ", expected " + expect.tls);
        }
        final List<String> plain = replyCodes(serverPcap, controlPort, null);
        if (!plain.equals(truth.get("reply_codes_without_keys")) || plain.contains("150") || plain.contains("226") ||
            plain.contains("426"))
        {
            failures.add(name + ": without the key log tshark reads " + plain + " (truth " +
                truth.get("reply_codes_without_keys") + "): the session should be unreadable after AUTH TLS");
        }
    }

    /**
     * Contract shared with lab/check.py: truth party "none" (or a failure invisible in the capture) means no verdict
     * may blame anyone; a failure with a 426 needs verdicts, and those about the 426 must name the true party and
     * cause (or a cause truth.json lists in {@code wire_equivalent_causes}); a failure without a 426 needs none, but
     * one that blames must be right.
     *
     * @return null when the verdicts agree with the truth, else what disagrees.
     */
    static String judge(final Map<String, Object> truth, final List<Map<String, Object>> verdicts)
    {
        final String party = (String)truth.get("party");
        final String cause = (String)truth.get("cause");
        final List<String> got = new ArrayList<>();
        for (final Map<String, Object> v : verdicts)
        {
            got.add(v.get("party") + "/" + v.get("cause"));
        }
        if ("none".equals(party) || Boolean.FALSE.equals(truth.get("visible_in_capture")))
        {
            for (final Map<String, Object> v : verdicts)
            {
                final Object p = v.get("party");
                if ("client".equals(p) || "server".equals(p) || "network".equals(p))
                {
                    return "expected no blame, got " + got;
                }
            }
            return null;
        }
        if (!Boolean.TRUE.equals(truth.get("has_426")))
        {
            // A failure without a 426 (421, 450, no reply): a verdict is not required, one that blames must be right.
            for (final Map<String, Object> v : verdicts)
            {
                final Object p = v.get("party");
                final boolean blames = "client".equals(p) || "server".equals(p) || "network".equals(p);
                if (blames && (!party.equals(p) || !cause.equals(v.get("cause"))))
                {
                    return "expected " + party + "/" + cause + " or no verdict, got " + got;
                }
            }
            return null;
        }
        final List<Map<String, Object>> relevant = new ArrayList<>();
        for (final Map<String, Object> v : verdicts)
        {
            final Object reply = v.get("reply");
            final Object code = reply instanceof Map ? ((Map<?, ?>)reply).get("code") : null;
            if (code == null || "426".equals(String.valueOf(code)))
            {
                relevant.add(v);
            }
        }
        if (relevant.isEmpty())
        {
            return "expected " + party + "/" + cause + ", got no verdict about the 426 " + got;
        }
        // causes the capture cannot tell from the true one (truth.json "wire_equivalent_causes", same party) pass
        final Object equivalent = truth.get("wire_equivalent_causes");
        for (final Map<String, Object> v : relevant)
        {
            final boolean alternative = equivalent instanceof List && ((List<?>)equivalent).contains(v.get("cause"));
            if (!party.equals(v.get("party")) || !cause.equals(v.get("cause")) && !alternative)
            {
                return "expected " + party + "/" + cause + ", got " + got;
            }
        }
        return null;
    }

    /**
     * Contract shared with lab/check.py for an FTPS capture read without its key log: the replies after AUTH TLS are
     * unreadable, so a verdict may say undetermined_encrypted, or must name the true party; truth party "none" (or a
     * failure invisible in the capture) means no verdict may blame anyone.
     *
     * @return null when the verdicts keep to it, else what does not.
     */
    static String judgeWithoutKeys(final Map<String, Object> truth, final List<Map<String, Object>> verdicts)
    {
        final String party = (String)truth.get("party");
        final boolean noFault = "none".equals(party) || Boolean.FALSE.equals(truth.get("visible_in_capture"));
        final List<String> got = new ArrayList<>();
        boolean wrong = false;
        for (final Map<String, Object> v : verdicts)
        {
            final Object p = v.get("party");
            got.add(p + "/" + v.get("cause"));
            final boolean blames = "client".equals(p) || "server".equals(p) || "network".equals(p);
            final boolean encrypted = "undetermined".equals(p) && "undetermined_encrypted".equals(v.get("cause"));
            wrong |= noFault ? blames : !encrypted && !party.equals(p);
        }
        return wrong ? "expected " + (noFault ? "no blame" : party + "/* or undetermined_encrypted") + ", got " + got :
            null;
    }

    private static List<String> replyCodes(final Path pcap, final int controlPort, final Path keyLog) throws Exception
    {
        final List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-d",
            "tcp.port==" + controlPort + ",ftp", "-Y", "ftp.response", "-T", "fields", "-E", "occurrence=a",
            "-E", "aggregator=,", "-e", "ftp.response.code"));
        if (keyLog != null)
        {
            cmd.addAll(List.of("-o", "tls.keylog_file:" + keyLog));
        }
        final List<String> lines = exec(TSHARK_LIMIT_SECONDS, cmd.toArray(new String[0]));
        final List<String> codes = new ArrayList<>();
        for (final String line : lines)
        {
            for (final String code : line.split(","))
            {
                if (!code.isBlank())
                {
                    codes.add(code.trim());
                }
            }
        }
        return codes;
    }

    /** Runs a command with a bounded wait; returns its stdout lines. */
    static List<String> exec(final long limitSeconds, final String... cmd) throws Exception
    {
        final File err = File.createTempFile("ftp426-lab-", ".err");
        try
        {
            final Process p = new ProcessBuilder(cmd).redirectError(err).start();
            final List<String> lines = new ArrayList<>();
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = r.readLine()) != null)
                    {
                        synchronized (lines)
                        {
                            lines.add(line);
                        }
                    }
                }
                catch (final IOException ignored)
                {
                    // the process was ended: keep what was read
                }
            });
            reader.start();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (lines)
            {
                return new ArrayList<>(lines);
            }
        }
        finally
        {
            Files.deleteIfExists(err.toPath());
        }
    }

    /** The ftp426 analyzer: the shaded jar if built, else the cli main class on this test's class path. */
    static final class Analyzer
    {
        private final List<String> command;

        private Analyzer(final List<String> command)
        {
            this.command = command;
        }

        static Analyzer find(final Path repo) throws Exception
        {
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final Path jar = repo.resolve("cli/target/ftp426.jar");
            final List<List<String>> candidates = new ArrayList<>();
            if (Files.isRegularFile(jar))
            {
                candidates.add(List.of(java, "-jar", jar.toString()));
            }
            candidates.add(List.of(java, "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.ftp426.cli.Main"));
            final Path probe = Files.createTempFile("ftp426-lab-probe-", ".pcap");
            try
            {
                // An empty pcap (header only): an analyzer that has an "analyze" command accepts it.
                Files.write(probe, new byte[] {(byte)0xd4, (byte)0xc3, (byte)0xb2, (byte)0xa1, 2, 0, 4, 0,
                    0, 0, 0, 0, 0, 0, 0, 0, (byte)0xff, (byte)0xff, 0, 0, 1, 0, 0, 0});
                for (final List<String> candidate : candidates)
                {
                    final List<String> cmd = new ArrayList<>(candidate);
                    cmd.addAll(List.of("analyze", "--format", "jsonl", probe.toString()));
                    final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(ANALYZER_LIMIT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0)
                    {
                        return new Analyzer(candidate);
                    }
                    p.destroyForcibly();
                }
            }
            finally
            {
                Files.deleteIfExists(probe);
            }
            return null;
        }

        String describe()
        {
            return String.join(" ", command.subList(0, Math.min(3, command.size()))) + " ...";
        }

        /** Verdict records of one capture; FTPS decrypted with the key log when one is given. */
        List<Map<String, Object>> verdicts(final Path pcap, final Path keyLog) throws Exception
        {
            final List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of("analyze", "--format", "jsonl"));
            if (keyLog != null)
            {
                cmd.addAll(List.of("--tls-keylog", keyLog.toString()));
            }
            cmd.add(pcap.toString());
            final List<Map<String, Object>> verdicts = new ArrayList<>();
            for (final String line : exec(ANALYZER_LIMIT_SECONDS, cmd.toArray(new String[0])))
            {
                if (!line.startsWith("{"))
                {
                    continue;
                }
                final Object record;
                try
                {
                    record = parseJson(line);
                }
                catch (final IOException ex)
                {
                    continue;
                }
                if (record instanceof Map && "verdict".equals(((Map<?, ?>)record).get("type")))
                {
                    verdicts.add(asMap(record));
                }
            }
            return verdicts;
        }
    }

    /** What a smoke scenario must show; {@code tls}: the TLS version of an FTPS scenario, null for plain FTP. */
    private record Expectation(String party, List<String> present, List<String> absent, String tls)
    {
        Expectation(final String party, final List<String> present, final List<String> absent)
        {
            this(party, present, absent, null);
        }
    }

}
