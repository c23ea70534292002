package dev.ftp426.attribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks the generated fixtures against what truth.json records about the captures (426 frame numbers, and the
 * frame and TTL of the first data-connection RST from each address), so the fixtures stay what the captures show.
 * Skipped when the corpus is absent.
 */
class CorpusFixtureHonestyTest
{
    private static final Pattern RESET = Pattern.compile(
        "\\{\\s*\"frame\":\\s*(\\d+),\\s*\"src\":\\s*\"([^\"]+)\",\\s*\"sport\":\\s*(\\d+),.*?\"ttl\":\\s*(\\d+)\\s*}",
        Pattern.DOTALL);

    static Stream<CorpusFacts.CorpusCase> cases()
    {
        return CorpusFacts.all().stream();
    }

    private static String truth(final CorpusFacts.CorpusCase c) throws IOException
    {
        final String root = System.getProperty("ftp426.corpus");
        assumeTrue(null != root, "ftp426.corpus not set");
        final Path p = Path.of(root, "dev", c.name(), "truth.json");
        assumeTrue(Files.isReadable(p), "corpus absent");
        return Files.readString(p);
    }

    private static String block(final String json, final String key, final String vantage)
    {
        final Matcher outer = Pattern.compile("\"" + key + "\"\\s*:\\s*\\{(.*?)\\n \\}", Pattern.DOTALL).matcher(json);
        assertThat(outer.find()).as(key).isTrue();
        final Matcher inner = Pattern.compile("\"" + vantage + "\"\\s*:\\s*\\[(.*?)]", Pattern.DOTALL)
            .matcher(outer.group(1));
        assertThat(inner.find()).as(key + "." + vantage).isTrue();
        return inner.group(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replyFramesMatchTheLabelledOnes(final CorpusFacts.CorpusCase c) throws IOException
    {
        final String json = truth(c);
        if (c.transferFacts().encrypted())
        {
            assertThat(c.transferFacts().completion()).as("replies are unreadable without keys").isNull();
            return;
        }
        final List<Long> labelled = new ArrayList<>();
        final Matcher m = Pattern.compile("\\d+").matcher(block(json, "frames_426", c.vantage()));
        while (m.find())
        {
            labelled.add(Long.parseLong(m.group()));
        }
        final Reply r = c.transferFacts().completion();
        if (null != r && r.code() == 426)
        {
            assertThat(labelled).contains(r.frame());
        }
        else if (labelled.isEmpty())
        {
            assertThat(r).satisfiesAnyOf(x -> assertThat(x).isNull(), x -> assertThat(x.code()).isNotEqualTo(426));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstResetOfEachEndMatchesTheLabelledResets(final CorpusFacts.CorpusCase c) throws IOException
    {
        final String json = truth(c);
        if (null == c.data())
        {
            return;
        }
        final String resets = block(json, "data_resets", c.vantage());
        for (final EndpointFacts e : new EndpointFacts[]{ c.data().client(), c.data().server() })
        {
            final Endpoint ep = e.role() == FtpRole.CLIENT ? c.data().clientEndpoint() : c.data().serverEndpoint();
            final Matcher m = RESET.matcher(resets);
            long frame = -1;
            int ttl = -1;
            while (m.find())
            {
                if (m.group(2).equals(ep.ip()) && Integer.parseInt(m.group(3)) == ep.port())
                {
                    frame = Long.parseLong(m.group(1));
                    ttl = Integer.parseInt(m.group(4));
                    break;
                }
            }
            if (frame < 0)
            {
                assertThat(e.rst()).as("%s %s sent no RST", c, e.role()).isNull();
            }
            else
            {
                assertThat(e.rst()).as("%s %s RST", c, e.role()).isNotNull();
                assertThat(e.rst().frame()).isEqualTo(frame);
                assertThat(e.rst().ttl()).isEqualTo(ttl);
            }
        }
    }
}
