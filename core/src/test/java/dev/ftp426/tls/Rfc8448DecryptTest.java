package dev.ftp426.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decrypts the records of RFC 8448 section 3 through the record tracker, over several chunkings. */
class Rfc8448DecryptTest
{
    private static final byte[] ZERO_TO_49 = new byte[50];

    static
    {
        for (int i = 0; i < 50; i++)
        {
            ZERO_TO_49[i] = (byte)i;
        }
    }

    private final TlsFacts facts = new TlsFacts();
    private final PlaintextRecorder recorder = new PlaintextRecorder();

    private TlsRecordTracker tracker(final String keyLog) throws Exception
    {
        final TlsDecryptor decryptor = new TlsDecryptor(KeyLog.parse("rfc8448", keyLog), facts, recorder);
        return new TlsRecordTracker(facts, decryptor);
    }

    static void feed(
        final TlsRecordTracker tracker, final int direction, final byte[] bytes, final int chunk, final long frame)
    {
        for (int at = 0; at < bytes.length; at += chunk)
        {
            final int n = Math.min(chunk, bytes.length - at);
            // copy into a fresh buffer with an offset, so nothing depends on the caller's array staying intact
            final byte[] copy = new byte[n + 7];
            System.arraycopy(bytes, at, copy, 7, n);
            tracker.onData(direction, new UnsafeBuffer(copy), 7, n, frame, frame * 1000);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 6, 17, 100, 4096})
    void decryptsClientFinishedAndApplicationDataInBothDirections(final int chunk) throws Exception
    {
        final TlsRecordTracker t = tracker(Rfc8448.keyLog());
        feed(t, 0, Hex.decode(Rfc8448.CLIENT_HELLO_RECORD), chunk, 1);
        feed(t, 1, Hex.decode(Rfc8448.SERVER_HELLO_RECORD), chunk, 2);
        // the server's encrypted handshake flight is not in the input: its first record only opens with the
        // application keys, which the decryptor adopts
        feed(t, 1, Hex.decode(Rfc8448.SERVER_APPLICATION_RECORD), chunk, 3);
        feed(t, 0, Hex.concat(Hex.decode(Rfc8448.CLIENT_FINISHED_RECORD),
            Hex.decode(Rfc8448.CLIENT_APPLICATION_RECORD)), chunk, 4);

        assertThat(facts.clientDirection()).isEqualTo(0);
        assertThat(Hex.encode(facts.clientRandom())).isEqualTo(Rfc8448.CLIENT_RANDOM);
        assertThat(Hex.encode(facts.serverRandom()))
            .isEqualTo("a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928");
        assertThat(facts.serverName()).isEqualTo("server");
        assertThat(facts.offeredCipherSuiteCount()).isEqualTo(3);
        assertThat(facts.offeredCipherSuite(0)).isEqualTo(0x1301);
        assertThat(facts.offeredCipherSuite(2)).isEqualTo(0x1302);
        assertThat(facts.offeredVersionCount()).isEqualTo(1);
        assertThat(facts.offeredVersion(0)).isEqualTo(TlsVersion.TLS_1_3);
        assertThat(facts.serverHelloVersion()).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(facts.selectedVersion()).isEqualTo(TlsVersion.TLS_1_3);
        assertThat(facts.cipherSuite()).isEqualTo(0x1301);
        assertThat(facts.keyStatus()).isEqualTo(TlsFacts.KEYS_READY);

        assertThat(recorder.bytes(0)).isEqualTo(ZERO_TO_49);
        assertThat(recorder.bytes(1)).isEqualTo(ZERO_TO_49);
        assertThat(facts.decryptedRecords(0)).isEqualTo(2);
        assertThat(facts.decryptedRecords(1)).isEqualTo(1);
        assertThat(facts.decryptFailures(0)).isZero();
        assertThat(facts.decryptFailures(1)).isZero();
        assertThat(facts.records(0)).isEqualTo(3);
        assertThat(facts.records(0, TlsContentType.APPLICATION_DATA)).isEqualTo(2);
        assertThat(facts.records(0, TlsContentType.HANDSHAKE)).isEqualTo(1);
        assertThat(facts.lastRecordType(0)).isEqualTo(TlsContentType.APPLICATION_DATA);
        assertThat(facts.lastRecordLength(0)).isEqualTo(0x43);
        assertThat(facts.lastRecordFrame(0)).isEqualTo(4);
        assertThat(recorder.chunks).extracting(c -> c[1]).containsExactlyInAnyOrder(3L, 4L);
    }

    @Test
    void applicationRecordBeforeTheFinishedFailsAndIsCountedNotThrown() throws Exception
    {
        final TlsRecordTracker t = tracker(Rfc8448.keyLog());
        feed(t, 0, Hex.decode(Rfc8448.CLIENT_HELLO_RECORD), 4096, 1);
        feed(t, 1, Hex.decode(Rfc8448.SERVER_HELLO_RECORD), 4096, 2);
        final byte[] finished = Hex.decode(Rfc8448.CLIENT_FINISHED_RECORD);
        finished[20] ^= 1; // damaged: neither key opens it
        feed(t, 0, finished, 4096, 3);
        assertThat(facts.decryptFailures(0)).isEqualTo(1);
        assertThat(facts.decryptedRecords(0)).isZero();
        assertThat(recorder.bytes(0)).isEmpty();
        // the application record still opens (application key, sequence 0 adopted on success)
        feed(t, 0, Hex.decode(Rfc8448.CLIENT_APPLICATION_RECORD), 4096, 4);
        assertThat(recorder.bytes(0)).isEqualTo(ZERO_TO_49);
    }

    @Test
    void connectionNotInKeyLogStaysEncryptedWithANote() throws Exception
    {
        final String otherRandom = "00".repeat(32);
        final TlsRecordTracker t = tracker(Rfc8448.keyLog().replace(Rfc8448.CLIENT_RANDOM, otherRandom));
        feed(t, 0, Hex.decode(Rfc8448.CLIENT_HELLO_RECORD), 4096, 1);
        feed(t, 1, Hex.decode(Rfc8448.SERVER_HELLO_RECORD), 4096, 2);
        feed(t, 0, Hex.decode(Rfc8448.CLIENT_FINISHED_RECORD + Rfc8448.CLIENT_APPLICATION_RECORD), 4096, 3);
        assertThat(facts.keyStatus()).isEqualTo(TlsFacts.KEYS_NOT_IN_LOG);
        assertThat(facts.note()).contains("not in key log");
        assertThat(facts.undecryptedRecords(0)).isEqualTo(2);
        assertThat(facts.decryptFailures(0)).isZero();
        assertThat(recorder.bytes(0)).isEmpty();
        assertThat(facts.records(0, TlsContentType.APPLICATION_DATA)).isEqualTo(2);
    }

    @Test
    void handshakeSecretsAloneDecryptTheFinishedButNoApplicationData() throws Exception
    {
        final String log = Rfc8448.keyLog().lines().filter(l -> l.contains("HANDSHAKE"))
            .reduce("", (a, b) -> a + b + "\n");
        final TlsRecordTracker t = tracker(log);
        feed(t, 0, Hex.decode(Rfc8448.CLIENT_HELLO_RECORD), 4096, 1);
        feed(t, 1, Hex.decode(Rfc8448.SERVER_HELLO_RECORD), 4096, 2);
        feed(t, 0, Hex.decode(Rfc8448.CLIENT_FINISHED_RECORD + Rfc8448.CLIENT_APPLICATION_RECORD), 4096, 3);
        assertThat(facts.decryptedRecords(0)).isEqualTo(1);
        assertThat(facts.undecryptedRecords(0)).isEqualTo(1);
        assertThat(facts.decryptFailures(0)).isZero();
        assertThat(recorder.bytes(0)).isEmpty();
    }
}
