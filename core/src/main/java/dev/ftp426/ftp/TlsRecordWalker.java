package dev.ftp426.ftp;

import org.agrona.DirectBuffer;

/**
 * Follows TLS record framing on an encrypted control channel so the tracker notices when clear text comes back
 * (CCC, RFC 4217 12.3: after the TLS closure the commands and replies are readable again).
 * <p>
 * Only record headers are read (type 20..24, version major 3, length at most 2^14 + 2048); the payload is skipped.
 * At a record boundary a byte that is no TLS content type but looks like the start of an FTP line (a letter from the
 * client, a digit 1..6 from the server) ends the encrypted phase. Anything else breaks the walk for good: the
 * direction then stays unreadable, which is the safe answer.
 */
final class TlsRecordWalker
{
    private static final int MAX_RECORD = (1 << 14) + 2048;

    private final byte[] header = new byte[5];
    private int headerHave;
    private int remaining;
    private boolean broken;

    /** Bytes were lost: the record framing cannot be followed any more. */
    void lose()
    {
        broken = true;
    }

    void reset()
    {
        headerHave = 0;
        remaining = 0;
        broken = false;
    }

    /**
     * @return the offset where clear FTP text starts again, or -1 when every byte was (or may be) TLS.
     */
    int walk(final DirectBuffer buffer, final int offset, final int length, final boolean fromClient)
    {
        if (broken)
        {
            return -1;
        }
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            if (remaining > 0)
            {
                final int take = Math.min(remaining, end - i);
                i += take;
                remaining -= take;
                continue;
            }
            final byte b = buffer.getByte(i);
            if (headerHave == 0 && (b < 20 || b > 24))
            {
                final boolean text = fromClient ?
                    (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') : b >= '1' && b <= '6';
                if (text)
                {
                    return i;
                }
                broken = true;
                return -1;
            }
            header[headerHave++] = b;
            i++;
            if (headerHave == 5)
            {
                headerHave = 0;
                final int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                if (header[1] != 3 || len > MAX_RECORD)
                {
                    broken = true;
                    return -1;
                }
                remaining = len;
            }
        }
        return -1;
    }
}
