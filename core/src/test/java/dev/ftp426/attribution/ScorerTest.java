package dev.ftp426.attribution;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scoring step and the rule table as data. */
class ScorerTest
{
    private static Map<Signal, SignalResult> signals(final Object... pairs)
    {
        final Map<Signal, SignalResult> m = new EnumMap<>(Signal.class);
        for (final Signal s : Signal.values())
        {
            m.put(s, SignalResult.ABSENT);
        }
        for (int i = 0; i < pairs.length; i += 2)
        {
            m.put((Signal)pairs[i], new SignalResult((Double)pairs[i + 1], List.of(), "x", -1));
        }
        return m;
    }

    private static final Rule RULE = new Rule("r", Cause.CLIENT_EARLY_CLOSE, 0.9,
        List.of(Signal.RECEIVER_CLOSED_EARLY), List.of(), Map.of(Signal.TIMEOUT_REPLY, 0.1),
        Map.of(Signal.ABOR_BEFORE_FAILURE, 1.0), "{Headline}.");

    @Test
    void ruleDoesNotApplyWithoutItsRequiredSignal()
    {
        assertThat(Scorer.score(RULE, signals())).isNegative();
    }

    @Test
    void scoreIsWeightTimesTheWeakestRequiredPlusSupportMinusOpposition()
    {
        assertThat(Scorer.score(RULE, signals(Signal.RECEIVER_CLOSED_EARLY, 0.5))).isEqualTo(0.45);
        assertThat(Scorer.score(RULE, signals(Signal.RECEIVER_CLOSED_EARLY, 0.5, Signal.TIMEOUT_REPLY, 1.0)))
            .isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Scorer.score(RULE, signals(Signal.RECEIVER_CLOSED_EARLY, 1.0, Signal.ABOR_BEFORE_FAILURE, 1.0)))
            .isZero();
    }

    @Test
    void anyOfGroupNeedsOneMember()
    {
        final Rule r = new Rule("f", Cause.NETWORK_FORGED_RESET, 1.0, List.of(),
            List.of(Signal.RESET_TTL_MISMATCH, Signal.PAIRED_RESETS), Map.of(), Map.of(), "{Headline}.");
        assertThat(Scorer.score(r, signals())).isNegative();
        assertThat(Scorer.score(r, signals(Signal.PAIRED_RESETS, 0.7))).isEqualTo(0.7);
    }

    @Test
    void aRuleNeedsSomethingToStandOn()
    {
        assertThatThrownBy(() -> new Rule("empty", Cause.SERVER_ABORT, 1, List.of(), List.of(), Map.of(), Map.of(), ""))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCauseButTheFallbackHasARuleAndRuleNamesAreUnique()
    {
        final Set<Cause> covered = EnumSet.noneOf(Cause.class);
        final Set<String> names = new java.util.HashSet<>();
        for (final Rule r : RuleTable.standard().rules())
        {
            covered.add(r.cause());
            assertThat(names.add(r.name())).as("duplicate rule %s", r.name()).isTrue();
            assertThat(r.weight()).isBetween(0.0, 1.0);
            assertThat(r.summary()).endsWith(".");
        }
        final Set<Cause> expected = EnumSet.allOf(Cause.class);
        expected.remove(Cause.UNDETERMINED_INSUFFICIENT_EVIDENCE);
        assertThat(covered).containsAll(expected);
    }

    @Test
    void causeCodesAreSnakeCaseAndBelongToTheirParty()
    {
        assertThat(Cause.CLIENT_ABORT.code()).isEqualTo("client_abort");
        assertThat(Cause.ofCode("network_forged_reset")).isEqualTo(Cause.NETWORK_FORGED_RESET);
        for (final Cause c : Cause.values())
        {
            assertThat(c.code()).matches("[a-z_]+");
            assertThat(c.code()).startsWith(c.party().code());
        }
    }

    @Test
    void aCustomTableChangesTheOutcomeWithoutCodeChanges()
    {
        final Rule onlyTimeout = new Rule("t", Cause.SERVER_TIMEOUT, 1.0, List.of(Signal.RECEIVER_CLOSED_EARLY),
            List.of(), Map.of(), Map.of(), "{Headline}, {lead} before {reply}.");
        final Scenario s = new Scenario().clientRst(480, 9.96, 64);
        final Verdict v = new Attributor(new RuleTable(List.of(onlyTimeout)))
            .judge(s.transferFacts(), s.dataFacts(), s.capture).orElseThrow();
        assertThat(v.cause()).isEqualTo(Cause.SERVER_TIMEOUT);
        assertThat(v.summary()).isEqualTo("The client's host reset the data connection at frame 480, 40 ms before " +
            "the server's 426 at frame 500.");
    }

    @Test
    void belowTheMinimumScoreTheVerdictIsUndetermined()
    {
        final Rule weak = new Rule("w", Cause.CLIENT_EARLY_CLOSE, 0.2, List.of(Signal.RECEIVER_CLOSED_EARLY),
            List.of(), Map.of(), Map.of(), "{Headline}.");
        final Scenario s = new Scenario().clientRst(480, 9.96, 64);
        final Verdict v = new Attributor(new RuleTable(List.of(weak)))
            .judge(s.transferFacts(), s.dataFacts(), s.capture).orElseThrow();
        assertThat(v.cause()).isEqualTo(Cause.UNDETERMINED_INSUFFICIENT_EVIDENCE);
        assertThat(v.party()).isEqualTo(Party.UNDETERMINED);
    }
}
