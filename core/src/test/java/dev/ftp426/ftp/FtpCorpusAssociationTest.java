package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The labelled dev corpus, replayed segment by segment: every transfer the case is about is found with its command,
 * its setup mode and its data connection, and a 426 lands in the transfer it ended. FTPS cases are reported as
 * encrypted with their data connections tied by address and timing only.
 */
class FtpCorpusAssociationTest
{
    private static String field(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|true|false)").matcher(json);
        if (!m.find())
        {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    @TestFactory
    Stream<DynamicTest> devCases() throws IOException
    {
        assumeTrue(TsharkReplay.available(), "tshark not installed");
        final Path corpus = FtpTsharkComparisonTest.corpus();
        assumeTrue(corpus != null && Files.isDirectory(corpus.resolve("dev")), "corpus not present");
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> cases = Files.list(corpus.resolve("dev")))
        {
            cases.filter(Files::isDirectory).sorted().forEach(c ->
            {
                for (final String name : new String[]{"server.pcap", "client.pcap"})
                {
                    if (Files.exists(c.resolve(name)) && Files.exists(c.resolve("truth.json")))
                    {
                        files.add(c.resolve(name));
                    }
                }
            });
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(corpus.relativize(f).toString(), () -> check(f)));
    }

    private static void check(final Path file) throws Exception
    {
        final String truth = Files.readString(file.getParent().resolve("truth.json"), StandardCharsets.UTF_8);
        final String command = field(truth, "command");
        final String mode = field(truth, "mode");
        final boolean has426 = "true".equals(field(truth, "has_426"));
        final boolean ftps = file.getParent().getFileName().toString().startsWith("ftps_");

        final TsharkReplay replay = TsharkReplay.of(file);
        final List<FtpTransfer> transfers = replay.listener.transfers;
        assertThat(replay.listener.started).as("control sessions").isNotEmpty();

        if (ftps)
        {
            assertThat(replay.listener.encrypted).isNotEmpty();
            assertThat(transfers).isNotEmpty();
            assertThat(transfers).allMatch(FtpTransfer::encrypted);
            assertThat(transfers).allMatch(t -> t.command() == null && t.heuristicAssociation());
            assertThat(transfers).allMatch(t -> t.dataFlowId() != FtpTransfer.NONE);
            assertThat(transfers).allMatch(t -> t.notes().stream().anyMatch(n -> n.contains("not visible")));
            return;
        }

        final List<FtpTransfer> main = transfers.stream().filter(t -> command.equals(t.command())).toList();
        assertThat(main).as("%s transfers in %s: %s", command, file, transfers).isNotEmpty();
        for (final FtpTransfer t : main)
        {
            assertThat(t.mode().name()).isEqualTo(mode);
            assertThat(t.dataFlowId()).as("data flow of %s", t).isNotEqualTo(FtpTransfer.NONE);
            assertThat(t.dataInitiatedByServer()).isEqualTo(!t.mode().passive());
            assertThat(t.preliminary()).isNotNull();
            assertThat(t.user()).isNotNull();
            if (command.equals("RETR"))
            {
                assertThat(t.bytesToClient()).isPositive();
            }
            else
            {
                assertThat(t.bytesToServer()).isPositive();
            }
        }
        // every transfer that got a 150 had its data connection found
        assertThat(transfers.stream().filter(t -> t.preliminary() != null))
            .allMatch(t -> t.dataFlowId() != FtpTransfer.NONE);
        if (has426)
        {
            assertThat(main).anyMatch(t -> t.completion() != null && t.completion().code() == 426);
        }
        else
        {
            assertThat(transfers).noneMatch(t -> t.completion() != null && t.completion().code() == 426);
        }
    }

    /**
     * External captures with FTP data connections (MANIFEST overview: data column above 0): at least the data
     * connections tshark links are tied to transfers, at most every TCP connection that is not a control connection
     * (MANIFEST section: "TCP streams: N"), and every transfer that got a 1xx reply has one.
     */
    @TestFactory
    Stream<DynamicTest> externalCaptures() throws IOException
    {
        assumeTrue(TsharkReplay.available(), "tshark not installed");
        final Path corpus = FtpTsharkComparisonTest.corpus();
        assumeTrue(corpus != null && Files.exists(corpus.resolve("external/MANIFEST.md")), "corpus not present");
        final List<String> lines = Files.readAllLines(corpus.resolve("external/MANIFEST.md"), StandardCharsets.UTF_8);
        final java.util.Map<String, Integer> streamsByFile = new java.util.HashMap<>();
        String section = null;
        for (final String line : lines)
        {
            if (line.startsWith("### "))
            {
                section = line.substring(4).trim();
            }
            final Matcher m = Pattern.compile("TCP streams: (\\d+)").matcher(line);
            if (section != null && m.find() && !streamsByFile.containsKey(section))
            {
                streamsByFile.put(section, Integer.parseInt(m.group(1)));
            }
        }
        final List<DynamicTest> tests = new ArrayList<>();
        final Pattern row = Pattern.compile("^\\| ([^ |]+) \\| [^|]+\\| (\\d+) \\| (\\d+) \\| (\\d+) \\|");
        for (final String line : lines)
        {
            final Matcher m = row.matcher(line);
            if (!m.find() || Integer.parseInt(m.group(4)) == 0 || !streamsByFile.containsKey(m.group(1)))
            {
                continue;
            }
            final Path file = corpus.resolve("external").resolve(m.group(1));
            final int atMost = streamsByFile.get(m.group(1)) - Integer.parseInt(m.group(3));
            final int atLeast = Integer.parseInt(m.group(4));
            tests.add(DynamicTest.dynamicTest(m.group(1), () ->
            {
                final TsharkReplay replay = TsharkReplay.of(file, FtpTsharkComparisonTest.decodeAs(file));
                final List<FtpTransfer> transfers = replay.listener.transfers;
                assertThat(transfers.stream().filter(t -> t.dataFlowId() != FtpTransfer.NONE && t.command() != null)
                    .map(FtpTransfer::dataFlowId).distinct().count()).as("%s", transfers).isBetween(
                        (long)atLeast, (long)atMost);
                assertThat(transfers.stream().filter(t -> t.preliminary() != null && t.command() != null))
                    .allMatch(t -> t.dataFlowId() != FtpTransfer.NONE);
            }));
        }
        assumeTrue(!tests.isEmpty(), "no external captures with data connections");
        return tests.stream();
    }
}
