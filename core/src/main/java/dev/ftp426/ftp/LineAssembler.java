package dev.ftp426.ftp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts one direction of a control connection into lines, over reassembled bytes delivered in any split.
 * <p>
 * A line ends at LF (CRLF or a bare LF; one trailing CR is dropped). Telnet sequences (RFC 854) are taken out of
 * the text and remembered per line: IAC IAC is a literal 0xFF, IAC IP and IAC DM set {@link #TELNET_IP} and
 * {@link #TELNET_DM}, IAC WILL/WONT/DO/DONT and their option byte and IAC SB ... IAC SE are skipped.
 * A line longer than the capacity keeps its first bytes and is flagged {@link #truncated()}; the rest is counted.
 * <p>
 * Frame attribution: a line carries the frame number and timestamp of the segment that delivered its
 * <b>first text byte</b> ({@link #firstFrame()}; for a line without text, the segment with its LF), and also the
 * frame of its last byte ({@link #lastFrame()}). Telnet IP/DM bytes carry their own frames, so "ABOR" sent after an
 * IAC IP in an earlier segment is dated by the "A".
 * <p>
 * Gaps: {@link #gap} hands a partial line over at once, flagged {@link #cutByGap()}, and marks the next line
 * {@link #afterGap()}: its start may be the middle of a line, so the consumer decides whether it looks like a line
 * start (resynchronisation).
 */
final class LineAssembler
{
    static final int TELNET_IP = 1;
    static final int TELNET_DM = 2;
    static final int TELNET_OTHER = 4;

    private static final int INITIAL_CAPACITY = 256;

    private static final byte IAC = (byte)0xff;
    private static final int T_NORMAL = 0;
    private static final int T_IAC = 1;
    private static final int T_OPTION = 2;
    private static final int T_SUB = 3;
    private static final int T_SUB_IAC = 4;

    /** Receives each completed line; the assembler's accessors describe it during the call only. */
    interface Sink
    {
        void onLine(LineAssembler line);
    }

    private final int maxLength;
    private UnsafeBuffer line = new UnsafeBuffer(new byte[INITIAL_CAPACITY]);
    private int length;
    private long droppedBytes;
    private boolean inLine;
    private long firstFrame = -1;
    private long firstTs;
    private long lastFrame = -1;
    private long lastTs;
    private int telnetState = T_NORMAL;
    private int telnetFlags;
    private long ipFrame = -1;
    private long ipTs;
    private long dmFrame = -1;
    private long dmTs;
    private boolean afterGap;
    private boolean cutByGap;
    private boolean unterminated;
    private boolean stopped;

    // statistics
    private long linesTruncated;

    LineAssembler(final int maxLength)
    {
        this.maxLength = maxLength;
    }

    void reset()
    {
        clearLine();
        telnetState = T_NORMAL;
        afterGap = false;
        stopped = false;
        linesTruncated = 0;
    }

    /** No more lines: the rest of this direction is not FTP text (TLS after 234). */
    void stop()
    {
        stopped = true;
        clearLine();
        telnetState = T_NORMAL;
    }

    boolean stopped()
    {
        return stopped;
    }

    /** Nothing of a line has arrived yet: the next byte starts a line. */
    boolean atLineStart()
    {
        return !inLine && telnetState == T_NORMAL;
    }

    /**
     * @return bytes taken: {@code count}, or fewer when a line handed to the sink stopped this assembler (the rest
     *         is no longer FTP text, e.g. TLS right after a 234 line in the same segment).
     */
    int feed(final DirectBuffer buffer, final int offset, final int count, final long frame, final long ts,
        final Sink sink)
    {
        final int end = offset + count;
        int i = offset;
        for (; i < end && !stopped; i++)
        {
            final byte c = buffer.getByte(i);
            switch (telnetState)
            {
                case T_NORMAL:
                    if (c == '\n')
                    {
                        if (firstFrame < 0)
                        {
                            firstFrame = frame;
                            firstTs = ts;
                        }
                        lastFrame = frame;
                        lastTs = ts;
                        complete(sink);
                    }
                    else if (c == IAC)
                    {
                        telnetState = T_IAC;
                        inLine = true;
                    }
                    else
                    {
                        append(c, frame, ts);
                    }
                    break;

                case T_IAC:
                    telnetState = T_NORMAL;
                    telnet(c, frame, ts);
                    break;

                case T_OPTION:
                    telnetState = T_NORMAL;
                    break;

                case T_SUB:
                    if (c == IAC)
                    {
                        telnetState = T_SUB_IAC;
                    }
                    break;

                default: // T_SUB_IAC
                    telnetState = c == (byte)0xf0 ? T_NORMAL : T_SUB;
                    break;
            }
        }
        return i - offset;
    }

    private void telnet(final byte command, final long frame, final long ts)
    {
        switch (command & 0xff)
        {
            case 0xff:
                append(IAC, frame, ts);
                break;
            case 0xf4:
                telnetFlags |= TELNET_IP;
                ipFrame = frame;
                ipTs = ts;
                break;
            case 0xf2:
                telnetFlags |= TELNET_DM;
                dmFrame = frame;
                dmTs = ts;
                break;
            case 0xfb:
            case 0xfc:
            case 0xfd:
            case 0xfe:
                telnetFlags |= TELNET_OTHER;
                telnetState = T_OPTION;
                break;
            case 0xfa:
                telnetFlags |= TELNET_OTHER;
                telnetState = T_SUB;
                break;
            default:
                telnetFlags |= TELNET_OTHER;
                break;
        }
    }

    private void append(final byte c, final long frame, final long ts)
    {
        if (length == 0 && droppedBytes == 0)
        {
            firstFrame = frame;
            firstTs = ts;
        }
        inLine = true;
        lastFrame = frame;
        lastTs = ts;
        if (length < maxLength)
        {
            if (length == line.capacity())
            {
                final UnsafeBuffer bigger = new UnsafeBuffer(new byte[Math.min(maxLength, line.capacity() * 2)]);
                bigger.putBytes(0, line, 0, length);
                line = bigger;
            }
            line.putByte(length++, c);
        }
        else
        {
            droppedBytes++;
        }
    }

    /** A hole of {@code bytes} in this direction: hands over the partial line and resynchronises after it. */
    void gap(final long frame, final long ts, final Sink sink)
    {
        if (stopped)
        {
            return;
        }
        telnetState = T_NORMAL;
        if (inLine && (length > 0 || telnetFlags != 0))
        {
            cutByGap = true;
            complete(sink);
        }
        else
        {
            clearLine();
        }
        afterGap = true;
    }

    /** End of the stream: a partial line is handed over flagged {@link #unterminated()}. */
    void finish(final Sink sink)
    {
        if (!stopped && inLine && length > 0)
        {
            unterminated = true;
            complete(sink);
        }
        clearLine();
        telnetState = T_NORMAL;
    }

    private void complete(final Sink sink)
    {
        if (length > 0 && line.getByte(length - 1) == '\r' && droppedBytes == 0)
        {
            length--;
        }
        if (droppedBytes > 0)
        {
            linesTruncated++;
        }
        sink.onLine(this);
        final boolean wasCut = cutByGap;
        clearLine();
        if (!wasCut)
        {
            afterGap = false;
        }
    }

    private void clearLine()
    {
        length = 0;
        droppedBytes = 0;
        inLine = false;
        firstFrame = -1;
        firstTs = 0;
        lastFrame = -1;
        lastTs = 0;
        telnetFlags = 0;
        ipFrame = -1;
        ipTs = 0;
        dmFrame = -1;
        dmTs = 0;
        cutByGap = false;
        unterminated = false;
    }

    /** Line text without the line end; valid during {@link Sink#onLine} only. */
    DirectBuffer buffer()
    {
        return line;
    }

    int length()
    {
        return length;
    }

    boolean truncated()
    {
        return droppedBytes > 0;
    }

    long droppedBytes()
    {
        return droppedBytes;
    }

    long firstFrame()
    {
        return firstFrame;
    }

    long firstTs()
    {
        return firstTs;
    }

    long lastFrame()
    {
        return lastFrame;
    }

    long lastTs()
    {
        return lastTs;
    }

    int telnetFlags()
    {
        return telnetFlags;
    }

    long ipFrame()
    {
        return ipFrame;
    }

    long ipTs()
    {
        return ipTs;
    }

    long dmFrame()
    {
        return dmFrame;
    }

    long dmTs()
    {
        return dmTs;
    }

    /** The first line after a gap: its start may be the middle of a line the capture lost. */
    boolean afterGap()
    {
        return afterGap;
    }

    /** A partial line handed over because a gap followed it. */
    boolean cutByGap()
    {
        return cutByGap;
    }

    /** A partial line handed over because the stream ended. */
    boolean unterminated()
    {
        return unterminated;
    }

    long linesTruncated()
    {
        return linesTruncated;
    }
}
