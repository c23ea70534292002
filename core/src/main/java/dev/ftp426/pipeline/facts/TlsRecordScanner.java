package dev.ftp426.pipeline.facts;

import org.agrona.DirectBuffer;

/**
 * Follows the TLS record headers of one direction of a data connection, segment by segment in sequence order, to
 * tell whether the sender ended its TLS stream with an alert (close_notify) before its FIN, and whether a ServerHello
 * chose TLS 1.3 (which hides record types). Only in-order bytes are read; a hole, or bytes that do not look like TLS
 * records, stop the scan. Allocation-free; the record bodies are skipped, not buffered.
 */
final class TlsRecordScanner
{
    static final int STATE_START = 0;
    static final int STATE_TLS = 1;
    static final int STATE_NOT_TLS = 2;
    static final int STATE_LOST = 3;

    private static final int HEADER = 5;
    private static final int MAX_RECORD = 16384 + 2048;
    private static final int CONTENT_ALERT = 21;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int SERVER_HELLO = 2;
    private static final int EXT_SUPPORTED_VERSIONS = 0x002b;
    private static final int TLS13 = 0x0304;

    private final byte[] header = new byte[HEADER];
    private int state;
    private boolean positionKnown;
    private long next;
    private int headerHave;
    private long recordEnd;
    private int records;
    private boolean alert;
    private boolean tls13;

    void reset()
    {
        state = STATE_START;
        positionKnown = false;
        next = 0;
        headerHave = 0;
        recordEnd = 0;
        records = 0;
        alert = false;
        tls13 = false;
    }

    int state()
    {
        return state;
    }

    /** At least one well-formed record was seen. */
    boolean sawRecords()
    {
        return records > 0;
    }

    boolean sawAlert()
    {
        return alert;
    }

    boolean sawTls13()
    {
        return tls13;
    }

    /**
     * One segment's payload at stream position {@code startAbs}; {@code capturedLength} bytes are present in
     * {@code buffer} from 0 (a snapped segment stops the scan where its bytes end).
     */
    void onSegment(final long startAbs, final DirectBuffer buffer, final int capturedLength, final int wireLength)
    {
        if (state >= STATE_NOT_TLS || wireLength <= 0)
        {
            return;
        }
        if (!positionKnown)
        {
            positionKnown = true;
            next = startAbs;
            recordEnd = startAbs;
        }
        final long end = startAbs + wireLength;
        if (end <= next)
        {
            return;
        }
        if (startAbs > next)
        {
            state = 0 == records ? STATE_NOT_TLS : STATE_LOST;
            return;
        }
        long pos = next;
        while (pos < end && state < STATE_NOT_TLS)
        {
            if (pos < recordEnd)
            {
                pos = Math.min(end, recordEnd);
                continue;
            }
            final int offset = (int)(pos - startAbs);
            if (offset >= capturedLength)
            {
                state = 0 == records ? STATE_NOT_TLS : STATE_LOST;
                break;
            }
            header[headerHave++] = buffer.getByte(offset);
            pos++;
            if (HEADER == headerHave)
            {
                headerHave = 0;
                final int type = header[0] & 0xff;
                final int major = header[1] & 0xff;
                final int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                if (type < 20 || type > 24 || 3 != major || length > MAX_RECORD)
                {
                    state = 0 == records ? STATE_NOT_TLS : STATE_LOST;
                    break;
                }
                records++;
                state = STATE_TLS;
                if (CONTENT_ALERT == type)
                {
                    alert = true;
                }
                else if (CONTENT_HANDSHAKE == type && 1 == records)
                {
                    final int bodyOffset = (int)(pos - startAbs);
                    if (bodyOffset + length <= capturedLength)
                    {
                        tls13 = serverHelloChoosesTls13(buffer, bodyOffset, length);
                    }
                }
                recordEnd = pos + length;
            }
        }
        next = Math.max(next, Math.min(end, pos));
    }

    /** A ServerHello whose supported_versions extension selects TLS 1.3. */
    private static boolean serverHelloChoosesTls13(final DirectBuffer b, final int offset, final int length)
    {
        final int limit = offset + length;
        if (length < 4 || (b.getByte(offset) & 0xff) != SERVER_HELLO)
        {
            return false;
        }
        int p = offset + 4 + 2 + 32;
        if (p >= limit)
        {
            return false;
        }
        p += 1 + (b.getByte(p) & 0xff);
        p += 2 + 1;
        if (p + 2 > limit)
        {
            return false;
        }
        final int extEnd = Math.min(limit, p + 2 + u16(b, p));
        p += 2;
        while (p + 4 <= extEnd)
        {
            final int type = u16(b, p);
            final int len = u16(b, p + 2);
            if (EXT_SUPPORTED_VERSIONS == type && 2 == len && p + 6 <= extEnd)
            {
                return TLS13 == u16(b, p + 4);
            }
            p += 4 + len;
        }
        return false;
    }

    private static int u16(final DirectBuffer b, final int i)
    {
        return ((b.getByte(i) & 0xff) << 8) | (b.getByte(i + 1) & 0xff);
    }
}
