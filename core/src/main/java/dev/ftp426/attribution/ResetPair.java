package dev.ftp426.attribution;

/**
 * RSTs towards both endpoints within a few milliseconds of each other, each claiming to come from the other side:
 * what a middlebox that resets a connection does.
 *
 * @param towardClientFrame the RST sent to the FTP client (claimed source: the server).
 * @param towardServerFrame the RST sent to the FTP server (claimed source: the client).
 * @param tsNanos           timestamp of the earlier of the two.
 * @param gapNanos          time between them.
 */
public record ResetPair(long towardClientFrame, long towardServerFrame, long tsNanos, long gapNanos)
{
}
