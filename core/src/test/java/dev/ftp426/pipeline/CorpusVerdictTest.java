package dev.ftp426.pipeline;

import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every labelled case of the dev corpus, at every vantage point, through the whole offline pipeline: the verdict on
 * the 426 must carry the party and cause of the case's truth.json, and a case without a visible failure must get no
 * fault verdict. FTPS cases are read without their key log: the 426 is invisible there, so the verdicts come from TCP
 * evidence alone and must name the true party or say undetermined, never a wrong party.
 */
class CorpusVerdictTest
{
    private static final Path DEV = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus")).resolve("dev");
    private static final Pattern PARTY = Pattern.compile("\"party\":\\s*\"([a-z]+)\",\\s*\"cause\":\\s*\"([a-z_]+)\"");
    private static final Pattern VERDICT_426 = Pattern.compile(
        "\"verdict_426\":\\s*\\{\\s*\"party\":\\s*\"([a-z]+)\",\\s*\"cause\":\\s*\"([a-z_]+)\"");

    @TestFactory
    Stream<DynamicTest> everyCaseAtEveryVantage() throws IOException
    {
        assumeTrue(Files.isDirectory(DEV), "dev corpus not present");
        final List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> cases = Files.list(DEV))
        {
            for (final Path dir : (Iterable<Path>)cases.filter(Files::isDirectory).sorted()::iterator)
            {
                final String truth = Files.readString(dir.resolve("truth.json"));
                final Matcher m = VERDICT_426.matcher(truth);
                final String expected = m.find() ? m.group(1) + "/" + m.group(2) : null;
                final Matcher p = PARTY.matcher(truth);
                final boolean visible = !truth.contains("\"visible_in_capture\": false");
                // A failure without a 426 (vsftpd's 421 for a stalled client) is judged as an incident of its own.
                final String incident = expected == null && p.find() && !"none".equals(p.group(1)) && visible ?
                    p.group(1) + "/" + p.group(2) : null;
                for (final String vantage : List.of("client", "router", "server"))
                {
                    final Path pcap = dir.resolve(vantage + ".pcap");
                    final boolean encrypted = dir.getFileName().toString().startsWith("ftps_");
                    tests.add(DynamicTest.dynamicTest(dir.getFileName() + " @ " + vantage,
                        () -> check(pcap, expected, incident, encrypted)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(final Path pcap, final String expected, final String incident,
        final boolean encrypted) throws IOException
    {
        final List<String> got = new ArrayList<>();
        final List<String> all = new ArrayList<>();
        final OfflineAnalysis analysis = new OfflineAnalysis(new AnalysisOptions());
        analysis.analyze(pcap, new AnalysisListener()
        {
            @Override
            public void onTransfer(final TransferReport report)
            {
                final boolean visible426 = report.hasVerdict() && report.verdict().reply() != null &&
                    report.verdict().reply().code() == 426;
                if (report.hasVerdict())
                {
                    all.add(report.verdict().party().code() + "/" + report.verdict().cause().code());
                }
                if (visible426 || encrypted && report.hasVerdict())
                {
                    got.add(report.verdict().party().code() + "/" + report.verdict().cause().code());
                }
            }

            @Override
            public void onSummary(final FileSummary summary)
            {
            }
        });
        if (expected == null)
        {
            assertThat(got).as("426 verdicts in %s", pcap).isEmpty();
            if (incident == null)
            {
                assertThat(all).as("verdicts in the negative control %s", pcap).isEmpty();
            }
            else
            {
                assertThat(all).as("incident verdicts in %s", pcap).isNotEmpty().allMatch(incident::equals);
            }
        }
        else if (encrypted)
        {
            final String party = expected.substring(0, expected.indexOf('/'));
            assertThat(got).as("verdicts from TCP evidence in %s", pcap).isNotEmpty()
                .allMatch(v -> v.startsWith(party + "/") || v.startsWith("undetermined/"));
        }
        else
        {
            assertThat(got).as("426 verdicts in %s", pcap).isNotEmpty().allMatch(expected::equals);
        }
    }
}
