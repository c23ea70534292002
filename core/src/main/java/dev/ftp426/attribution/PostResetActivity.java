package dev.ftp426.attribution;

/**
 * Packets other than RSTs that an endpoint sent on the same connection after its own first RST. A real TCP stack
 * goes silent after sending a RST, so any of these say the RST was not the endpoint's.
 *
 * @param count      number of such packets.
 * @param firstFrame the first of them.
 * @param firstNanos its timestamp.
 * @param withData   how many of them carried payload.
 */
public record PostResetActivity(long count, long firstFrame, long firstNanos, long withData)
{
}
