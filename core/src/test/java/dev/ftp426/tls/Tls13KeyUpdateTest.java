package dev.ftp426.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/**
 * TLS 1.3 records sealed here (RFC 8446 5.2 record protection) with the RFC 8448 server application secret: a
 * KeyUpdate is followed, padding and inner content types are removed, and an inner close_notify becomes a fact.
 */
class Tls13KeyUpdateTest
{
    private static byte[] seal(final byte[] secret, final long seq, final int innerType, final byte[] content,
        final int padding) throws Exception
    {
        final byte[] key = TlsKeyDerivation.hkdfExpandLabel("HmacSHA256", secret, "key", new byte[0], 16);
        final byte[] nonce = TlsKeyDerivation.hkdfExpandLabel("HmacSHA256", secret, "iv", new byte[0], 12);
        for (int i = 0; i < 8; i++)
        {
            nonce[4 + i] ^= (byte)(seq >>> (56 - 8 * i));
        }
        final byte[] inner = new byte[content.length + 1 + padding];
        System.arraycopy(content, 0, inner, 0, content.length);
        inner[content.length] = (byte)innerType;
        final int length = inner.length + 16;
        final byte[] header = {23, 3, 3, (byte)(length >> 8), (byte)length};
        final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(header);
        return Hex.concat(header, cipher.doFinal(inner));
    }

    @Test
    void followsKeyUpdateAndSeesInnerCloseNotify() throws Exception
    {
        final TlsFacts facts = new TlsFacts();
        final PlaintextRecorder recorder = new PlaintextRecorder();
        final TlsRecordTracker tracker = new TlsRecordTracker(facts,
            new TlsDecryptor(KeyLog.parse("rfc8448", Rfc8448.keyLog()), facts, recorder));
        Rfc8448DecryptTest.feed(tracker, 0, Hex.decode(Rfc8448.CLIENT_HELLO_RECORD), 4096, 1);
        Rfc8448DecryptTest.feed(tracker, 1, Hex.decode(Rfc8448.SERVER_HELLO_RECORD), 4096, 2);

        final byte[] gen0 = Hex.decode(Rfc8448.SERVER_APPLICATION_SECRET);
        final byte[] gen1 = TlsKeyDerivation.hkdfExpandLabel("HmacSHA256", gen0, "traffic upd", new byte[0], 32);
        final byte[] before = "226 before update\r\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] after = "426 after update\r\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] stream = Hex.concat(
            seal(gen0, 0, 23, before, 0),
            seal(gen0, 1, 22, Hex.decode("1800000100"), 3), // KeyUpdate(update_not_requested), padded
            seal(gen1, 0, 23, after, 40),
            seal(gen1, 1, 21, new byte[] {1, 0}, 5));       // close_notify
        Rfc8448DecryptTest.feed(tracker, 1, stream, 50, 3);

        assertThat(new String(recorder.bytes(1), StandardCharsets.US_ASCII)).isEqualTo("226 before update\r\n" +
            "426 after update\r\n");
        assertThat(facts.keyUpdates(1)).isEqualTo(1);
        assertThat(facts.decryptedRecords(1)).isEqualTo(4);
        assertThat(facts.decryptFailures(1)).isZero();
        assertThat(facts.closeNotifyFrame(1)).isEqualTo(3);
        assertThat(facts.innerAlertLevel(1)).isEqualTo(1);
        assertThat(facts.innerAlertDescription(1)).isEqualTo(0);
        assertThat(recorder.alerts).hasSize(1);
        // without keys, the same close_notify is just another application_data record
        assertThat(facts.records(1, TlsContentType.ALERT)).isZero();
        assertThat(facts.lastRecordType(1)).isEqualTo(TlsContentType.APPLICATION_DATA);
    }

    @Test
    void recordSealedWithTheOldKeyAfterAnUpdateFails() throws Exception
    {
        final TlsFacts facts = new TlsFacts();
        final PlaintextRecorder recorder = new PlaintextRecorder();
        final TlsRecordTracker tracker = new TlsRecordTracker(facts,
            new TlsDecryptor(KeyLog.parse("rfc8448", Rfc8448.keyLog()), facts, recorder));
        Rfc8448DecryptTest.feed(tracker, 0, Hex.decode(Rfc8448.CLIENT_HELLO_RECORD), 4096, 1);
        Rfc8448DecryptTest.feed(tracker, 1, Hex.decode(Rfc8448.SERVER_HELLO_RECORD), 4096, 2);
        final byte[] gen0 = Hex.decode(Rfc8448.SERVER_APPLICATION_SECRET);
        Rfc8448DecryptTest.feed(tracker, 1, Hex.concat(
            seal(gen0, 0, 22, Hex.decode("1800000100"), 0),
            seal(gen0, 1, 23, new byte[] {'x'}, 0)), 4096, 3);
        assertThat(facts.keyUpdates(1)).isEqualTo(1);
        assertThat(facts.decryptFailures(1)).isEqualTo(1);
        assertThat(recorder.bytes(1)).isEmpty();
    }
}
