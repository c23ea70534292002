package dev.ftp426.attribution;

import java.util.List;

/**
 * The judgement on one incident.
 *
 * @param party      who broke the transfer.
 * @param cause      why.
 * @param confidence 0..1; derived from the winning rule's score and its margin over the runner-up, capped when
 *                   capture loss touches the failure or the session is encrypted.
 * @param vantage    where the capture was taken, and why we think so.
 * @param incident   what kind of event is judged.
 * @param reply      the reply judged, or null (no reply seen).
 * @param evidence   observations, ordered by frame; counter-signals carry {@code against}.
 * @param summary    one sentence for a human.
 * @param runnerUp   the second-best cause, or null when no other rule applied.
 * @param runnerUpScore its score.
 */
public record Verdict(
    Party party,
    Cause cause,
    double confidence,
    VantageEstimate vantage,
    IncidentKind incident,
    Reply reply,
    List<Evidence> evidence,
    String summary,
    Cause runnerUp,
    double runnerUpScore)
{
    public Verdict
    {
        evidence = List.copyOf(evidence);
        if (confidence < 0 || confidence > 1)
        {
            throw new IllegalArgumentException("confidence out of [0,1]: " + confidence);
        }
    }
}
