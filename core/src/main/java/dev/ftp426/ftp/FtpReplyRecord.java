package dev.ftp426.ftp;

/**
 * A reply kept in a transfer record: an immutable copy made when the reply completed (rare, so it may allocate).
 *
 * @param code         the three-digit reply code.
 * @param text         reply text after the code, lines of a multi-line reply joined by '\n'; decoded with
 *                     {@link FtpText} (undecodable bytes kept as U+DC80..U+DCFF).
 * @param textTruncated text was cut at the configured bound.
 * @param lineCount    1 for a single-line reply.
 * @param frame        frame of the segment that carried the reply's first byte (what tshark shows for the reply).
 * @param ts           timestamp of that frame, nanoseconds since the epoch.
 * @param endFrame     frame of the segment that carried the reply's last byte.
 * @param endTs        timestamp of that frame.
 * @param damaged      the reply was cut or started by a capture gap, or its block was closed by a bound.
 */
public record FtpReplyRecord(
    int code,
    String text,
    boolean textTruncated,
    int lineCount,
    long frame,
    long ts,
    long endFrame,
    long endTs,
    boolean damaged)
{
    @Override
    public String toString()
    {
        return code + " " + text + " @" + frame;
    }
}
