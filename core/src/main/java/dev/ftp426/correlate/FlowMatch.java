package dev.ftp426.correlate;

/**
 * One connection seen in both captures: matched by its endpoints and the initiator's initial sequence number.
 *
 * @param communityId   Community ID v1.
 * @param flowIdA       its flow id in the first capture.
 * @param flowIdB       its flow id in the second capture.
 * @param initiator     ip:port of the initiator.
 * @param responder     ip:port of the responder.
 * @param sharedPackets packets recognised in both captures.
 * @param onlyA         packets of it only the first capture holds.
 * @param onlyB         packets of it only the second capture holds.
 */
public record FlowMatch(
    String communityId,
    long flowIdA,
    long flowIdB,
    String initiator,
    String responder,
    long sharedPackets,
    long onlyA,
    long onlyB)
{
}
