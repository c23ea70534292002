package dev.ftp426.pipeline;

import dev.ftp426.attribution.FtpRole;
import dev.ftp426.attribution.TlsClose;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.flow.CommunityId;
import dev.ftp426.ftp.FtpEventListener;
import dev.ftp426.ftp.FtpReply;
import dev.ftp426.ftp.FtpSession;
import dev.ftp426.ftp.FtpTracker;
import dev.ftp426.ftp.FtpTrackerConfig;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import dev.ftp426.tcp.TcpConfig;
import dev.ftp426.tcp.TcpTracker;
import dev.ftp426.tls.KeyLog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The FTPS cases of the dev corpus read with their TLS key log, at every vantage point: the control channel is
 * decrypted and parsed like plain FTP, so the 426 is visible at its true frame and the verdict carries the party
 * and cause of truth.json (the clean case gets none); the decrypted replies are the ones tshark decrypts with the same
 * key log, frame for frame; the data connection's TLS close is decided by what was decrypted. A key log lacking the
 * control connection's keys leaves the session encrypted, with a note, judged from TCP evidence as without keys.
 * (Without any key log the same cases are checked by {@link CorpusVerdictTest}.)
 */
class FtpsKeyLogVerdictTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus")).resolve("dev");
    private static final Path TSHARK = Paths.get("/usr/bin/tshark");
    private static final Pattern VERDICT_426 = Pattern.compile(
        "\"verdict_426\":\\s*\\{\\s*\"party\":\\s*\"([a-z]+)\",\\s*\"cause\":\\s*\"([a-z_]+)\"");
    private static final Pattern SHUTDOWN = Pattern.compile("\"data_tls_shutdown\":\\s*\"([^\"]*)\"");
    private static final Pattern COMMAND = Pattern.compile("\"command\":\\s*\"([A-Z]+)\"");
    private static final List<String> VANTAGES = List.of("client", "router", "server");

    @TestFactory
    Stream<DynamicTest> everyFtpsCaseAtEveryVantage() throws IOException
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Path dir : ftpsCases())
        {
            for (final String vantage : VANTAGES)
            {
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " @ " + vantage, () -> withKeys(dir, vantage)));
                tests.add(DynamicTest.dynamicTest(dir.getFileName() + " @ " + vantage + " vs tshark",
                    () -> repliesAsTsharkDecryptsThem(dir, vantage)));
            }
            tests.add(DynamicTest.dynamicTest(dir.getFileName() + " without the control connection's keys",
                () -> withoutControlKeys(dir)));
        }
        return tests.stream();
    }

    private static List<Path> ftpsCases() throws IOException
    {
        assumeTrue(Files.isDirectory(DEV), "dev corpus not present");
        try (Stream<Path> cases = Files.list(DEV))
        {
            final List<Path> dirs = cases.filter(d -> d.getFileName().toString().startsWith("ftps_") &&
                Files.exists(d.resolve("keylog.txt"))).sorted().collect(Collectors.toList());
            assumeTrue(!dirs.isEmpty(), "no FTPS cases in the dev corpus");
            return dirs;
        }
    }

    private static void withKeys(final Path dir, final String vantage) throws Exception
    {
        final String truth = Files.readString(dir.resolve("truth.json"));
        final Matcher m = VERDICT_426.matcher(truth);
        final String expected = m.find() ? m.group(1) + "/" + m.group(2) : null;
        final List<Long> frames426 = frames426(truth, vantage);
        final List<TransferReport> reports = analyze(dir.resolve(vantage + ".pcap"),
            KeyLog.read(dir.resolve("keylog.txt")));

        final List<TransferReport> transfers = reports.stream().filter(r -> r.transfer().command() != null)
            .collect(Collectors.toList());
        assertThat(transfers).as("transfers whose command was decrypted").isNotEmpty();
        final Matcher command = COMMAND.matcher(truth);
        assertThat(command.find()).isTrue();
        assertThat(transfers).extracting(r -> r.transfer().command()).containsOnly(command.group(1));
        for (final TransferReport r : reports)
        {
            assertThat(r.transfer().heuristicAssociation()).as("data connection tied by its port").isFalse();
            assertThat(r.facts().encrypted()).isTrue();
            assertThat(r.facts().repliesVisible()).isTrue();
            assertThat(r.transfer().notes()).noneMatch(n -> n.contains("not visible") || n.contains("not decrypted"));
        }

        final List<String> verdicts = reports.stream().filter(TransferReport::hasVerdict)
            .map(r -> r.verdict().party().code() + "/" + r.verdict().cause().code()).collect(Collectors.toList());
        if (expected == null)
        {
            assertThat(verdicts).as("verdicts in the clean case").isEmpty();
            assertThat(transfers).allMatch(r -> r.transfer().completion() != null &&
                r.transfer().completion().code() == 226);
        }
        else
        {
            assertThat(verdicts).as("verdicts").isNotEmpty().allMatch(expected::equals);
            final List<Long> replyFrames = reports.stream().filter(TransferReport::hasVerdict)
                .map(r -> r.verdict().reply())
                .peek(reply -> assertThat(reply).as("the verdict's 426 reply").isNotNull())
                .peek(reply -> assertThat(reply.code()).isEqualTo(426))
                .map(reply -> reply.frame()).collect(Collectors.toList());
            assertThat(replyFrames).as("frames of the 426").containsExactlyElementsOf(frames426);
        }

        // the data connection's TLS close comes from what was decrypted, TLS 1.3 included
        final Matcher shutdown = SHUTDOWN.matcher(truth);
        final TlsClose clientClose = shutdown.find() ? shutdown.group(1).startsWith("close_notify") ?
            TlsClose.CLOSE_NOTIFY : shutdown.group(1).startsWith("none") ? TlsClose.NO_CLOSE_NOTIFY : null : null;
        if (clientClose != null)
        {
            assertThat(transfers).allSatisfy(r ->
                assertThat(r.data().endpoint(FtpRole.CLIENT).tlsClose()).as("client TLS close").isEqualTo(clientClose));
        }
    }

    private static void repliesAsTsharkDecryptsThem(final Path dir, final String vantage) throws Exception
    {
        assumeTrue(Files.isExecutable(TSHARK), "tshark not installed");
        final Path pcap = dir.resolve(vantage + ".pcap");
        final Path keyLog = dir.resolve("keylog.txt");
        final Process p = new ProcessBuilder(TSHARK.toString(), "-r", pcap.toString(), "-o",
            "tls.keylog_file:" + keyLog, "-Y", "ftp.response.code", "-T", "fields", "-e", "frame.number",
            "-e", "ftp.response.code")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final List<String> tshark = new ArrayList<>();
        for (final String line : out.split("\n"))
        {
            final String[] fields = line.trim().split("\t");
            if (fields.length == 2)
            {
                for (final String code : fields[1].split(","))
                {
                    tshark.add(fields[0] + " " + code);
                }
            }
        }
        assertThat(tshark).as("tshark's decrypted replies").hasSizeGreaterThan(2);

        assertThat(controlReplies(pcap, KeyLog.read(keyLog))).as("decrypted replies, frame and code")
            .containsExactlyElementsOf(tshark);
    }

    private static void withoutControlKeys(final Path dir) throws Exception
    {
        final String text = Files.readString(dir.resolve("keylog.txt"), StandardCharsets.US_ASCII);
        final String controlRandom = firstClientRandom(text);
        final String stripped = text.lines().filter(l -> !l.contains(controlRandom))
            .collect(Collectors.joining("\n", "", "\n"));
        assertThat(stripped).isNotEqualTo(text);
        final KeyLog keyLog = KeyLog.parse("keylog-without-control", stripped);
        final String truth = Files.readString(dir.resolve("truth.json"));
        final Matcher m = VERDICT_426.matcher(truth);
        final String party = m.find() ? m.group(1) : null;

        final List<TransferReport> reports = analyze(dir.resolve("server.pcap"), keyLog);
        assertThat(reports).isNotEmpty();
        for (final TransferReport r : reports)
        {
            assertThat(r.transfer().command()).as("command of an undecrypted session").isNull();
            assertThat(r.transfer().encrypted()).isTrue();
            assertThat(r.transfer().decrypted()).isFalse();
            assertThat(r.facts().repliesVisible()).isFalse();
            assertThat(r.transfer().notes()).anyMatch(n -> n.contains("not decrypted") && n.contains("not_in_key_log"));
            if (r.hasVerdict())
            {
                assertThat(r.verdict().reply()).isNull();
                assertThat(r.verdict().party().code()).isIn(party, "undetermined");
            }
        }
    }

    /** The client random of the first TLS connection in the key log: the control connection's (made first). */
    private static String firstClientRandom(final String keyLog)
    {
        for (final String line : keyLog.lines().collect(Collectors.toList()))
        {
            final String[] fields = line.trim().split(" ");
            if (fields.length == 3 && !line.startsWith("#"))
            {
                return fields[1];
            }
        }
        throw new AssertionError("no entry in the key log");
    }

    private static List<Long> frames426(final String truth, final String vantage)
    {
        final Matcher m = Pattern.compile("\"frames_426\":\\s*\\{[^}]*\"" + vantage + "\":\\s*\\[([^\\]]*)\\]")
            .matcher(truth);
        assertThat(m.find()).isTrue();
        final List<Long> frames = new ArrayList<>();
        for (final String f : m.group(1).split(","))
        {
            if (!f.isBlank())
            {
                frames.add(Long.parseLong(f.trim()));
            }
        }
        return frames;
    }

    private static List<TransferReport> analyze(final Path pcap, final KeyLog keyLog) throws IOException
    {
        final List<TransferReport> reports = new ArrayList<>();
        new OfflineAnalysis(new AnalysisOptions().tlsKeyLog(keyLog)).analyze(pcap, new AnalysisListener()
        {
            @Override
            public void onTransfer(final TransferReport report)
            {
                reports.add(report);
            }

            @Override
            public void onSummary(final FileSummary summary)
            {
            }
        });
        return reports;
    }

    /** Every control reply the tracker parses, as "frame code", with the TCP stage and router wired as in a run. */
    private static List<String> controlReplies(final Path pcap, final KeyLog keyLog) throws IOException
    {
        final List<String> replies = new ArrayList<>();
        final FtpTracker ftp = new FtpTracker(new FtpTrackerConfig(), new FtpEventListener()
        {
            @Override
            public void onReply(final FtpSession session, final FtpReply reply)
            {
                replies.add(reply.frame() + " " + reply.code());
            }

            @Override
            public void onTransfer(final FtpTransfer transfer)
            {
            }
        });
        final ConnectionRouter router = new ConnectionRouter(ftp, new DataFlows(64, 64), new CommunityId(0), 64);
        router.tlsKeyLog(keyLog);
        final TcpTracker tcp = new TcpTracker(new TcpConfig(), router, router);
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = new DecodedPacket();
        try (CaptureReader reader = CaptureReaders.open(pcap))
        {
            while (reader.readNext(frame ->
            {
                if (decoder.decode(frame, packet))
                {
                    tcp.onPacket(packet);
                }
            }))
            {
                // every frame
            }
        }
        tcp.closeAll();
        ftp.flush(Long.MAX_VALUE);
        return replies;
    }
}
