package dev.ftp426.pipeline.facts;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.ftp426.attribution.Attributor;
import dev.ftp426.attribution.CaptureContext;
import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.DataMode;
import dev.ftp426.attribution.Vantage;
import dev.ftp426.attribution.VantageInference;
import dev.ftp426.attribution.Verdict;
import dev.ftp426.pcap.LinkType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every dev corpus transfer at every vantage, through the real reader, decoder, TCP tracker and
 * {@link DataFlowRecorder}: the data connection facts come from the recorder, the transfer facts and capture context
 * from the tshark-derived fixture, and the verdict must carry the labelled party and cause (none for clean or
 * invisible failures); the vantage inferred from the recorded facts and the derived capture context must be the
 * capture's. The data connection is found from the 227/229 replies and PORT/EPRT commands of truth.json.
 * Skipped when the corpus is absent.
 */
class CorpusRecorderTest
{
    private static final Pattern REPLY = Pattern.compile(
        "\\[\\s*(\\d+),\\s*\"(\\d{3})\",\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*]");
    private static final Pattern COMMAND = Pattern.compile(
        "\\[\\s*(\\d+),\\s*\"([A-Z]+)\",\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*]");
    private static final Pattern PASV = Pattern.compile("(\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)");
    private static final Pattern EPSV = Pattern.compile("\\((.)\\1\\1(\\d+)\\1\\)");

    private static final Map<String, CaptureRun> RUNS = new HashMap<>();
    private static final Map<String, String> TABLE = new TreeMap<>();
    private static final Map<String, List<String>> DIFFS = new TreeMap<>();

    private final Attributor attributor = new Attributor();

    static Stream<CorpusFixtures.Fixture> cases()
    {
        return CorpusFixtures.all().stream();
    }

    private static Path corpus()
    {
        final String root = System.getProperty("ftp426.corpus");
        assumeTrue(null != root, "ftp426.corpus not set");
        final Path dev = Path.of(root, "dev");
        assumeTrue(Files.isDirectory(dev), "corpus absent");
        return dev;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void recorderFactsGiveTheLabelledVerdict(final CorpusFixtures.Fixture f) throws IOException
    {
        final Path dir = corpus().resolve(f.name());
        final String truth = Files.readString(dir.resolve("truth.json"));
        final Path pcap = dir.resolve(f.vantage() + ".pcap");
        assumeTrue(Files.isReadable(pcap), "capture absent");

        DataFlowFacts mine = null;
        if (null != f.data())
        {
            final boolean active = f.transferFacts().mode() == DataMode.ACTIVE;
            final int want = active ? f.data().clientEndpoint().port() : f.data().serverEndpoint().port();
            assertThat(setupPorts(truth)).as("data port announced on the control connection").contains(want);
            final CaptureRun run = RUNS.computeIfAbsent(pcap.toString(), k -> runAll(f.name(), f.vantage(), pcap));
            final DataFlowRecorder recorder = run.byPort.get(want);
            assertThat(recorder).as("data connection on port %d", want).isNotNull();
            final String clientAddress = field(truth, "client_addr");
            final int clientDirection = recorder.address(0).equals(clientAddress) ? 0 : 1;
            final DataFlowFacts recorded = recorder.snapshot(clientDirection, f.transferFacts().dataSender());
            mine = recorded;
            final List<String> differences = diff("", f.data(), recorded);
            DIFFS.put(f.toString(), differences);
            assertThat(differences.stream().filter(d -> !intended(d, f.data(), recorded)).toList())
                .as("facts that differ from the tshark derivation other than as intended").isEmpty();

            final CaptureContext context = CaptureContextBuilder.of(run.linkType, recorder, run.stats);
            final Vantage vantage = VantageInference.infer(context, recorded).vantage();
            assertThat(vantage).as("vantage from the recorded facts").isEqualTo(switch (f.vantage())
            {
                case "client" -> Vantage.CLIENT;
                case "server" -> Vantage.SERVER;
                default -> Vantage.MIDDLE;
            });
            if (f.capture().forwardedDuplicates())
            {
                // the fixture writes 113 for every router capture; the files are Linux cooked v2 (276)
                assertThat(context.linkType()).isIn(LinkType.LINUX_SLL, LinkType.LINUX_SLL2);
            }
            else
            {
                assertThat(context.linkType()).isEqualTo(f.capture().linkType());
            }
            assertThat(context.forwardedDuplicates()).as("forwarding capture").isEqualTo(
                f.capture().forwardedDuplicates());
        }

        final Optional<Verdict> verdict = attributor.judge(f.transferFacts(), mine, f.capture());
        final String expected = null == f.expectedCause() ? "-" : f.expectedParty() + "/" + f.expectedCause();
        final String got = verdict.map(v -> v.party() + "/" + v.cause()).orElse("-");
        final boolean undeterminedWithoutKeys = f.transferFacts().encrypted() &&
            !f.transferFacts().repliesVisible() && got.endsWith("/UNDETERMINED_ENCRYPTED");
        TABLE.put(f.toString(), (expected.equals(got) ? "ok   " : undeterminedWithoutKeys ? "ok~  " : "MISS ") +
            "expected " + expected + ", got " + got);
        if (null == f.expectedCause())
        {
            assertThat(verdict).as("no verdict expected for %s", f).isEmpty();
            return;
        }
        assertThat(verdict).as("a verdict for %s", f).isPresent();
        if (undeterminedWithoutKeys)
        {
            return; // FTPS read without keys: undetermined is allowed, a wrong party never (as in CorpusVerdictTest)
        }
        assertThat(verdict.get().cause()).as("%s: %s", f, verdict.get().summary()).isEqualTo(f.expectedCause());
        assertThat(verdict.get().party()).isEqualTo(f.expectedParty());
    }

    @AfterAll
    static void printTable() throws IOException
    {
        if (TABLE.isEmpty())
        {
            return;
        }
        final StringBuilder sb = new StringBuilder("case/vantage#transfer: verdict agreement\n");
        TABLE.forEach((k, v) -> sb.append(String.format("%-62s %s%n", k, v)));
        sb.append("\nfields that differ from the tshark fixture (fixture -> recorder)\n");
        DIFFS.forEach((k, v) ->
        {
            sb.append(k).append('\n');
            v.forEach(d -> sb.append("    ").append(d).append('\n'));
        });
        final Path out = Path.of("target", "corpus-recorder-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
    }

    private static CaptureRun runAll(final String name, final String vantage, final Path pcap)
    {
        final Set<Integer> ports = new TreeSet<>();
        for (final CorpusFixtures.Fixture f : CorpusFixtures.all())
        {
            if (f.name().equals(name) && f.vantage().equals(vantage) && null != f.data())
            {
                ports.add(f.transferFacts().mode() == DataMode.ACTIVE ? f.data().clientEndpoint().port() :
                    f.data().serverEndpoint().port());
            }
        }
        try
        {
            return CaptureRun.run(pcap, ports);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Ports announced by 227/229 replies and PORT/EPRT commands, as recorded in truth.json. */
    static List<Integer> setupPorts(final String truth)
    {
        final List<Integer> ports = new ArrayList<>();
        final Matcher r = REPLY.matcher(block(truth, "replies_server_vantage"));
        while (r.find())
        {
            if ("227".equals(r.group(2)))
            {
                final Matcher m = PASV.matcher(r.group(3));
                if (m.find())
                {
                    ports.add(Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6)));
                }
            }
            else if ("229".equals(r.group(2)))
            {
                final Matcher m = EPSV.matcher(r.group(3));
                if (m.find())
                {
                    ports.add(Integer.parseInt(m.group(2)));
                }
            }
        }
        final Matcher c = COMMAND.matcher(block(truth, "commands_server_vantage"));
        while (c.find())
        {
            if ("PORT".equals(c.group(2)))
            {
                final String[] n = c.group(3).split(",");
                ports.add(Integer.parseInt(n[4].trim()) * 256 + Integer.parseInt(n[5].trim()));
            }
            else if ("EPRT".equals(c.group(2)))
            {
                final String arg = c.group(3);
                final String[] parts = arg.substring(1).split(Pattern.quote(arg.substring(0, 1)));
                ports.add(Integer.parseInt(parts[2]));
            }
        }
        return ports;
    }

    private static String block(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[(.*?)\\n \\]", Pattern.DOTALL).matcher(json);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1);
    }

    private static String field(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1);
    }

    /**
     * The differences the recorder makes on purpose: the MSS (the script never reads it), sequence numbers (absolute,
     * the script's are relative), retransmissions (spurious ones are not counted) and duplicate ACKs (Wireshark's
     * definition: zero-window probes and keep-alives are none) never above the script's, the RST window position
     * and challenge ACK (the tracker's RFC 5961 view), only the last zero-window spans kept, and the first packet a
     * forwarding capture shows once (not derived by the script).
     */
    private static boolean intended(final String difference, final DataFlowFacts fixture, final DataFlowFacts mine)
    {
        final String path = difference.substring(0, difference.indexOf(':'));
        final boolean client = path.startsWith("client.");
        final dev.ftp426.attribution.EndpointFacts e = client ? fixture.client() : fixture.server();
        final dev.ftp426.attribution.EndpointFacts m = client ? mine.client() : mine.server();
        return switch (path.substring(path.indexOf('.') + 1))
        {
            case "mss" -> m.mss() > 0;
            case "firstUnforwardedNanos" -> e.firstUnforwardedNanos() == -1; // the script does not derive it
            case "retransmissions" -> m.retransmissions() <= e.retransmissions();
            case "dupAcks" -> m.dupAcks() <= e.dupAcks();
            case "rst" -> e.rst().frame() == m.rst().frame() && e.rst().tsNanos() == m.rst().tsNanos() &&
                e.rst().ttl() == m.rst().ttl() && e.rst().copies() == m.rst().copies();
            // the recorder judges back-off on the run's trailing gaps, the script on all of them: every run the
            // script calls a back-off the recorder does too, and a few more
            case "lastRun" -> null != e.lastRun() && null != m.lastRun() && (m.lastRun().backoff() ||
                !e.lastRun().backoff()) &&
                e.lastRun().equals(new dev.ftp426.attribution.RetransmissionRun(m.lastRun().firstFrame(),
                m.lastRun().firstNanos(), m.lastRun().lastFrame(), m.lastRun().lastNanos(), m.lastRun().count(),
                e.lastRun().seq(), m.lastRun().segmentLength(), e.lastRun().backoff(), m.lastRun().ackedBeforeEnd(),
                m.lastRun().ackedNanos()));
            case "zeroWindows" -> e.zeroWindows().size() > m.zeroWindows().size() &&
                e.zeroWindows().subList(e.zeroWindows().size() - m.zeroWindows().size(), e.zeroWindows().size())
                    .equals(m.zeroWindows());
            default -> false;
        };
    }

    /** Record components (recursively for nested endpoint facts) whose values differ. */
    static List<String> diff(final String prefix, final Object expected, final Object actual)
    {
        final List<String> out = new ArrayList<>();
        if (Objects.equals(expected, actual))
        {
            return out;
        }
        if (null == expected || null == actual || !expected.getClass().isRecord() ||
            !(expected instanceof DataFlowFacts || expected instanceof dev.ftp426.attribution.EndpointFacts))
        {
            out.add(prefix + ": " + expected + " -> " + actual);
            return out;
        }
        for (final RecordComponent rc : expected.getClass().getRecordComponents())
        {
            try
            {
                out.addAll(diff(prefix.isEmpty() ? rc.getName() : prefix + "." + rc.getName(),
                    rc.getAccessor().invoke(expected), rc.getAccessor().invoke(actual)));
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        return out.stream().collect(Collectors.toList());
    }
}
