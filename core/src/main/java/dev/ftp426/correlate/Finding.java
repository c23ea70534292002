package dev.ftp426.correlate;

/**
 * Where one packet (or a set of packets) of a connection was born or lost, from comparing two captures.
 *
 * @param kind        stable snake_case name: {@code rst_delivered}, {@code rst_lost_on_path},
 *                    {@code rst_born_on_path}, {@code lost_on_path}, {@code lost_after}, {@code born_on_path}.
 * @param communityId the connection.
 * @param sender      FTP role the packets claim to come from: {@code client} or {@code server}.
 * @param packets     packets concerned.
 * @param bytes       payload bytes concerned.
 * @param frameA      first such packet's frame in the first capture, or -1 when it is not there.
 * @param frameB      first such packet's frame in the second capture, or -1 when it is not there.
 * @param tsNanos     its capture time (in the capture that holds it; the first one when both do).
 * @param text        one sentence for a person.
 */
public record Finding(
    String kind,
    String communityId,
    String sender,
    long packets,
    long bytes,
    long frameA,
    long frameB,
    long tsNanos,
    String text)
{
}
