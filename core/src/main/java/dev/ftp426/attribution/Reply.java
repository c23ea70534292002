package dev.ftp426.attribution;

/**
 * One FTP reply as the control connection carried it.
 *
 * @param code     three-digit reply code.
 * @param text     reply text without the code (last line of a multi-line reply).
 * @param frame    1-based frame number of the segment that completed the reply.
 * @param tsNanos  capture timestamp of that frame, nanoseconds since the epoch.
 */
public record Reply(int code, String text, long frame, long tsNanos)
{
    /** True for the codes that end a transfer badly (4xx/5xx). */
    public boolean failure()
    {
        return code >= 400;
    }

    @Override
    public String toString()
    {
        return code + " " + text;
    }
}
