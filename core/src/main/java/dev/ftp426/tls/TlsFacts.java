package dev.ftp426.tls;

import java.util.Arrays;

/**
 * What one TCP connection's TLS record layer showed: hellos, record counts per direction and type, alerts, how each
 * direction ended, and (when a {@link TlsDecryptor} is attached) what decryption found.
 * <p>
 * One instance per connection, filled by a {@link TlsRecordTracker} and its {@link TlsDecryptor}; reusable through
 * {@link #reset()}. Directions are the caller's TCP directions (0 from the initiator, 1 from the responder); the TLS
 * client is whichever direction sent the ClientHello ({@link #clientDirection()}), which for an active-mode FTPS data
 * connection is the TCP responder. Frame numbers are -1 when the event was not seen.
 */
public final class TlsFacts
{
    /** The direction has not ended (yet). */
    public static final int END_NONE = 0;
    /** The direction ended with a TCP FIN. */
    public static final int END_FIN = 1;
    /** The direction ended with a TCP RST. */
    public static final int END_RST = 2;

    /** No ServerHello seen yet, so no keys were looked up. */
    public static final int KEYS_NOT_LOOKED_UP = 0;
    /** The key log has no entry for this connection's client random: it stays encrypted. */
    public static final int KEYS_NOT_IN_LOG = 1;
    /** The negotiated cipher suite (or version) is not one that can be decrypted. */
    public static final int KEYS_UNSUPPORTED_SUITE = 2;
    /** The key log has an entry, but not the secrets this version needs. */
    public static final int KEYS_INCOMPLETE = 3;
    /** Keys were derived: records are being decrypted. */
    public static final int KEYS_READY = 4;
    /** No ClientHello was seen (capture started mid-connection, or not TLS): nothing to look up. */
    public static final int KEYS_NO_CLIENT_HELLO = 5;

    /** Most offered versions / cipher suites kept from a ClientHello (the totals are counted). */
    public static final int MAX_OFFERED = 64;
    /** Longest server name kept. */
    public static final int MAX_SERVER_NAME = 255;

    private static final int TYPE_SLOTS = 6;

    // hellos
    int clientDirection = -1;
    long clientHelloFrame = -1;
    final byte[] clientRandom = new byte[32];
    int clientHelloVersion;
    final int[] offeredVersions = new int[MAX_OFFERED];
    int offeredVersionCount;
    final int[] offeredCipherSuites = new int[MAX_OFFERED];
    int offeredCipherSuiteCount;
    String serverName;
    long serverHelloFrame = -1;
    final byte[] serverRandom = new byte[32];
    int serverHelloVersion;
    int selectedVersion;
    int cipherSuite = -1;
    boolean helloRetryRequest;
    int malformedHellos;

    // per direction record layer
    final long[] records = new long[2];
    final long[] recordBytes = new long[2];
    final long[][] recordsByType = new long[2][TYPE_SLOTS];
    final long[] firstRecordFrame = new long[2];
    final long[] changeCipherSpecFrame = new long[2];
    final long[] firstApplicationDataFrame = new long[2];
    final int[] lastRecordType = new int[2];
    final int[] lastRecordLength = new int[2];
    final long[] lastRecordFrame = new long[2];
    final long[] lastRecordTsNanos = new long[2];
    final long[] lastAlertRecordFrame = new long[2];
    final int[] plaintextAlertLevel = new int[2];
    final int[] plaintextAlertDescription = new int[2];
    final long[] plaintextAlertFrame = new long[2];
    final long[] gaps = new long[2];
    final long[] gapBytes = new long[2];
    final long[] lostRecords = new long[2];
    final long[] syncLosses = new long[2];
    final long[] skippedBytes = new long[2];
    final int[] endKind = new int[2];
    final long[] endFrame = new long[2];
    final long[] endTsNanos = new long[2];
    final int[] partialRecordBytesAtEnd = new int[2];

    // decryption
    int keyStatus;
    final long[] decryptedRecords = new long[2];
    final long[] decryptFailures = new long[2];
    final long[] undecryptedRecords = new long[2];
    final long[] plaintextBytes = new long[2];
    final long[] closeNotifyFrame = new long[2];
    final int[] innerAlertLevel = new int[2];
    final int[] innerAlertDescription = new int[2];
    final long[] innerAlertFrame = new long[2];
    final long[] keyUpdates = new long[2];
    String note;

    public TlsFacts()
    {
        reset();
    }

    /** Clears everything for reuse on another connection. */
    public void reset()
    {
        clientDirection = -1;
        clientHelloFrame = -1;
        Arrays.fill(clientRandom, (byte)0);
        clientHelloVersion = 0;
        offeredVersionCount = 0;
        offeredCipherSuiteCount = 0;
        serverName = null;
        serverHelloFrame = -1;
        Arrays.fill(serverRandom, (byte)0);
        serverHelloVersion = 0;
        selectedVersion = 0;
        cipherSuite = -1;
        helloRetryRequest = false;
        malformedHellos = 0;
        for (int d = 0; d < 2; d++)
        {
            records[d] = 0;
            recordBytes[d] = 0;
            Arrays.fill(recordsByType[d], 0);
            firstRecordFrame[d] = -1;
            changeCipherSpecFrame[d] = -1;
            firstApplicationDataFrame[d] = -1;
            lastRecordType[d] = 0;
            lastRecordLength[d] = 0;
            lastRecordFrame[d] = -1;
            lastRecordTsNanos[d] = 0;
            lastAlertRecordFrame[d] = -1;
            plaintextAlertLevel[d] = 0;
            plaintextAlertDescription[d] = -1;
            plaintextAlertFrame[d] = -1;
            gaps[d] = 0;
            gapBytes[d] = 0;
            lostRecords[d] = 0;
            syncLosses[d] = 0;
            skippedBytes[d] = 0;
            endKind[d] = END_NONE;
            endFrame[d] = -1;
            endTsNanos[d] = 0;
            partialRecordBytesAtEnd[d] = 0;
            decryptedRecords[d] = 0;
            decryptFailures[d] = 0;
            undecryptedRecords[d] = 0;
            plaintextBytes[d] = 0;
            closeNotifyFrame[d] = -1;
            innerAlertLevel[d] = 0;
            innerAlertDescription[d] = -1;
            innerAlertFrame[d] = -1;
            keyUpdates[d] = 0;
        }
        keyStatus = KEYS_NOT_LOOKED_UP;
        note = null;
    }

    static int typeSlot(final int type)
    {
        return type >= TlsContentType.CHANGE_CIPHER_SPEC && type <= TlsContentType.HEARTBEAT ?
            type - TlsContentType.CHANGE_CIPHER_SPEC : TYPE_SLOTS - 1;
    }

    // ---------------------------------------------------------------- hellos

    /** Direction that sent the ClientHello, -1 when none was seen. */
    public int clientDirection()
    {
        return clientDirection;
    }

    /** Direction of the TLS server, -1 when no ClientHello was seen. */
    public int serverDirection()
    {
        return clientDirection < 0 ? -1 : 1 - clientDirection;
    }

    public boolean hasClientHello()
    {
        return clientHelloFrame >= 0;
    }

    public long clientHelloFrame()
    {
        return clientHelloFrame;
    }

    /** Copies the 32-byte ClientHello random into {@code dst} (zeros when no ClientHello was seen). */
    public void clientRandom(final byte[] dst)
    {
        System.arraycopy(clientRandom, 0, dst, 0, 32);
    }

    /** A copy of the ClientHello random, or null when none was seen. */
    public byte[] clientRandom()
    {
        return hasClientHello() ? clientRandom.clone() : null;
    }

    /** legacy_version of the ClientHello (0x0303 for TLS 1.2 and 1.3 clients). */
    public int clientHelloVersion()
    {
        return clientHelloVersion;
    }

    /** Number of versions in the ClientHello's supported_versions extension (0: extension absent). */
    public int offeredVersionCount()
    {
        return offeredVersionCount;
    }

    public int offeredVersion(final int index)
    {
        return offeredVersions[index];
    }

    /** Number of cipher suites offered (kept: the first {@link #MAX_OFFERED}). */
    public int offeredCipherSuiteCount()
    {
        return offeredCipherSuiteCount;
    }

    public int offeredCipherSuite(final int index)
    {
        return offeredCipherSuites[index];
    }

    /** host_name of the server_name extension, or null. */
    public String serverName()
    {
        return serverName;
    }

    public boolean hasServerHello()
    {
        return serverHelloFrame >= 0;
    }

    public long serverHelloFrame()
    {
        return serverHelloFrame;
    }

    /** A copy of the ServerHello random, or null when none was seen. */
    public byte[] serverRandom()
    {
        return hasServerHello() ? serverRandom.clone() : null;
    }

    /** legacy_version of the ServerHello. */
    public int serverHelloVersion()
    {
        return serverHelloVersion;
    }

    /** The negotiated version: supported_versions of the ServerHello, else its legacy_version; 0 when unknown. */
    public int selectedVersion()
    {
        return selectedVersion;
    }

    public boolean isTls13()
    {
        return selectedVersion == TlsVersion.TLS_1_3;
    }

    /** The cipher suite chosen by the ServerHello, -1 when unknown. */
    public int cipherSuite()
    {
        return cipherSuite;
    }

    /** True when the server answered with a HelloRetryRequest before its ServerHello. */
    public boolean helloRetryRequest()
    {
        return helloRetryRequest;
    }

    /** Hello messages that could not be parsed (too long, or their fields overran). */
    public int malformedHellos()
    {
        return malformedHellos;
    }

    // ---------------------------------------------------------------- record layer, per direction

    /** Complete records seen in {@code direction}. */
    public long records(final int direction)
    {
        return records[direction];
    }

    /** Bytes of the complete records seen (headers included). */
    public long recordBytes(final int direction)
    {
        return recordBytes[direction];
    }

    /** Complete records of one outer content type (types outside 20..24 are counted together under any of them). */
    public long records(final int direction, final int contentType)
    {
        return recordsByType[direction][typeSlot(contentType)];
    }

    public long firstRecordFrame(final int direction)
    {
        return firstRecordFrame[direction];
    }

    /** Frame of the first change_cipher_spec record of the direction. */
    public long changeCipherSpecFrame(final int direction)
    {
        return changeCipherSpecFrame[direction];
    }

    /** Frame of the first record with outer type application_data (in TLS 1.3 also the encrypted handshake). */
    public long firstApplicationDataFrame(final int direction)
    {
        return firstApplicationDataFrame[direction];
    }

    /** Outer content type of the last complete record; 0 when none. */
    public int lastRecordType(final int direction)
    {
        return lastRecordType[direction];
    }

    /** Fragment length of the last complete record. */
    public int lastRecordLength(final int direction)
    {
        return lastRecordLength[direction];
    }

    public long lastRecordFrame(final int direction)
    {
        return lastRecordFrame[direction];
    }

    public long lastRecordTsNanos(final int direction)
    {
        return lastRecordTsNanos[direction];
    }

    /**
     * Frame of the last record with outer type alert. In TLS 1.2 (and older) an encrypted close_notify is such a
     * record, so "an alert was sent before the FIN" is visible without keys; in TLS 1.3 every encrypted record is
     * outer type application_data and this stays -1 unless a plaintext alert was sent.
     */
    public long lastAlertRecordFrame(final int direction)
    {
        return lastAlertRecordFrame[direction];
    }

    /** True when the direction's last complete record has outer type alert. */
    public boolean lastRecordIsAlert(final int direction)
    {
        return lastRecordType[direction] == TlsContentType.ALERT;
    }

    /** Description of the last unencrypted alert (-1: none); 0 is close_notify. */
    public int plaintextAlertDescription(final int direction)
    {
        return plaintextAlertDescription[direction];
    }

    /** Level of the last unencrypted alert (1 warning, 2 fatal; 0 none). */
    public int plaintextAlertLevel(final int direction)
    {
        return plaintextAlertLevel[direction];
    }

    public long plaintextAlertFrame(final int direction)
    {
        return plaintextAlertFrame[direction];
    }

    /** Capture gaps reported in the direction. */
    public long gaps(final int direction)
    {
        return gaps[direction];
    }

    public long gapBytes(final int direction)
    {
        return gapBytes[direction];
    }

    /** Records whose header was seen but part of whose body fell into a gap. */
    public long lostRecords(final int direction)
    {
        return lostRecords[direction];
    }

    /** Times the record boundaries were lost (gap over a header, or bytes that are not a record header). */
    public long syncLosses(final int direction)
    {
        return syncLosses[direction];
    }

    /** Bytes skipped while looking for the next record header. */
    public long skippedBytes(final int direction)
    {
        return skippedBytes[direction];
    }

    /** How the direction ended: {@link #END_NONE}, {@link #END_FIN} or {@link #END_RST}. */
    public int endKind(final int direction)
    {
        return endKind[direction];
    }

    /** Frame of the FIN or RST that ended the direction. */
    public long endFrame(final int direction)
    {
        return endFrame[direction];
    }

    public long endTsNanos(final int direction)
    {
        return endTsNanos[direction];
    }

    /** Bytes of an incomplete record still buffered when the direction ended (a record cut by the close). */
    public int partialRecordBytesAtEnd(final int direction)
    {
        return partialRecordBytesAtEnd[direction];
    }

    // ---------------------------------------------------------------- decryption

    /** One of the {@code KEYS_} constants. */
    public int keyStatus()
    {
        return keyStatus;
    }

    public boolean decrypting()
    {
        return keyStatus == KEYS_READY;
    }

    /** Records decrypted (authenticated) in the direction. */
    public long decryptedRecords(final int direction)
    {
        return decryptedRecords[direction];
    }

    /** Records that failed authentication (wrong keys, lost sequence, damaged capture). Never thrown. */
    public long decryptFailures(final int direction)
    {
        return decryptFailures[direction];
    }

    /** Protected records not tried (no keys, no secret for that epoch, or decryption given up). */
    public long undecryptedRecords(final int direction)
    {
        return undecryptedRecords[direction];
    }

    /** Decrypted application_data bytes delivered. */
    public long plaintextBytes(final int direction)
    {
        return plaintextBytes[direction];
    }

    /**
     * Frame of the first close_notify seen in the direction, from a decrypted alert or an unencrypted one; -1 when
     * none was seen (which, without keys, does not mean none was sent).
     */
    public long closeNotifyFrame(final int direction)
    {
        return closeNotifyFrame[direction];
    }

    public boolean closeNotifySeen(final int direction)
    {
        return closeNotifyFrame[direction] >= 0;
    }

    /** Description of the last decrypted alert (-1: none). */
    public int innerAlertDescription(final int direction)
    {
        return innerAlertDescription[direction];
    }

    public int innerAlertLevel(final int direction)
    {
        return innerAlertLevel[direction];
    }

    public long innerAlertFrame(final int direction)
    {
        return innerAlertFrame[direction];
    }

    /** TLS 1.3 KeyUpdate messages followed in the direction. */
    public long keyUpdates(final int direction)
    {
        return keyUpdates[direction];
    }

    /** Why the connection is not (fully) decrypted, or null. */
    public String note()
    {
        return note;
    }

    public static String keyStatusName(final int status)
    {
        switch (status)
        {
            case KEYS_NOT_LOOKED_UP: return "not_looked_up";
            case KEYS_NOT_IN_LOG: return "not_in_key_log";
            case KEYS_UNSUPPORTED_SUITE: return "unsupported_suite";
            case KEYS_INCOMPLETE: return "incomplete_secrets";
            case KEYS_READY: return "ready";
            case KEYS_NO_CLIENT_HELLO: return "no_client_hello";
            default: return "unknown";
        }
    }

    public static String endKindName(final int kind)
    {
        switch (kind)
        {
            case END_FIN: return "fin";
            case END_RST: return "rst";
            default: return "none";
        }
    }

    @Override
    public String toString()
    {
        final StringBuilder b = new StringBuilder(256);
        b.append("TlsFacts{version=").append(TlsVersion.name(selectedVersion))
            .append(", suite=").append(cipherSuite < 0 ? "?" : String.format("0x%04x", cipherSuite))
            .append(", client=").append(clientDirection)
            .append(", keys=").append(keyStatusName(keyStatus));
        if (serverName != null)
        {
            b.append(", sni=").append(serverName);
        }
        for (int d = 0; d < 2; d++)
        {
            b.append(", [").append(d).append(": records=").append(records[d])
                .append(" last=").append(TlsContentType.name(lastRecordType[d])).append('/').append(lastRecordLength[d])
                .append('@').append(lastRecordFrame[d])
                .append(" end=").append(endKindName(endKind[d])).append('@').append(endFrame[d])
                .append(" closeNotify=").append(closeNotifyFrame[d])
                .append(" decrypted=").append(decryptedRecords[d])
                .append(" failed=").append(decryptFailures[d]).append(']');
        }
        if (note != null)
        {
            b.append(", note=").append(note);
        }
        return b.append('}').toString();
    }
}
