package dev.ftp426.report;

/**
 * The data connection of a transfer as Zeek's conn.log would describe it, taken when the connection closed (or at the
 * end of the capture).
 *
 * @param flowId        the pipeline's id of the TCP connection.
 * @param communityId   Community ID v1.
 * @param connState     Zeek conn_state (S0, S1, SF, REJ, RSTO, RSTR, ...).
 * @param history       Zeek history letters.
 * @param missedBytes   bytes the capture did not hold, both directions.
 */
public record DataFlowSummary(
    long flowId,
    String communityId,
    String connState,
    String history,
    long missedBytes)
{
}
