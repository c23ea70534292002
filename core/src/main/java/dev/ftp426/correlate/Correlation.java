package dev.ftp426.correlate;

import java.util.List;

/**
 * Two captures of the same incident from different vantage points, aligned: the {@code "type":"correlation"}
 * record.
 *
 * @param captureA          name of the first capture.
 * @param captureB          name of the second capture.
 * @param vantageA          which host the first capture sits nearer to: {@code client}, {@code server}.
 * @param vantageB          the same for the second capture.
 * @param vantageReason     how the vantages were decided (TTLs, or argument order).
 * @param clientIp          the FTP client's address (initiator of the control connection), or null.
 * @param serverIp          the FTP server's address, or null.
 * @param clockOffsetNanos  add it to a time of the first capture to get the second capture's clock.
 * @param oneWayDelayNanos  estimated one-way delay between the two capture points, -1 when unknown.
 * @param flows             connections found in both captures.
 * @param unmatchedA        connections only in the first capture.
 * @param unmatchedB        connections only in the second capture.
 * @param notKeptA          packets of the first capture left out of the comparison (memory limit reached).
 * @param notKeptB          the same for the second capture.
 * @param findings          where resets and losses were born, in time order.
 * @param summary           a few sentences for a person.
 */
public record Correlation(
    String captureA,
    String captureB,
    String vantageA,
    String vantageB,
    String vantageReason,
    String clientIp,
    String serverIp,
    long clockOffsetNanos,
    long oneWayDelayNanos,
    List<FlowMatch> flows,
    int unmatchedA,
    int unmatchedB,
    long notKeptA,
    long notKeptB,
    List<Finding> findings,
    String summary)
{
    public Correlation
    {
        flows = List.copyOf(flows);
        findings = List.copyOf(findings);
    }

    /** Findings of one kind. */
    public List<Finding> findings(final String kind)
    {
        return findings.stream().filter(f -> f.kind().equals(kind)).toList();
    }
}
