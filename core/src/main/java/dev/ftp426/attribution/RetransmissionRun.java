package dev.ftp426.attribution;

/**
 * The last run of retransmissions of one sequence number by one sender: the RTO back-off series a black hole
 * produces.
 *
 * @param firstFrame     first copy of the segment in the run (the original or first retransmission).
 * @param firstNanos     its timestamp.
 * @param lastFrame      last copy.
 * @param lastNanos      its timestamp.
 * @param count          retransmissions in the run.
 * @param seq            the repeated sequence number (relative or absolute, only compared with itself).
 * @param segmentLength  payload length of the repeated segment.
 * @param backoff        the gaps between copies grew (each at least 1.5 times the previous): an RTO back-off.
 * @param ackedBeforeEnd the peer acknowledged the segment before the connection ended (or before the last copy
 *                       for a connection that never ended).
 * @param ackedNanos     when it was acknowledged, or -1 when never.
 */
public record RetransmissionRun(
    long firstFrame,
    long firstNanos,
    long lastFrame,
    long lastNanos,
    int count,
    long seq,
    int segmentLength,
    boolean backoff,
    boolean ackedBeforeEnd,
    long ackedNanos)
{
    /** True when the segment was acknowledged before the given instant. */
    public boolean ackedBefore(final long tsNanos)
    {
        return ackedNanos >= 0 && ackedNanos <= tsNanos;
    }
}
