package dev.ftp426.ftp;

import org.agrona.DirectBuffer;

/**
 * Recognising an FTP control connection from its first bytes, on any port.
 * <p>
 * An FTP server speaks first with a 220 greeting (or 120 "ready in n minutes"), and the client's first command is one
 * of USER, AUTH, FEAT, SYST, OPTS, HOST, CLNT, ACCT. A 220 alone is not enough: SMTP greets the same way, but its
 * client says EHLO/HELO. A TLS record header (0x16 0x03) where text was expected is implicit FTPS or not FTP at all:
 * {@link #TLS}.
 */
public final class FtpDetector
{
    public static final int NO = 0;
    public static final int YES = 1;
    public static final int NEED_MORE = 2;
    public static final int TLS = 3;

    private static final byte[] GREETING_220 = {'2', '2', '0'};
    private static final byte[] GREETING_120 = {'1', '2', '0'};

    private FtpDetector()
    {
    }

    /** First bytes the server sent: a 220/120 greeting line start? */
    public static int classifyServerStart(final DirectBuffer b, final int offset, final int length)
    {
        if (length >= 2 && b.getByte(offset) == 0x16 && b.getByte(offset + 1) == 0x03)
        {
            return TLS;
        }
        final int n = Math.min(length, 3);
        boolean ok220 = true;
        boolean ok120 = true;
        for (int i = 0; i < n; i++)
        {
            final byte c = b.getByte(offset + i);
            ok220 &= c == GREETING_220[i];
            ok120 &= c == GREETING_120[i];
        }
        if (!ok220 && !ok120)
        {
            return NO;
        }
        if (length < 4)
        {
            return NEED_MORE;
        }
        final byte sep = b.getByte(offset + 3);
        return sep == ' ' || sep == '-' || sep == '\r' || sep == '\n' ? YES : NO;
    }

    /** First bytes the client sent: one of the commands an FTP client opens with? */
    public static int classifyClientStart(final DirectBuffer b, final int offset, final int length)
    {
        if (length >= 2 && b.getByte(offset) == 0x16 && b.getByte(offset + 1) == 0x03)
        {
            return TLS;
        }
        int i = 0;
        while (i < length && i < 4)
        {
            final byte c = b.getByte(offset + i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            {
                break;
            }
            i++;
        }
        if (i == length && i < 5)
        {
            return NEED_MORE;
        }
        final byte next = b.getByte(offset + i);
        if (next != ' ' && next != '\r' && next != '\n')
        {
            return NO;
        }
        return FtpVerbs.isOpeningCommand(FtpVerbs.pack(b, offset, i)) ? YES : NO;
    }

    /**
     * Both directions' first bytes (either may be empty): {@link #YES} when the server greeted and the client
     * answered with an FTP opening command, {@link #NO} when either rules FTP out, {@link #TLS} for a TLS start,
     * else {@link #NEED_MORE}.
     */
    public static int looksLikeFtpControl(
        final DirectBuffer serverBytes, final int serverOffset, final int serverLength,
        final DirectBuffer clientBytes, final int clientOffset, final int clientLength)
    {
        final int server = serverLength == 0 ? NEED_MORE : classifyServerStart(serverBytes, serverOffset, serverLength);
        final int client = clientLength == 0 ? NEED_MORE : classifyClientStart(clientBytes, clientOffset, clientLength);
        if (server == NO || client == NO)
        {
            return NO;
        }
        if (server == TLS || client == TLS)
        {
            return TLS;
        }
        return server == YES && client == YES ? YES : NEED_MORE;
    }
}
