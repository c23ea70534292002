package dev.ftp426.attribution;

/**
 * The first FIN or RST that ended a connection.
 *
 * @param reset   true for a RST, false for a FIN.
 * @param by      FTP role of the claimed sender (the packet's source address).
 * @param frame   frame number.
 * @param tsNanos timestamp.
 */
public record ConnectionEnd(boolean reset, FtpRole by, long frame, long tsNanos)
{
}
