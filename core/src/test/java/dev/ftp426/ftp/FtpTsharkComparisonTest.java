package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * For every FTP reply tshark decodes in the corpus captures, the tracker fed with the same control-stream bytes
 * must produce the same codes in the same order, dated by the same frame.
 * <p>
 * tshark reports a code for every segment whose first line starts with one, so a multi-line reply split over
 * segments ({@code 220-} lines each in its own segment) is several tshark entries but one reply here: each tshark
 * entry must fall inside one reply of ours (same code, frame between its first and last byte), and each reply of
 * ours must start exactly at a tshark entry.
 */
class FtpTsharkComparisonTest
{
    static Path corpus()
    {
        final String dir = System.getProperty("ftp426.corpus");
        return dir == null ? null : Path.of(dir);
    }

    static List<Path> captures() throws IOException
    {
        final Path corpus = corpus();
        final List<Path> files = new ArrayList<>();
        if (corpus == null || !Files.isDirectory(corpus))
        {
            return files;
        }
        final Path dev = corpus.resolve("dev");
        if (Files.isDirectory(dev))
        {
            try (Stream<Path> cases = Files.list(dev))
            {
                cases.filter(Files::isDirectory).sorted().forEach(c ->
                {
                    for (final String name : new String[]{"server.pcap", "client.pcap"})
                    {
                        if (Files.exists(c.resolve(name)))
                        {
                            files.add(c.resolve(name));
                        }
                    }
                });
            }
        }
        final Path external = corpus.resolve("external");
        if (Files.isDirectory(external))
        {
            try (Stream<Path> all = Files.list(external))
            {
                all.filter(p -> p.getFileName().toString().contains("ftp") ||
                    p.getFileName().toString().startsWith("zeek__ipv") ||
                    p.getFileName().toString().contains("globus") ||
                    p.getFileName().toString().contains("bigtransfer") ||
                    p.getFileName().toString().contains("retr") ||
                    p.getFileName().toString().contains("bruteforce"))
                    .sorted().forEach(files::add);
            }
        }
        return files;
    }

    static String[] decodeAs(final Path capture)
    {
        return capture.getFileName().toString().contains("globus") ?
            new String[]{"-d", "tcp.port==2811,ftp"} : new String[0];
    }

    @TestFactory
    Stream<DynamicTest> repliesMatchTshark() throws IOException
    {
        assumeTrue(TsharkReplay.available(), "tshark not installed");
        final List<Path> files = captures();
        assumeTrue(!files.isEmpty(), "corpus not present");
        return files.stream().map(file -> DynamicTest.dynamicTest(
            corpus().relativize(file).toString(), () -> compare(file)));
    }

    private static void compare(final Path file) throws Exception
    {
        final TsharkReplay replay = TsharkReplay.of(file, decodeAs(file));

        final List<String> ours = new ArrayList<>();
        for (final String r : replay.listener.replies)
        {
            ours.add(r);
        }
        // tshark entries on frames this replay delivered (a retransmitted copy is not a second reply)
        final List<TsharkReplay.Reply> theirs = new ArrayList<>();
        for (final Map.Entry<Long, List<TsharkReplay.Reply>> e : replay.tsharkReplies.entrySet())
        {
            for (final TsharkReplay.Reply r : e.getValue())
            {
                if (replay.deliveredFrames.contains(r.frame))
                {
                    theirs.add(r);
                }
            }
        }
        theirs.sort((a, b) -> Long.compare(a.frame, b.frame));

        final List<long[]> spans = new ArrayList<>();
        for (final Object[] r : replay.listener.replySpans)
        {
            spans.add(new long[]{(Integer)r[0], (Long)r[1], (Long)r[2]});
        }
        spans.sort((a, b) -> Long.compare(a[1], b[1]));

        // collapse tshark's per-segment entries into our replies
        final List<String> expected = new ArrayList<>();
        final List<String> actual = new ArrayList<>();
        int j = 0;
        for (final long[] span : spans)
        {
            actual.add(span[0] + "@" + span[1]);
        }
        for (final TsharkReplay.Reply t : theirs)
        {
            boolean inside = false;
            while (j < spans.size() && spans.get(j)[2] < t.frame)
            {
                j++;
            }
            if (j < spans.size() && spans.get(j)[1] < t.frame && spans.get(j)[0] == t.code)
            {
                inside = true; // a continuation line of a multi-line reply split over segments
            }
            if (!inside)
            {
                expected.add(t.code + "@" + t.frame);
            }
        }
        assertThat(actual).as("replies of %s (tshark: %s)", file, theirs).containsExactlyElementsOf(expected);
    }
}
