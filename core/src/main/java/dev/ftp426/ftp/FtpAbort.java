package dev.ftp426.ftp;

/**
 * The ABOR a client sent during (or just after) a transfer, and how it was sent (RFC 959 4.1.3, RFC 854 Synch).
 *
 * @param frame     frame of the segment carrying the "A" of ABOR.
 * @param ts        its timestamp.
 * @param telnetIp  IAC IP (FF F4) came before ABOR on the same line.
 * @param ipFrame   frame of the IAC IP, or -1.
 * @param telnetDm  IAC DM (FF F2) came before ABOR on the same line.
 * @param dmFrame   frame of the IAC DM, or -1.
 * @param urgent    a client segment with URG set was seen after the previous command and up to the ABOR line end.
 * @param urgentFrame frame of that segment, or -1.
 */
public record FtpAbort(
    long frame,
    long ts,
    boolean telnetIp,
    long ipFrame,
    boolean telnetDm,
    long dmFrame,
    boolean urgent,
    long urgentFrame)
{
    FtpAbort withUrgent(final long frame)
    {
        return new FtpAbort(this.frame, ts, telnetIp, ipFrame, telnetDm, dmFrame, true, frame);
    }
}
