package dev.ftp426.attribution;

import java.util.List;
import java.util.Map;

/**
 * One line of the rule table: a cause, the signals it needs, those that strengthen it and those that speak against
 * it.
 * <p>
 * Score = weight × min(strength of every required signal, max strength of the anyOf group)
 * + Σ support weight × strength − Σ opposing weight × strength, clamped to [0, 1]. A rule whose required signals
 * (or whole anyOf group) are absent does not apply.
 *
 * @param name     short identifier, unique in a table.
 * @param cause    the cause this rule argues for; several rules may argue for one cause.
 * @param weight   how much a full match of the required signals is worth (0..1).
 * @param required all must be present.
 * @param anyOf    at least one must be present (empty: no such group).
 * @param support  present signals add weight × strength.
 * @param oppose   present signals subtract weight × strength.
 * @param summary  sentence template: {headline}, {lead} (time from the headline event to the failure) and
 *                 {reply} are filled in.
 */
public record Rule(
    String name,
    Cause cause,
    double weight,
    List<Signal> required,
    List<Signal> anyOf,
    Map<Signal, Double> support,
    Map<Signal, Double> oppose,
    String summary)
{
    public Rule
    {
        required = List.copyOf(required);
        anyOf = List.copyOf(anyOf);
        support = Map.copyOf(support);
        oppose = Map.copyOf(oppose);
        if (required.isEmpty() && anyOf.isEmpty())
        {
            throw new IllegalArgumentException(name + ": a rule needs at least one required signal");
        }
    }
}
