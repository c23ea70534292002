package dev.ftp426.attribution;

/**
 * An ABOR command seen on the control connection.
 *
 * @param frame           frame carrying the "ABOR" line.
 * @param tsNanos         its timestamp.
 * @param telnetInterrupt the line was preceded by IAC IP (FF F4), the RFC 959 "special action".
 * @param telnetSynch     IAC DM (FF F2) was sent, the Telnet Synch of RFC 854.
 * @param urgent          a control segment with the URG flag and an urgent pointer carried the Synch.
 */
public record Abort(long frame, long tsNanos, boolean telnetInterrupt, boolean telnetSynch, boolean urgent)
{
    /** True when the client used the RFC 959 out-of-band sequence. */
    public boolean outOfBand()
    {
        return telnetInterrupt || telnetSynch || urgent;
    }
}
