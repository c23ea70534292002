package dev.ftp426.tls;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decrypts the records of one TLS connection with secrets from a {@link KeyLog}, using only the JDK's own
 * cryptography, and hands decrypted application data to a {@link TlsPlaintextListener}.
 * <p>
 * Attach it as the {@link TlsRecordListener} of the connection's {@link TlsRecordTracker}, sharing its
 * {@link TlsFacts}. Keys are looked up once, at the ServerHello, by the ClientHello random:
 * <ul>
 *   <li>TLS 1.2 AEAD suites (AES-128/256-GCM: 0x009C..0x009F, 0xC02B, 0xC02C, 0xC02F, 0xC030; ChaCha20-Poly1305:
 *       0xCCA8..0xCCAA): key block from the {@code CLIENT_RANDOM} master secret with the TLS 1.2 PRF; records after
 *       each direction's ChangeCipherSpec are decrypted (the Finished, application data, alerts).</li>
 *   <li>TLS 1.3 (0x1301, 0x1302, 0x1303): handshake traffic keys until the direction's Finished, then
 *       {@code *_TRAFFIC_SECRET_0} (also adopted when a record only opens with it, e.g. when the handshake secrets
 *       are missing or the Finished was lost), KeyUpdate followed; inner content type and padding removed.</li>
 * </ul>
 * Alerts that decrypt (close_notify in particular) go into the facts and to {@link TlsPlaintextListener#onAlert}.
 * A record that fails authentication is counted ({@link TlsFacts#decryptFailures}) and skipped, never thrown; after
 * {@link #MAX_CONSECUTIVE_FAILURES} in a row the direction is given up (noted). After a capture gap the sequence
 * number is searched (TLS 1.2 GCM: from the explicit nonce; otherwise a window of {@link #RESYNC_WINDOW} past the
 * expected number and around an estimate from the gap size; wider for small records, which are also still tried in a
 * direction that was given up, so a close_notify after a long gap is not missed). A
 * connection whose keys are not in the log stays encrypted, with {@link TlsFacts#keyStatus()} and a note saying so.
 * <p>
 * Allocation: cipher, keys and two record-sized scratch arrays once per connection that has keys; per record only what
 * the JCE requires (the parameter spec passed to {@code Cipher.init}). Reusable through {@link #reset()}.
 */
public final class TlsDecryptor implements TlsRecordListener
{
    /** Failed records in a row after which a direction is no longer tried. */
    public static final int MAX_CONSECUTIVE_FAILURES = 16;
    /** Sequence numbers tried past the expected one (and around the estimate) after records were lost. */
    public static final int RESYNC_WINDOW = 32;
    /** Records up to this length (alerts, short replies) are cheap to open: searched wider, and tried after giving up. */
    public static final int SMALL_RECORD = 256;
    /** Window for small records. */
    public static final int SMALL_RECORD_WINDOW = 256;
    /** Small records tried in a direction after it was given up. */
    public static final int MAX_RETRIES_AFTER_GIVING_UP = 16;

    private static final int TAG_LENGTH = 16;
    private static final int EXPLICIT_NONCE_LENGTH = 8;
    private static final int EPOCH_NONE = 0;
    private static final int EPOCH_HANDSHAKE = 1;
    private static final int EPOCH_APPLICATION = 2;
    private static final int HS_FINISHED = 20;
    private static final int HS_KEY_UPDATE = 24;
    private static final byte[] EMPTY = new byte[0];

    private final KeyLog keyLog;
    private final TlsFacts facts;
    private final Keys[] keys = {new Keys(), new Keys()};
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[13];
    private TlsPlaintextListener listener;
    private TlsCipherSuite suite;
    private Cipher cipher;
    private String keyAlgorithm;
    private byte[] in;
    private byte[] out;
    private UnsafeBuffer outView;

    /** Keys and record state of one direction. */
    private static final class Keys
    {
        int epoch;
        boolean active;
        SecretKeySpec key;
        byte[] iv;
        long seq;
        byte[] applicationSecret;
        SecretKeySpec applicationKey;
        byte[] applicationIv;
        boolean uncertain;
        int consecutiveFailures;
        boolean givenUp;
        int retriesAfterGivingUp;
        long gapBytesSeen;
        int largestRecord;
        final byte[] hsHeader = new byte[4];
        int hsFill;
        int hsType;
        int hsRemaining;
        boolean switchPending;
        boolean updatePending;

        void reset()
        {
            epoch = EPOCH_NONE;
            active = false;
            key = null;
            iv = null;
            seq = 0;
            applicationSecret = null;
            applicationKey = null;
            applicationIv = null;
            uncertain = false;
            consecutiveFailures = 0;
            givenUp = false;
            retriesAfterGivingUp = 0;
            gapBytesSeen = 0;
            largestRecord = 0;
            hsFill = 0;
            hsType = 0;
            hsRemaining = 0;
            switchPending = false;
            updatePending = false;
        }
    }

    /**
     * @param keyLog   secrets to look the connection up in ({@link KeyLog#EMPTY} for none).
     * @param facts    the facts of the {@link TlsRecordTracker} this decryptor listens to.
     * @param listener receives decrypted application data and alerts.
     */
    public TlsDecryptor(final KeyLog keyLog, final TlsFacts facts, final TlsPlaintextListener listener)
    {
        this.keyLog = keyLog;
        this.facts = facts;
        this.listener = listener == null ? TlsPlaintextListener.NONE : listener;
    }

    public void listener(final TlsPlaintextListener listener)
    {
        this.listener = listener == null ? TlsPlaintextListener.NONE : listener;
    }

    /** Forgets keys and state for reuse on another connection (scratch arrays and cipher are kept). */
    public void reset()
    {
        keys[0].reset();
        keys[1].reset();
        suite = null;
    }

    /** True when the cipher suite can be decrypted by this class. */
    public static boolean isSupportedCipherSuite(final int cipherSuite)
    {
        return TlsCipherSuite.isSupported(cipherSuite);
    }

    @Override
    public void onRecord(
        final int direction, final int contentType, final int version, final DirectBuffer buffer, final int offset,
        final int length, final long frame, final long tsNanos)
    {
        if (facts.keyStatus == TlsFacts.KEYS_NOT_LOOKED_UP ||
            (facts.keyStatus == TlsFacts.KEYS_NO_CLIENT_HELLO && facts.hasClientHello()))
        {
            if (!facts.hasServerHello())
            {
                return;
            }
            setUp();
        }
        final Keys k = keys[direction];
        if (facts.keyStatus != TlsFacts.KEYS_READY)
        {
            if (contentType == TlsContentType.APPLICATION_DATA || (k.active && contentType != 20))
            {
                facts.undecryptedRecords[direction]++;
            }
            if (contentType == TlsContentType.CHANGE_CIPHER_SPEC)
            {
                k.active = true;
            }
            return;
        }
        if (suite.tls13)
        {
            if (contentType != TlsContentType.APPLICATION_DATA)
            {
                return; // compatibility ChangeCipherSpec, plaintext hellos and alerts
            }
            if (k.givenUp && !retryAfterGivingUp(k, length))
            {
                facts.undecryptedRecords[direction]++;
                return;
            }
            decrypt13(direction, k, version, buffer, offset, length, frame, tsNanos);
        }
        else
        {
            if (contentType == TlsContentType.CHANGE_CIPHER_SPEC)
            {
                k.active = true;
                k.seq = 0;
                k.uncertain = false;
                return;
            }
            if (!k.active)
            {
                return;
            }
            if (k.givenUp && !retryAfterGivingUp(k, length))
            {
                facts.undecryptedRecords[direction]++;
                return;
            }
            decrypt12(direction, k, contentType, version, buffer, offset, length, frame, tsNanos);
        }
    }

    /** A given-up direction still gets its small records tried (a close_notify at the end matters most). */
    private static boolean retryAfterGivingUp(final Keys k, final int length)
    {
        if (length > SMALL_RECORD || k.retriesAfterGivingUp >= MAX_RETRIES_AFTER_GIVING_UP)
        {
            return false;
        }
        k.retriesAfterGivingUp++;
        k.uncertain = true;
        return true;
    }

    @Override
    public void onRecordLost(
        final int direction, final int contentType, final int length, final long frame, final long tsNanos)
    {
        final Keys k = keys[direction];
        if (facts.keyStatus == TlsFacts.KEYS_READY && (k.active || suite.tls13) &&
            (suite.tls13 ? contentType == TlsContentType.APPLICATION_DATA : contentType != 20))
        {
            k.seq++;
            k.hsFill = 0;
            k.hsRemaining = 0;
            k.uncertain = true;
        }
    }

    @Override
    public void onSyncLost(final int direction, final long frame, final long tsNanos)
    {
        final Keys k = keys[direction];
        k.uncertain = true;
        k.hsFill = 0;
        k.hsRemaining = 0;
    }

    private void setUp()
    {
        final TlsFacts f = facts;
        if (!f.hasClientHello())
        {
            f.keyStatus = TlsFacts.KEYS_NO_CLIENT_HELLO;
            f.note = "no ClientHello seen: client random unknown, connection stays encrypted";
            return;
        }
        final KeyLogEntry entry = keyLog.find(f.clientRandom);
        if (entry == null)
        {
            f.keyStatus = TlsFacts.KEYS_NOT_IN_LOG;
            f.note = "client random not in key log: connection stays encrypted";
            return;
        }
        final TlsCipherSuite s = TlsCipherSuite.find(f.cipherSuite);
        if (s == null || s.tls13 != f.isTls13() ||
            (!s.tls13 && f.selectedVersion != TlsVersion.TLS_1_2))
        {
            f.keyStatus = TlsFacts.KEYS_UNSUPPORTED_SUITE;
            f.note = String.format("cipher suite 0x%04x with %s cannot be decrypted", f.cipherSuite,
                TlsVersion.name(f.selectedVersion));
            return;
        }
        try
        {
            final int client = f.clientDirection;
            final Keys c = keys[client];
            final Keys sv = keys[1 - client];
            if (s.tls13)
            {
                if (!entry.hasTls13TrafficSecrets() && entry.clientHandshakeTrafficSecret == null &&
                    entry.serverHandshakeTrafficSecret == null)
                {
                    incomplete("key log entry has no TLS 1.3 traffic secrets");
                    return;
                }
                initCipher(s);
                install13(s, c, entry.clientHandshakeTrafficSecret, entry.clientTrafficSecret0);
                install13(s, sv, entry.serverHandshakeTrafficSecret, entry.serverTrafficSecret0);
            }
            else
            {
                if (entry.masterSecret == null)
                {
                    incomplete("key log entry has no CLIENT_RANDOM master secret");
                    return;
                }
                initCipher(s);
                final byte[] seed = new byte[64];
                System.arraycopy(f.serverRandom, 0, seed, 0, 32);
                System.arraycopy(f.clientRandom, 0, seed, 32, 32);
                final int kl = s.keyLength;
                final int il = s.fixedIvLength;
                final byte[] block = TlsKeyDerivation.prf12(s.hmac, entry.masterSecret, "key expansion", seed,
                    2 * kl + 2 * il);
                c.key = new SecretKeySpec(block, 0, kl, keyAlgorithm);
                sv.key = new SecretKeySpec(block, kl, kl, keyAlgorithm);
                c.iv = java.util.Arrays.copyOfRange(block, 2 * kl, 2 * kl + il);
                sv.iv = java.util.Arrays.copyOfRange(block, 2 * kl + il, 2 * kl + 2 * il);
            }
        }
        catch (final GeneralSecurityException ex)
        {
            f.keyStatus = TlsFacts.KEYS_UNSUPPORTED_SUITE;
            f.note = "JDK cryptography cannot decrypt " + s.name + ": " + ex.getMessage();
            return;
        }
        suite = s;
        f.keyStatus = TlsFacts.KEYS_READY;
    }

    private void incomplete(final String why)
    {
        facts.keyStatus = TlsFacts.KEYS_INCOMPLETE;
        facts.note = why + ": connection stays encrypted";
    }

    private void initCipher(final TlsCipherSuite s) throws GeneralSecurityException
    {
        final boolean gcm = s.aead == TlsCipherSuite.AES_GCM;
        final String transformation = gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305";
        if (cipher == null || !cipher.getAlgorithm().equals(transformation))
        {
            cipher = Cipher.getInstance(transformation);
        }
        keyAlgorithm = gcm ? "AES" : "ChaCha20";
        if (in == null)
        {
            in = new byte[TlsRecordTracker.MAX_FRAGMENT_LENGTH];
            out = new byte[TlsRecordTracker.MAX_FRAGMENT_LENGTH];
            outView = new UnsafeBuffer(out);
        }
    }

    private void install13(
        final TlsCipherSuite s, final Keys k, final byte[] handshakeSecret, final byte[] applicationSecret)
        throws GeneralSecurityException
    {
        k.epoch = EPOCH_HANDSHAKE;
        k.seq = 0;
        if (handshakeSecret != null)
        {
            k.key = new SecretKeySpec(
                TlsKeyDerivation.hkdfExpandLabel(s.hmac, handshakeSecret, "key", EMPTY, s.keyLength), keyAlgorithm);
            k.iv = TlsKeyDerivation.hkdfExpandLabel(s.hmac, handshakeSecret, "iv", EMPTY, 12);
        }
        if (applicationSecret != null)
        {
            setApplicationSecret(s, k, applicationSecret);
        }
    }

    private void setApplicationSecret(final TlsCipherSuite s, final Keys k, final byte[] secret)
        throws GeneralSecurityException
    {
        k.applicationSecret = secret;
        k.applicationKey = new SecretKeySpec(
            TlsKeyDerivation.hkdfExpandLabel(s.hmac, secret, "key", EMPTY, s.keyLength), keyAlgorithm);
        k.applicationIv = TlsKeyDerivation.hkdfExpandLabel(s.hmac, secret, "iv", EMPTY, 12);
    }

    private static void switchToApplication(final Keys k)
    {
        k.epoch = EPOCH_APPLICATION;
        k.key = k.applicationKey;
        k.iv = k.applicationIv;
        k.seq = 0;
        k.hsFill = 0;
        k.hsRemaining = 0;
    }

    // ------------------------------------------------------------------------------------------------ TLS 1.3

    private void decrypt13(
        final int direction, final Keys k, final int version, final DirectBuffer buffer, final int offset,
        final int length, final long frame, final long tsNanos)
    {
        if (length < TAG_LENGTH + 1 || length > in.length)
        {
            failure(direction, k);
            return;
        }
        buffer.getBytes(offset, in, 0, length);
        int plain = k.key != null ? open13(k.key, k.iv, k.seq, version, length) : -1;
        if (plain < 0 && k.epoch == EPOCH_HANDSHAKE && k.applicationKey != null)
        {
            plain = open13(k.applicationKey, k.applicationIv, 0, version, length);
            if (plain >= 0)
            {
                switchToApplication(k);
            }
        }
        if (plain < 0 && k.uncertain)
        {
            plain = search(direction, k, 0, version, length);
        }
        if (plain < 0)
        {
            if (k.key == null)
            {
                facts.undecryptedRecords[direction]++; // secret of this epoch not logged
                return;
            }
            failure(direction, k);
            return;
        }
        succeeded(direction, k, length);
        facts.decryptedRecords[direction]++;

        int end = plain - 1;
        while (end >= 0 && out[end] == 0)
        {
            end--;
        }
        if (end >= 0)
        {
            final int innerType = out[end] & 0xff;
            deliver(direction, k, innerType, end, frame, tsNanos);
        }
        if (k.switchPending)
        {
            k.switchPending = false;
            if (k.applicationKey != null)
            {
                switchToApplication(k);
            }
            else
            {
                k.epoch = EPOCH_APPLICATION;
                k.key = null;
            }
        }
        if (k.updatePending)
        {
            k.updatePending = false;
            if (k.applicationSecret != null)
            {
                try
                {
                    setApplicationSecret(suite, k, TlsKeyDerivation.hkdfExpandLabel(
                        suite.hmac, k.applicationSecret, "traffic upd", EMPTY, suite.hashLength));
                    switchToApplication(k);
                    facts.keyUpdates[direction]++;
                }
                catch (final GeneralSecurityException ex)
                {
                    k.givenUp = true;
                    facts.note = "key update failed: " + ex.getMessage();
                }
            }
        }
    }

    /**
     * After lost records: tries the sequence numbers just past the expected one, then around an estimate from the gap
     * bytes since the last record opened and the largest record seen (bulk transfers use full-size records). TLS 1.3 in
     * the handshake epoch also tries the first application key. Returns the plaintext length, or -1.
     */
    private int search(final int direction, final Keys k, final int type, final int version, final int length)
    {
        final int window = length <= SMALL_RECORD ? SMALL_RECORD_WINDOW : RESYNC_WINDOW;
        final long estimate = k.largestRecord > 0 ?
            (facts.gapBytes[direction] - k.gapBytesSeen) / k.largestRecord : 0;
        for (int i = 1; i <= window; i++)
        {
            final int plain = tryAt(k, k.seq + i, type, version, length);
            if (plain >= 0)
            {
                return plain;
            }
        }
        if (estimate > window)
        {
            for (long s = Math.max(k.seq + window + 1, k.seq + estimate - window); s <= k.seq + estimate + window; s++)
            {
                final int plain = tryAt(k, s, type, version, length);
                if (plain >= 0)
                {
                    return plain;
                }
            }
        }
        if (suite.tls13 && k.epoch == EPOCH_HANDSHAKE && k.applicationKey != null)
        {
            // the Finished may have been among the lost records: the application keys start again at 0
            final long last = Math.max(window, estimate + window);
            for (long s = 1; s <= last; s++)
            {
                if (s > window && s < estimate - window)
                {
                    s = estimate - window;
                }
                final int plain = open13(k.applicationKey, k.applicationIv, s, version, length);
                if (plain >= 0)
                {
                    switchToApplication(k);
                    k.seq = s;
                    return plain;
                }
            }
        }
        return -1;
    }

    /** Opens the record in {@link #in} at sequence number {@code seq}; on success {@code k.seq} becomes it. */
    private int tryAt(final Keys k, final long seq, final int type, final int version, final int length)
    {
        final int plain = suite.tls13 ? (k.key != null ? open13(k.key, k.iv, seq, version, length) : -1) :
            open12(k, seq, type, version, length);
        if (plain >= 0)
        {
            k.seq = seq;
        }
        return plain;
    }

    private void succeeded(final int direction, final Keys k, final int length)
    {
        k.seq++;
        k.uncertain = false;
        k.consecutiveFailures = 0;
        if (k.givenUp)
        {
            k.givenUp = false;
            facts.note = null;
        }
        k.gapBytesSeen = facts.gapBytes[direction];
        k.largestRecord = Math.max(k.largestRecord, TlsRecordTracker.HEADER_LENGTH + length);
    }

    private int open13(final SecretKeySpec key, final byte[] iv, final long seq, final int version, final int length)
    {
        xorNonce(iv, seq);
        aad[0] = TlsContentType.APPLICATION_DATA;
        aad[1] = (byte)(version >> 8);
        aad[2] = (byte)version;
        aad[3] = (byte)(length >> 8);
        aad[4] = (byte)length;
        return open(key, 5, 0, length);
    }

    // ------------------------------------------------------------------------------------------------ TLS 1.2

    private void decrypt12(
        final int direction, final Keys k, final int type, final int version, final DirectBuffer buffer,
        final int offset, final int length, final long frame, final long tsNanos)
    {
        final boolean gcm = suite.aead == TlsCipherSuite.AES_GCM;
        final int overhead = TAG_LENGTH + (gcm ? EXPLICIT_NONCE_LENGTH : 0);
        if (length < overhead || length > in.length)
        {
            failure(direction, k);
            return;
        }
        buffer.getBytes(offset, in, 0, length);
        int plain = open12(k, k.seq, type, version, length);
        if (plain < 0 && k.uncertain)
        {
            if (gcm)
            {
                // most implementations use the sequence number as the explicit nonce
                final long explicit = getLong(in, 0);
                if (explicit != k.seq && explicit >= 0)
                {
                    plain = tryAt(k, explicit, type, version, length);
                }
            }
            if (plain < 0)
            {
                plain = search(direction, k, type, version, length);
            }
        }
        if (plain < 0)
        {
            failure(direction, k);
            return;
        }
        succeeded(direction, k, length);
        facts.decryptedRecords[direction]++;
        deliver(direction, k, type, plain, frame, tsNanos);
    }

    private int open12(final Keys k, final long seq, final int type, final int version, final int length)
    {
        final boolean gcm = suite.aead == TlsCipherSuite.AES_GCM;
        final int plainLength = length - TAG_LENGTH - (gcm ? EXPLICIT_NONCE_LENGTH : 0);
        if (gcm)
        {
            System.arraycopy(k.iv, 0, nonce, 0, 4);
            System.arraycopy(in, 0, nonce, 4, EXPLICIT_NONCE_LENGTH);
        }
        else
        {
            xorNonce(k.iv, seq);
        }
        putLong(aad, 0, seq);
        aad[8] = (byte)type;
        aad[9] = (byte)(version >> 8);
        aad[10] = (byte)version;
        aad[11] = (byte)(plainLength >> 8);
        aad[12] = (byte)plainLength;
        return gcm ? open(k.key, 13, EXPLICIT_NONCE_LENGTH, length - EXPLICIT_NONCE_LENGTH) : open(k.key, 13, 0, length);
    }

    // ------------------------------------------------------------------------------------------------ common

    private int open(final SecretKeySpec key, final int aadLength, final int inOffset, final int inLength)
    {
        if (key == null)
        {
            return -1;
        }
        try
        {
            if (suite.aead == TlsCipherSuite.AES_GCM)
            {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            }
            else
            {
                cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            }
            cipher.updateAAD(aad, 0, aadLength);
            return cipher.doFinal(in, inOffset, inLength, out, 0);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return -1;
        }
    }

    private void xorNonce(final byte[] iv, final long seq)
    {
        System.arraycopy(iv, 0, nonce, 0, 12);
        for (int i = 0; i < 8; i++)
        {
            nonce[4 + i] ^= (byte)(seq >>> (56 - 8 * i));
        }
    }

    private static void putLong(final byte[] dst, final int at, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            dst[at + i] = (byte)(value >>> (56 - 8 * i));
        }
    }

    private static long getLong(final byte[] src, final int at)
    {
        long v = 0;
        for (int i = 0; i < 8; i++)
        {
            v = (v << 8) | (src[at + i] & 0xff);
        }
        return v;
    }

    private void failure(final int direction, final Keys k)
    {
        facts.decryptFailures[direction]++;
        if (++k.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES && !k.givenUp)
        {
            k.givenUp = true;
            facts.note = "decryption given up in direction " + direction + " after " + MAX_CONSECUTIVE_FAILURES +
                " failed records in a row";
        }
    }

    private void deliver(
        final int direction, final Keys k, final int type, final int length, final long frame, final long tsNanos)
    {
        switch (type)
        {
            case TlsContentType.APPLICATION_DATA:
                if (length > 0)
                {
                    facts.plaintextBytes[direction] += length;
                    listener.onPlaintext(direction, outView, 0, length, frame, tsNanos);
                }
                break;

            case TlsContentType.ALERT:
                if (length >= 2)
                {
                    final int level = out[0] & 0xff;
                    final int description = out[1] & 0xff;
                    facts.innerAlertLevel[direction] = level;
                    facts.innerAlertDescription[direction] = description;
                    facts.innerAlertFrame[direction] = frame;
                    if (description == 0 && facts.closeNotifyFrame[direction] < 0)
                    {
                        facts.closeNotifyFrame[direction] = frame;
                    }
                    listener.onAlert(direction, level, description, frame, tsNanos);
                }
                break;

            case TlsContentType.HANDSHAKE:
                if (suite.tls13)
                {
                    walkHandshake13(k, length);
                }
                break;

            default:
                break;
        }
    }

    private void walkHandshake13(final Keys k, final int length)
    {
        int pos = 0;
        while (pos < length)
        {
            if (k.hsFill < 4)
            {
                k.hsHeader[k.hsFill++] = out[pos++];
                if (k.hsFill == 4)
                {
                    k.hsType = k.hsHeader[0] & 0xff;
                    k.hsRemaining = ((k.hsHeader[1] & 0xff) << 16) | ((k.hsHeader[2] & 0xff) << 8) |
                        (k.hsHeader[3] & 0xff);
                    if (k.hsRemaining == 0)
                    {
                        handshakeMessageDone(k);
                    }
                }
                continue;
            }
            final int n = Math.min(k.hsRemaining, length - pos);
            pos += n;
            k.hsRemaining -= n;
            if (k.hsRemaining == 0)
            {
                handshakeMessageDone(k);
            }
        }
    }

    private static void handshakeMessageDone(final Keys k)
    {
        k.hsFill = 0;
        if (k.hsType == HS_FINISHED && k.epoch == EPOCH_HANDSHAKE)
        {
            k.switchPending = true;
        }
        else if (k.hsType == HS_KEY_UPDATE && k.epoch == EPOCH_APPLICATION)
        {
            k.updatePending = true;
        }
    }
}
