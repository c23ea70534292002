package dev.ftp426.attribution;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dev corpus case, at every vantage, as the captures show it (see {@link CorpusFacts}): the verdict must carry
 * the labelled party and cause, and transfers the labels call clean (or invisible in the capture) get none. An FTPS
 * transfer read without keys may instead get undetermined_encrypted (never a wrong party), as in CorpusVerdictTest.
 */
class CorpusFactsTest
{
    private final Attributor attributor = new Attributor();

    static Stream<CorpusFacts.CorpusCase> cases()
    {
        return CorpusFacts.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictMatchesTheLabel(final CorpusFacts.CorpusCase c)
    {
        final Optional<Verdict> verdict = attributor.judge(c.transferFacts(), c.data(), c.capture());
        if (null == c.expectedCause())
        {
            assertThat(verdict).as("no verdict expected for %s", c).isEmpty();
            return;
        }
        assertThat(verdict).as("a verdict for %s", c).isPresent();
        final Verdict v = verdict.get();
        if (c.transferFacts().encrypted() && !c.transferFacts().repliesVisible() &&
            v.cause() == Cause.UNDETERMINED_ENCRYPTED)
        {
            // FTPS read without keys: the failure reply is unreadable; undetermined is allowed, a wrong party never
            assertThat(v.confidence()).isLessThanOrEqualTo(Scorer.ENCRYPTED_CAP);
            return;
        }
        assertThat(v.cause()).as("%s: %s", c, v.summary()).isEqualTo(c.expectedCause());
        assertThat(v.party()).isEqualTo(c.expectedParty());
        assertThat(v.confidence()).isGreaterThan(0.5);
        assertThat(v.evidence()).isNotEmpty();
        assertThat(v.summary()).doesNotContain("{");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vantageIsInferredFromTheCaptureItself(final CorpusFacts.CorpusCase c)
    {
        if (null == c.data())
        {
            return;
        }
        final VantageEstimate v = VantageInference.infer(c.capture(), c.data());
        final Vantage expected = switch (c.vantage())
        {
            case "client" -> Vantage.CLIENT;
            case "server" -> Vantage.SERVER;
            default -> Vantage.MIDDLE;
        };
        assertThat(v.vantage()).as("%s: %s", c, v.reason()).isEqualTo(expected);
    }
}
