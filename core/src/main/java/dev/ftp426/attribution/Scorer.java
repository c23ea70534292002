package dev.ftp426.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one scoring step: evaluates every signal once, scores every rule, and turns the best rule into a verdict.
 * Confidence comes from the winning score and its margin over the best rule for another cause, and is capped when
 * capture loss touches the failure or the session is encrypted.
 */
public final class Scorer
{
    /** Below this no rule is convincing and the verdict is undetermined. */
    public static final double MIN_SCORE = 0.3;
    /** Confidence cap when the capture lost packets at the failure. */
    public static final double CAPTURE_LOSS_CAP = 0.5;
    /** Confidence cap for encrypted sessions (the replies and commands are not, or only partly, visible). */
    public static final double ENCRYPTED_CAP = 0.8;

    private final RuleTable table;

    public Scorer(final RuleTable table)
    {
        this.table = table;
    }

    /** A rule and its score on one incident. */
    public record RuleScore(Rule rule, double score)
    {
    }

    /** Evaluates every signal on the incident. */
    public static Map<Signal, SignalResult> evaluate(final JudgeContext context)
    {
        final Map<Signal, SignalResult> results = new EnumMap<>(Signal.class);
        for (final Signal s : Signal.values())
        {
            results.put(s, s.evaluate(context));
        }
        return results;
    }

    /** Score of one rule given the signal results; negative when the rule does not apply, 0 when fully opposed. */
    public static double score(final Rule rule, final Map<Signal, SignalResult> signals)
    {
        double core = 1.0;
        for (final Signal s : rule.required())
        {
            core = Math.min(core, signals.get(s).strength());
        }
        if (!rule.anyOf().isEmpty())
        {
            double best = 0;
            for (final Signal s : rule.anyOf())
            {
                best = Math.max(best, signals.get(s).strength());
            }
            core = Math.min(core, best);
        }
        if (core <= 0)
        {
            return -1;
        }
        double score = rule.weight() * core;
        for (final Map.Entry<Signal, Double> e : rule.support().entrySet())
        {
            score += e.getValue() * signals.get(e.getKey()).strength();
        }
        for (final Map.Entry<Signal, Double> e : rule.oppose().entrySet())
        {
            score -= e.getValue() * signals.get(e.getKey()).strength();
        }
        return SignalResult.clamp(score);
    }

    /** Every applicable rule with its score, best first (table order breaks ties). */
    public List<RuleScore> rank(final Map<Signal, SignalResult> signals)
    {
        final List<RuleScore> scores = new ArrayList<>();
        for (final Rule rule : table.rules())
        {
            final double s = score(rule, signals);
            if (s > 0)
            {
                scores.add(new RuleScore(rule, s));
            }
        }
        scores.sort(Comparator.comparingDouble(RuleScore::score).reversed());
        return scores;
    }

    /** Judges one incident. */
    public Verdict decide(final JudgeContext context, final IncidentKind incident)
    {
        final Map<Signal, SignalResult> signals = evaluate(context);
        final List<RuleScore> ranked = rank(signals);
        final RuleScore best = ranked.isEmpty() ? null : ranked.get(0);
        RuleScore second = null;
        for (final RuleScore rs : ranked)
        {
            if (null != best && rs.rule().cause() != best.rule().cause())
            {
                second = rs;
                break;
            }
        }

        final Reply reply = context.failureReply() != null ? context.failureReply() : context.transfer().completion();
        final List<Evidence> evidence = new ArrayList<>();
        if (null != reply)
        {
            evidence.add(Evidence.of(reply.frame(), reply.tsNanos(), "server replied " + reply));
        }

        final Cause cause;
        double confidence;
        final String summary;
        if (null == best || best.score() < MIN_SCORE)
        {
            cause = fallback(context);
            final double top = null == best ? 0 : best.score();
            confidence = round(0.5 * (1 - top) + 0.25);
            if (null != best)
            {
                collect(best.rule(), signals, evidence);
            }
            summary = fill(fallbackTemplate(cause), "", -1, context);
        }
        else
        {
            cause = best.rule().cause();
            final double margin = null == second ? best.score() : best.score() - second.score();
            confidence = best.score() * (0.6 + 0.4 * Math.min(1.0, margin / 0.5));
            final SignalResult headline = headline(best.rule(), signals);
            collect(best.rule(), signals, evidence);
            summary = fill(best.rule().summary(), headline.headline(), headline.eventNanos(), context);
        }

        final SignalResult loss = signals.get(Signal.CAPTURE_LOSS_AT_FAILURE);
        if (loss.present() && cause != Cause.UNDETERMINED_CAPTURE_LOSS)
        {
            confidence = Math.min(confidence, CAPTURE_LOSS_CAP);
            for (final Evidence e : loss.evidence())
            {
                evidence.add(e.asAgainst());
            }
        }
        if (context.transfer().encrypted() && !context.transfer().repliesVisible())
        {
            confidence = Math.min(confidence, ENCRYPTED_CAP);
        }

        return new Verdict(cause.party(), cause, round(SignalResult.clamp(confidence)), context.vantage(), incident,
            reply, order(evidence), summary, null == second ? null : second.rule().cause(),
            null == second ? 0 : round(second.score()));
    }

    private static SignalResult headline(final Rule rule, final Map<Signal, SignalResult> signals)
    {
        SignalResult best = SignalResult.ABSENT;
        for (final Signal s : rule.required())
        {
            if (signals.get(s).present() && !signals.get(s).headline().isEmpty())
            {
                return signals.get(s);
            }
        }
        for (final Signal s : rule.anyOf())
        {
            final SignalResult r = signals.get(s);
            if (r.strength() > best.strength())
            {
                best = r;
            }
        }
        return best;
    }

    private static void collect(final Rule rule, final Map<Signal, SignalResult> signals, final List<Evidence> out)
    {
        final Set<Signal> pro = new LinkedHashSet<>(rule.required());
        pro.addAll(rule.anyOf());
        pro.addAll(rule.support().keySet());
        for (final Signal s : pro)
        {
            out.addAll(signals.get(s).evidence());
        }
        for (final Signal s : rule.oppose().keySet())
        {
            if (!pro.contains(s))
            {
                for (final Evidence e : signals.get(s).evidence())
                {
                    out.add(e.asAgainst());
                }
            }
        }
    }

    private static List<Evidence> order(final List<Evidence> evidence)
    {
        final List<Evidence> unique = new ArrayList<>();
        for (final Evidence e : evidence)
        {
            boolean seen = false;
            for (final Evidence u : unique)
            {
                if (u.frame() == e.frame() && u.text().equals(e.text()))
                {
                    seen = true;
                    break;
                }
            }
            if (!seen)
            {
                unique.add(e);
            }
        }
        unique.sort(Comparator.comparingLong(e -> e.frame() < 0 ? Long.MAX_VALUE : e.frame()));
        return unique;
    }

    private static Cause fallback(final JudgeContext context)
    {
        if (context.transfer().encrypted() && !context.transfer().repliesVisible())
        {
            return Cause.UNDETERMINED_ENCRYPTED;
        }
        if (null == context.data())
        {
            return Cause.UNDETERMINED_NO_DATA_CONNECTION;
        }
        return Cause.UNDETERMINED_INSUFFICIENT_EVIDENCE;
    }

    private static String fallbackTemplate(final Cause cause)
    {
        switch (cause)
        {
            case UNDETERMINED_ENCRYPTED:
                return "The transfer ended with {reply}; the session is encrypted and the TCP evidence is not decisive.";
            case UNDETERMINED_NO_DATA_CONNECTION:
                return "The transfer ended with {reply}, but no data connection was seen, so the capture cannot say " +
                    "who broke it.";
            default:
                return "The transfer ended with {reply}, and the capture shows no reset, loss or stall that " +
                    "explains it.";
        }
    }

    /** Fills a summary template. */
    static String fill(final String template, final String headline, final long eventNanos, final JudgeContext c)
    {
        String s = template;
        final String head = headline.isEmpty() ? "Something happened" :
            Character.toUpperCase(headline.charAt(0)) + headline.substring(1);
        s = s.replace("{Headline}", head).replace("{headline}", headline);
        if (eventNanos >= 0 && eventNanos == c.failureNanos() && null == c.failureReply())
        {
            s = s.replace(", {lead} before {reply}", "").replace("{lead} before {reply}", "")
                .replace("{reply}", "the break of the data connection");
            if (c.transfer().encrypted() && !c.transfer().repliesVisible())
            {
                s = s.substring(0, s.length() - 1) + " (the encrypted replies cannot be read).";
            }
        }
        else if (eventNanos >= 0 && c.failureNanos() >= 0)
        {
            final long lead = c.failureNanos() - eventNanos;
            if (lead >= 0)
            {
                s = s.replace("{lead}", Signals.duration(lead));
            }
            else
            {
                s = s.replace("{lead} before", Signals.duration(-lead) + " after");
            }
        }
        else
        {
            s = s.replace(", {lead} before", " before").replace("{lead} before", "before");
        }
        return s.replace("{reply}", describeFailure(c));
    }

    private static String describeFailure(final JudgeContext c)
    {
        final Reply reply = c.failureReply();
        if (null != reply)
        {
            return "the server's " + reply.code() + " at frame " + reply.frame();
        }
        if (c.transfer().encrypted() && !c.transfer().repliesVisible())
        {
            return "the break of the data connection at frame " + c.failureFrame() +
                " (the encrypted replies cannot be read)";
        }
        if (null != c.transfer().completion())
        {
            return "the server's " + c.transfer().completion().code() + " at frame " +
                c.transfer().completion().frame();
        }
        return c.failureFrame() >= 0 ? "the break of the data connection at frame " + c.failureFrame() :
            "the end of the transfer";
    }

    private static double round(final double v)
    {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
