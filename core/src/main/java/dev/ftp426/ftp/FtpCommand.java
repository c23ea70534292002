package dev.ftp426.ftp;

import org.agrona.DirectBuffer;

/**
 * View of one client command for {@link FtpEventListener#onCommand}; valid during the call only (copy to keep).
 * The argument of PASS is never exposed.
 */
public final class FtpCommand
{
    DirectBuffer buffer;
    int verb;
    int lineLength;
    int argOffset;
    int argLength;
    boolean truncated;
    boolean afterGap;
    boolean cutByGap;
    boolean telnetIp;
    boolean telnetDm;
    boolean urgent;
    long frame;
    long ts;
    long endFrame;
    long endTs;

    /** Packed verb ({@link FtpVerbs}); {@link FtpVerbs#NONE} for a line that is not a verb. */
    public int verb()
    {
        return verb;
    }

    /** Upper-case verb if known, else null (use {@link #line()} for the raw text). */
    public String verbName()
    {
        return FtpVerbs.name(verb);
    }

    /** The line bytes, starting with the verb. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int lineLength()
    {
        return lineLength;
    }

    /** Offset of the argument in {@link #buffer()} (after the verb and one space). */
    public int argOffset()
    {
        return argOffset;
    }

    /** Argument length; 0 for PASS whatever was sent. */
    public int argLength()
    {
        return argLength;
    }

    /** Argument decoded per {@link FtpText} (allocates). */
    public String arg()
    {
        return FtpText.decode(buffer, argOffset, argLength);
    }

    /** Whole line decoded, the PASS argument masked (allocates). */
    public String line()
    {
        if (verb == FtpVerbs.PASS)
        {
            return "PASS ****";
        }
        return FtpText.decode(buffer, 0, lineLength);
    }

    /** Longer than the line bound: only the first bytes are here. */
    public boolean truncated()
    {
        return truncated;
    }

    /** First line after a capture gap in the client direction. */
    public boolean afterGap()
    {
        return afterGap;
    }

    /** Cut short by a capture gap. */
    public boolean cutByGap()
    {
        return cutByGap;
    }

    public boolean telnetIp()
    {
        return telnetIp;
    }

    public boolean telnetDm()
    {
        return telnetDm;
    }

    /** A URG segment came from the client since the previous command. */
    public boolean urgent()
    {
        return urgent;
    }

    /** Frame of the segment with the command's first byte. */
    public long frame()
    {
        return frame;
    }

    public long ts()
    {
        return ts;
    }

    /** Frame of the segment with the command's last byte. */
    public long endFrame()
    {
        return endFrame;
    }

    public long endTs()
    {
        return endTs;
    }
}
