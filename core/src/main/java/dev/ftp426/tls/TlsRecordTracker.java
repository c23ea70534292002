package dev.ftp426.tls;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Follows the TLS record layer of one TCP connection (both directions) over reassembled byte streams cut into
 * arbitrary chunks, and writes what it sees into a {@link TlsFacts}: hellos, record counts, alerts, the last record
 * before each direction's close. Complete records are handed to an optional {@link TlsRecordListener} (usually a
 * {@link TlsDecryptor}).
 * <p>
 * Feed it the bytes from where TLS starts in each direction: byte 0 of a protected FTPS data connection, and on an
 * explicit-FTPS control connection the client's bytes after its {@code AUTH TLS} line and the server's bytes after its
 * {@code 234} reply line. A record lying whole inside one chunk is handed over in place; only records spanning chunks
 * are copied, into a per-direction buffer of {@link #MAX_FRAGMENT_LENGTH} bytes allocated on first need. Bytes that
 * are not a plausible record header (and gaps that cover a header) make the direction lose synchronisation: bytes are
 * then skipped (counted) until a plausible header appears. A gap inside a record's body keeps the boundaries: that
 * record is reported lost. Nothing here throws on bad input, and nothing is allocated per record.
 */
public final class TlsRecordTracker
{
    public static final int HEADER_LENGTH = 5;
    /** Largest fragment accepted: 2^14 plus the 2048 bytes of expansion TLS 1.2 allows (RFC 5246 6.2.3). */
    public static final int MAX_FRAGMENT_LENGTH = (1 << 14) + 2048;
    /** Largest ClientHello/ServerHello body parsed; longer ones are counted as malformed. */
    public static final int MAX_HELLO_LENGTH = 1 << 14;

    private static final int HS_CLIENT_HELLO = 1;
    private static final int HS_SERVER_HELLO = 2;
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_SUPPORTED_VERSIONS = 43;
    private static final byte[] HELLO_RETRY_RANDOM =
    {
        (byte)0xCF, 0x21, (byte)0xAD, 0x74, (byte)0xE5, (byte)0x9A, 0x61, 0x11, (byte)0xBE, 0x1D, (byte)0x8C, 0x02,
        0x1E, 0x65, (byte)0xB8, (byte)0x91, (byte)0xC2, (byte)0xA2, 0x11, 0x16, 0x7A, (byte)0xBB, (byte)0x8C, 0x5E,
        0x07, (byte)0x9E, 0x09, (byte)0xE2, (byte)0xC8, (byte)0xA8, 0x33, (byte)0x9C
    };

    private final TlsFacts facts;
    private final Side[] sides = {new Side(), new Side()};
    private final UnsafeBuffer helloView = new UnsafeBuffer(0, 0);
    private TlsRecordListener listener;

    // hello parsing cursor
    private DirectBuffer pb;
    private int pp;
    private int pend;
    private boolean pbad;

    /** Per-direction record assembly and plaintext handshake walking state. */
    private static final class Side
    {
        final byte[] header = new byte[HEADER_LENGTH];
        final UnsafeBuffer headerView = new UnsafeBuffer(header);
        int headerFill;
        int type;
        int version;
        int length;
        UnsafeBuffer body;
        int bodyFill;
        boolean bodyLost;
        boolean synced = true;
        boolean tentative;
        boolean changeCipherSpecSeen;

        final byte[] hsHeader = new byte[4];
        int hsHeaderFill;
        int hsType;
        int hsRemaining;
        boolean hsCapture;
        byte[] hello;
        int helloFill;

        void reset()
        {
            headerFill = 0;
            type = 0;
            version = 0;
            length = 0;
            bodyFill = 0;
            bodyLost = false;
            synced = true;
            tentative = false;
            changeCipherSpecSeen = false;
            hsHeaderFill = 0;
            hsType = 0;
            hsRemaining = 0;
            hsCapture = false;
            helloFill = 0;
        }
    }

    /**
     * @param facts    where the connection's facts go (not reset here).
     * @param listener receives complete records; null for facts only.
     */
    public TlsRecordTracker(final TlsFacts facts, final TlsRecordListener listener)
    {
        this.facts = facts;
        this.listener = listener;
    }

    public TlsFacts facts()
    {
        return facts;
    }

    public void listener(final TlsRecordListener listener)
    {
        this.listener = listener;
    }

    /** Forgets all stream state (buffers are kept) and resets the facts, for reuse on another connection. */
    public void reset()
    {
        sides[0].reset();
        sides[1].reset();
        facts.reset();
    }

    /**
     * True when the bytes at {@code offset} can start a TLS record header (type 20..24, version 3.x, length in
     * range); only the bytes present up to {@code limit} are checked. Useful to decide where TLS starts.
     */
    public static boolean isPlausibleHeader(final DirectBuffer buffer, final int offset, final int limit)
    {
        final int available = limit - offset;
        if (available <= 0)
        {
            return false;
        }
        final int type = buffer.getByte(offset) & 0xff;
        if (!TlsContentType.isKnown(type))
        {
            return false;
        }
        if (available >= 2 && buffer.getByte(offset + 1) != 3)
        {
            return false;
        }
        if (available >= 3 && (buffer.getByte(offset + 2) & 0xff) > 4)
        {
            return false;
        }
        if (available >= 5)
        {
            final int length = ((buffer.getByte(offset + 3) & 0xff) << 8) | (buffer.getByte(offset + 4) & 0xff);
            return length <= MAX_FRAGMENT_LENGTH;
        }
        return true;
    }

    /** In-order stream bytes of one direction (0 from the TCP initiator, 1 from the responder). */
    public void onData(
        final int direction, final DirectBuffer buffer, final int offset, final int length, final long frame,
        final long tsNanos)
    {
        final Side s = sides[direction];
        final int end = offset + length;
        int pos = offset;
        while (pos < end)
        {
            if (!s.synced)
            {
                if (s.tentative)
                {
                    // a candidate header cut by the chunk end: confirm it before trusting it
                    final int n = Math.min(HEADER_LENGTH - s.headerFill, end - pos);
                    buffer.getBytes(pos, s.header, s.headerFill, n);
                    s.headerFill += n;
                    pos += n;
                    // a false candidate may overlap the real header: drop one byte at a time, not the whole candidate
                    while (s.headerFill > 0 && !isPlausibleResyncPoint(s.headerView, 0, s.headerFill))
                    {
                        System.arraycopy(s.header, 1, s.header, 0, --s.headerFill);
                        facts.skippedBytes[direction]++;
                    }
                    if (s.headerFill < HEADER_LENGTH)
                    {
                        s.tentative = s.headerFill > 0;
                        continue;
                    }
                    s.tentative = false;
                    s.synced = true;
                    startBody(s, s.header[0] & 0xff, ((s.header[1] & 0xff) << 8) | (s.header[2] & 0xff),
                        ((s.header[3] & 0xff) << 8) | (s.header[4] & 0xff));
                    continue;
                }
                final int start = pos;
                while (pos < end && !isPlausibleResyncPoint(buffer, pos, end))
                {
                    pos++;
                }
                facts.skippedBytes[direction] += pos - start;
                if (pos == end)
                {
                    break;
                }
                if (end - pos < HEADER_LENGTH)
                {
                    s.tentative = true;
                    s.headerFill = end - pos;
                    buffer.getBytes(pos, s.header, 0, s.headerFill);
                    break;
                }
                s.synced = true;
                s.headerFill = 0;
            }

            if (s.headerFill < HEADER_LENGTH)
            {
                if (s.headerFill == 0 && end - pos >= HEADER_LENGTH)
                {
                    final int type = buffer.getByte(pos) & 0xff;
                    final int version = ((buffer.getByte(pos + 1) & 0xff) << 8) | (buffer.getByte(pos + 2) & 0xff);
                    final int recordLength = ((buffer.getByte(pos + 3) & 0xff) << 8) | (buffer.getByte(pos + 4) & 0xff);
                    if (!isPlausibleHeader(buffer, pos, pos + HEADER_LENGTH))
                    {
                        loseSync(direction, s, frame, tsNanos);
                        facts.skippedBytes[direction]++;
                        pos++;
                        continue;
                    }
                    if (end - pos - HEADER_LENGTH >= recordLength)
                    {
                        onRecord(direction, s, type, version, buffer, pos + HEADER_LENGTH, recordLength, frame, tsNanos);
                        pos += HEADER_LENGTH + recordLength;
                        continue;
                    }
                    buffer.getBytes(pos, s.header, 0, HEADER_LENGTH);
                    s.headerFill = HEADER_LENGTH;
                    pos += HEADER_LENGTH;
                    startBody(s, type, version, recordLength);
                }
                else
                {
                    final int n = Math.min(HEADER_LENGTH - s.headerFill, end - pos);
                    buffer.getBytes(pos, s.header, s.headerFill, n);
                    s.headerFill += n;
                    pos += n;
                    if (s.headerFill < HEADER_LENGTH)
                    {
                        break;
                    }
                    final int type = s.header[0] & 0xff;
                    final int version = ((s.header[1] & 0xff) << 8) | (s.header[2] & 0xff);
                    final int recordLength = ((s.header[3] & 0xff) << 8) | (s.header[4] & 0xff);
                    if (!TlsContentType.isKnown(type) || s.header[1] != 3 || (s.header[2] & 0xff) > 4 ||
                        recordLength > MAX_FRAGMENT_LENGTH)
                    {
                        loseSync(direction, s, frame, tsNanos);
                        // the next header may start inside these five bytes: rescan them from the second one
                        System.arraycopy(s.header, 1, s.header, 0, HEADER_LENGTH - 1);
                        s.headerFill = HEADER_LENGTH - 1;
                        s.tentative = true;
                        facts.skippedBytes[direction]++;
                        continue;
                    }
                    startBody(s, type, version, recordLength);
                }
            }

            final int n = Math.min(s.length - s.bodyFill, end - pos);
            if (!s.bodyLost && n > 0)
            {
                if (s.body == null)
                {
                    s.body = new UnsafeBuffer(new byte[MAX_FRAGMENT_LENGTH]);
                }
                s.body.putBytes(s.bodyFill, buffer, pos, n);
            }
            s.bodyFill += n;
            pos += n;
            if (s.bodyFill == s.length)
            {
                finishBufferedRecord(direction, s, frame, tsNanos);
            }
        }
    }

    /** Bytes of one direction missing from the capture at this point of the stream. */
    public void onGap(final int direction, final long bytes, final long frame, final long tsNanos)
    {
        final Side s = sides[direction];
        facts.gaps[direction]++;
        facts.gapBytes[direction] += bytes;
        if (!s.synced || bytes <= 0)
        {
            return;
        }
        if (s.headerFill == HEADER_LENGTH && bytes <= s.length - s.bodyFill)
        {
            s.bodyLost = true;
            s.bodyFill += (int)bytes;
            if (s.bodyFill == s.length)
            {
                finishBufferedRecord(direction, s, frame, tsNanos);
            }
            return;
        }
        if (s.headerFill == HEADER_LENGTH)
        {
            facts.lostRecords[direction]++;
            if (listener != null)
            {
                listener.onRecordLost(direction, s.type, s.length, frame, tsNanos);
            }
        }
        loseSync(direction, s, frame, tsNanos);
    }

    /** The direction's FIN. */
    public void onFin(final int direction, final long frame, final long tsNanos)
    {
        end(direction, TlsFacts.END_FIN, frame, tsNanos);
    }

    /** A RST from the direction. */
    public void onRst(final int direction, final long frame, final long tsNanos)
    {
        end(direction, TlsFacts.END_RST, frame, tsNanos);
    }

    private void end(final int direction, final int kind, final long frame, final long tsNanos)
    {
        if (facts.endKind[direction] != TlsFacts.END_NONE)
        {
            return;
        }
        final Side s = sides[direction];
        facts.endKind[direction] = kind;
        facts.endFrame[direction] = frame;
        facts.endTsNanos[direction] = tsNanos;
        facts.partialRecordBytesAtEnd[direction] = s.synced ? s.headerFill + s.bodyFill : 0;
    }

    private static boolean isPlausibleResyncPoint(final DirectBuffer buffer, final int pos, final int end)
    {
        if (!isPlausibleHeader(buffer, pos, end))
        {
            return false;
        }
        // a zero length record is legal but too weak a signal to resynchronise on
        return end - pos < HEADER_LENGTH || buffer.getByte(pos + 3) != 0 || buffer.getByte(pos + 4) != 0;
    }

    private void loseSync(final int direction, final Side s, final long frame, final long tsNanos)
    {
        s.synced = false;
        s.tentative = false;
        s.headerFill = 0;
        s.bodyFill = 0;
        s.bodyLost = false;
        s.hsHeaderFill = 0;
        s.hsRemaining = 0;
        s.hsCapture = false;
        facts.syncLosses[direction]++;
        if (listener != null)
        {
            listener.onSyncLost(direction, frame, tsNanos);
        }
    }

    private static void startBody(final Side s, final int type, final int version, final int length)
    {
        s.type = type;
        s.version = version;
        s.length = length;
        s.bodyFill = 0;
        s.bodyLost = false;
    }

    private void finishBufferedRecord(final int direction, final Side s, final long frame, final long tsNanos)
    {
        s.headerFill = 0;
        s.bodyFill = 0;
        if (s.bodyLost)
        {
            s.bodyLost = false;
            facts.lostRecords[direction]++;
            s.hsHeaderFill = 0;
            s.hsRemaining = 0;
            s.hsCapture = false;
            if (listener != null)
            {
                listener.onRecordLost(direction, s.type, s.length, frame, tsNanos);
            }
            return;
        }
        onRecord(direction, s, s.type, s.version, s.body != null ? s.body : helloView, 0, s.length, frame, tsNanos);
    }

    private boolean protectedOuterRecords(final Side s)
    {
        return s.changeCipherSpecSeen && facts.selectedVersion != TlsVersion.TLS_1_3;
    }

    private void onRecord(
        final int direction, final Side s, final int type, final int version, final DirectBuffer buffer,
        final int offset, final int length, final long frame, final long tsNanos)
    {
        final TlsFacts f = facts;
        f.records[direction]++;
        f.recordBytes[direction] += HEADER_LENGTH + length;
        f.recordsByType[direction][TlsFacts.typeSlot(type)]++;
        if (f.firstRecordFrame[direction] < 0)
        {
            f.firstRecordFrame[direction] = frame;
        }
        f.lastRecordType[direction] = type;
        f.lastRecordLength[direction] = length;
        f.lastRecordFrame[direction] = frame;
        f.lastRecordTsNanos[direction] = tsNanos;

        switch (type)
        {
            case TlsContentType.CHANGE_CIPHER_SPEC:
                if (f.changeCipherSpecFrame[direction] < 0)
                {
                    f.changeCipherSpecFrame[direction] = frame;
                }
                s.changeCipherSpecSeen = true;
                break;

            case TlsContentType.ALERT:
                f.lastAlertRecordFrame[direction] = frame;
                if (!protectedOuterRecords(s) && length == 2)
                {
                    f.plaintextAlertLevel[direction] = buffer.getByte(offset) & 0xff;
                    f.plaintextAlertDescription[direction] = buffer.getByte(offset + 1) & 0xff;
                    f.plaintextAlertFrame[direction] = frame;
                    if (f.plaintextAlertDescription[direction] == 0 && f.closeNotifyFrame[direction] < 0)
                    {
                        f.closeNotifyFrame[direction] = frame;
                    }
                }
                break;

            case TlsContentType.HANDSHAKE:
                if (!protectedOuterRecords(s))
                {
                    walkHandshake(direction, s, buffer, offset, length, frame);
                }
                break;

            case TlsContentType.APPLICATION_DATA:
                if (f.firstApplicationDataFrame[direction] < 0)
                {
                    f.firstApplicationDataFrame[direction] = frame;
                }
                break;

            default:
                break;
        }

        if (listener != null)
        {
            listener.onRecord(direction, type, version, buffer, offset, length, frame, tsNanos);
        }
    }

    private void walkHandshake(
        final int direction, final Side s, final DirectBuffer buffer, final int offset, final int length,
        final long frame)
    {
        final int end = offset + length;
        int pos = offset;
        while (pos < end)
        {
            if (s.hsHeaderFill < 4)
            {
                if (s.hsHeaderFill == 0 && end - pos >= 4)
                {
                    final int msgType = buffer.getByte(pos) & 0xff;
                    final int msgLength = ((buffer.getByte(pos + 1) & 0xff) << 16) |
                        ((buffer.getByte(pos + 2) & 0xff) << 8) | (buffer.getByte(pos + 3) & 0xff);
                    if (end - pos - 4 >= msgLength)
                    {
                        onHandshakeMessage(direction, msgType, buffer, pos + 4, msgLength, frame);
                        pos += 4 + msgLength;
                        continue;
                    }
                }
                s.hsHeader[s.hsHeaderFill++] = buffer.getByte(pos++);
                if (s.hsHeaderFill == 4)
                {
                    s.hsType = s.hsHeader[0] & 0xff;
                    s.hsRemaining = ((s.hsHeader[1] & 0xff) << 16) | ((s.hsHeader[2] & 0xff) << 8) |
                        (s.hsHeader[3] & 0xff);
                    final boolean hello = s.hsType == HS_CLIENT_HELLO || s.hsType == HS_SERVER_HELLO;
                    s.hsCapture = hello && s.hsRemaining <= MAX_HELLO_LENGTH;
                    if (hello && !s.hsCapture)
                    {
                        facts.malformedHellos++;
                    }
                    s.helloFill = 0;
                    if (s.hsRemaining == 0)
                    {
                        finishHandshakeMessage(direction, s, frame);
                    }
                }
                continue;
            }
            final int n = Math.min(s.hsRemaining, end - pos);
            if (s.hsCapture)
            {
                if (s.hello == null)
                {
                    s.hello = new byte[MAX_HELLO_LENGTH];
                }
                buffer.getBytes(pos, s.hello, s.helloFill, n);
                s.helloFill += n;
            }
            pos += n;
            s.hsRemaining -= n;
            if (s.hsRemaining == 0)
            {
                finishHandshakeMessage(direction, s, frame);
            }
        }
    }

    private void finishHandshakeMessage(final int direction, final Side s, final long frame)
    {
        s.hsHeaderFill = 0;
        if (s.hsCapture)
        {
            s.hsCapture = false;
            helloView.wrap(s.hello, 0, s.helloFill);
            onHandshakeMessage(direction, s.hsType, helloView, 0, s.helloFill, frame);
        }
    }

    private void onHandshakeMessage(
        final int direction, final int msgType, final DirectBuffer buffer, final int offset, final int length,
        final long frame)
    {
        if (msgType == HS_CLIENT_HELLO)
        {
            parseClientHello(direction, buffer, offset, length, frame);
        }
        else if (msgType == HS_SERVER_HELLO)
        {
            parseServerHello(direction, buffer, offset, length, frame);
        }
    }

    private void parseStart(final DirectBuffer buffer, final int offset, final int length)
    {
        pb = buffer;
        pp = offset;
        pend = offset + length;
        pbad = false;
    }

    private boolean need(final int n)
    {
        if (pbad || n < 0 || pend - pp < n)
        {
            pbad = true;
            return false;
        }
        return true;
    }

    private int u8()
    {
        return need(1) ? pb.getByte(pp++) & 0xff : 0;
    }

    private int u16()
    {
        if (!need(2))
        {
            return 0;
        }
        final int v = ((pb.getByte(pp) & 0xff) << 8) | (pb.getByte(pp + 1) & 0xff);
        pp += 2;
        return v;
    }

    private void skip(final int n)
    {
        if (need(n))
        {
            pp += n;
        }
    }

    private void parseClientHello(
        final int direction, final DirectBuffer buffer, final int offset, final int length, final long frame)
    {
        final TlsFacts f = facts;
        if (f.clientHelloFrame >= 0)
        {
            return; // the second ClientHello after a HelloRetryRequest carries the same random
        }
        parseStart(buffer, offset, length);
        final int version = u16();
        if (!need(32))
        {
            f.malformedHellos++;
            return;
        }
        f.clientDirection = direction;
        f.clientHelloFrame = frame;
        f.clientHelloVersion = version;
        buffer.getBytes(pp, f.clientRandom, 0, 32);
        pp += 32;
        skip(u8());
        final int suitesLength = u16();
        if (need(suitesLength))
        {
            final int suitesEnd = pp + suitesLength;
            f.offeredCipherSuiteCount = 0;
            while (suitesEnd - pp >= 2)
            {
                final int suite = u16();
                if (f.offeredCipherSuiteCount < TlsFacts.MAX_OFFERED)
                {
                    f.offeredCipherSuites[f.offeredCipherSuiteCount] = suite;
                }
                f.offeredCipherSuiteCount++;
            }
            pp = suitesEnd;
        }
        f.offeredCipherSuiteCount = Math.min(f.offeredCipherSuiteCount, TlsFacts.MAX_OFFERED);
        skip(u8());
        if (!pbad && pend - pp >= 2)
        {
            final int extensionsEnd = Math.min(pend, pp + 2 + u16());
            while (!pbad && extensionsEnd - pp >= 4)
            {
                final int type = u16();
                final int extLength = u16();
                if (!need(extLength) || pp + extLength > extensionsEnd)
                {
                    pbad = true;
                    break;
                }
                final int extEnd = pp + extLength;
                if (type == EXT_SUPPORTED_VERSIONS)
                {
                    final int listEnd = Math.min(extEnd, pp + 1 + u8());
                    f.offeredVersionCount = 0;
                    while (listEnd - pp >= 2 && f.offeredVersionCount < TlsFacts.MAX_OFFERED)
                    {
                        f.offeredVersions[f.offeredVersionCount++] = u16();
                    }
                }
                else if (type == EXT_SERVER_NAME && extLength >= 5)
                {
                    u16();
                    final int nameType = u8();
                    final int nameLength = u16();
                    if (nameType == 0 && nameLength <= extEnd - pp && nameLength <= TlsFacts.MAX_SERVER_NAME)
                    {
                        final char[] name = new char[nameLength];
                        for (int i = 0; i < nameLength; i++)
                        {
                            final int c = buffer.getByte(pp + i) & 0xff;
                            name[i] = c >= 0x21 && c < 0x7f ? (char)c : '?';
                        }
                        f.serverName = new String(name);
                    }
                }
                pp = extEnd;
            }
        }
        if (pbad)
        {
            f.malformedHellos++;
        }
    }

    private void parseServerHello(
        final int direction, final DirectBuffer buffer, final int offset, final int length, final long frame)
    {
        final TlsFacts f = facts;
        if (f.serverHelloFrame >= 0)
        {
            return;
        }
        parseStart(buffer, offset, length);
        final int version = u16();
        if (!need(32))
        {
            f.malformedHellos++;
            return;
        }
        boolean retry = true;
        for (int i = 0; i < 32; i++)
        {
            if (buffer.getByte(pp + i) != HELLO_RETRY_RANDOM[i])
            {
                retry = false;
                break;
            }
        }
        final int randomAt = pp;
        pp += 32;
        skip(u8());
        final int suite = u16();
        u8();
        int selected = version;
        if (!pbad && pend - pp >= 2)
        {
            final int extensionsEnd = Math.min(pend, pp + 2 + u16());
            while (!pbad && extensionsEnd - pp >= 4)
            {
                final int type = u16();
                final int extLength = u16();
                if (!need(extLength))
                {
                    break;
                }
                final int extEnd = pp + extLength;
                if (type == EXT_SUPPORTED_VERSIONS && extLength == 2)
                {
                    selected = u16();
                }
                pp = extEnd;
            }
        }
        if (pbad)
        {
            f.malformedHellos++;
            return;
        }
        if (f.clientDirection < 0)
        {
            f.clientDirection = 1 - direction;
        }
        f.cipherSuite = suite;
        f.selectedVersion = selected;
        if (retry)
        {
            f.helloRetryRequest = true;
            return;
        }
        f.serverHelloFrame = frame;
        f.serverHelloVersion = version;
        buffer.getBytes(randomAt, f.serverRandom, 0, 32);
    }
}
