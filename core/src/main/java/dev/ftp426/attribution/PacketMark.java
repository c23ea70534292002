package dev.ftp426.attribution;

/**
 * One packet worth pointing at: where it is and the TTL / hop limit it arrived with.
 *
 * @param frame   frame number.
 * @param tsNanos timestamp.
 * @param ttl     IPv4 TTL or IPv6 hop limit as captured.
 */
public record PacketMark(long frame, long tsNanos, int ttl)
{
}
