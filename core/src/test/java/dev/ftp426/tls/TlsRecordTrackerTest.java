package dev.ftp426.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Record layer facts from synthetic streams, over arbitrary chunking. */
class TlsRecordTrackerTest
{
    private static final String SERVER_RANDOM_12 = "11".repeat(32);
    /** A TLS 1.2 ServerHello choosing TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, no extensions. */
    private static final String SERVER_HELLO_12 = "160303002a" + "02000026" + "0303" + SERVER_RANDOM_12 + "00" + "c02f" + "00";

    private final TlsFacts facts = new TlsFacts();
    private final List<String> seen = new ArrayList<>();
    private final TlsRecordTracker tracker = new TlsRecordTracker(facts, new TlsRecordListener()
    {
        public void onRecord(final int direction, final int contentType, final int version, final DirectBuffer buffer,
            final int offset, final int length, final long frame, final long tsNanos)
        {
            seen.add(direction + ":" + contentType + ":" + length + "@" + frame);
        }

        public void onRecordLost(final int direction, final int contentType, final int length, final long frame,
            final long tsNanos)
        {
            seen.add(direction + ":lost:" + contentType + ":" + length + "@" + frame);
        }

        public void onSyncLost(final int direction, final long frame, final long tsNanos)
        {
            seen.add(direction + ":sync@" + frame);
        }
    });

    private static String record(final int type, final int length, final int fill)
    {
        final byte[] body = new byte[length];
        Arrays.fill(body, (byte)fill);
        return String.format("%02x0303%04x", type, length) + Hex.encode(body);
    }

    private void feed(final int direction, final String hex, final int chunk, final long frame)
    {
        Rfc8448DecryptTest.feed(tracker, direction, Hex.decode(hex), chunk, frame);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5, 9, 33, 1000, 100_000})
    void tls12ConnectionWithoutKeys(final int chunk)
    {
        feed(0, Rfc8448.CLIENT_HELLO_RECORD, chunk, 1);
        // ServerHello, then Certificate..ServerHelloDone stand-in, in one chunk
        feed(1, SERVER_HELLO_12 + record(22, 700, 0x0b), chunk, 2);
        // ClientKeyExchange, ChangeCipherSpec, encrypted Finished (its first byte looks like a ServerHello)
        feed(0, record(22, 70, 0x10) + "140303000101" + record(22, 40, 0x02), chunk, 3);
        feed(1, "140303000101" + record(22, 40, 0x02), chunk, 4);
        feed(0, record(23, 500, 0x55) + record(23, 17000, 0x66), chunk, 5);
        feed(1, record(23, 60, 0x77), chunk, 6);
        // encrypted close_notify: an alert record of 26 bytes (2 + 8 explicit nonce + 16 tag)
        feed(0, record(21, 26, 0x01), chunk, 7);
        tracker.onFin(0, 8, 0);
        tracker.onFin(1, 9, 0);

        assertThat(facts.clientDirection()).isEqualTo(0);
        assertThat(facts.selectedVersion()).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(facts.cipherSuite()).isEqualTo(0xC02F);
        assertThat(Hex.encode(facts.serverRandom())).isEqualTo(SERVER_RANDOM_12);
        assertThat(facts.serverHelloFrame()).isEqualTo(2);
        assertThat(facts.malformedHellos()).isZero();
        assertThat(facts.records(0)).isEqualTo(7);
        assertThat(facts.records(1)).isEqualTo(5);
        assertThat(facts.records(0, TlsContentType.APPLICATION_DATA)).isEqualTo(2);
        assertThat(facts.records(0, TlsContentType.CHANGE_CIPHER_SPEC)).isEqualTo(1);
        assertThat(facts.recordBytes(0)).isEqualTo(7 * 5 + 196 + 70 + 1 + 40 + 500 + 17000 + 26);
        assertThat(facts.changeCipherSpecFrame(0)).isEqualTo(3);
        assertThat(facts.firstApplicationDataFrame(0)).isEqualTo(5);
        assertThat(facts.lastRecordType(0)).isEqualTo(TlsContentType.ALERT);
        assertThat(facts.lastRecordIsAlert(0)).isTrue();
        assertThat(facts.lastRecordLength(0)).isEqualTo(26);
        assertThat(facts.lastRecordFrame(0)).isEqualTo(7);
        assertThat(facts.lastAlertRecordFrame(0)).isEqualTo(7);
        assertThat(facts.lastAlertRecordFrame(1)).isEqualTo(-1);
        assertThat(facts.lastRecordType(1)).isEqualTo(TlsContentType.APPLICATION_DATA);
        // encrypted: neither a plaintext alert nor a close_notify can be claimed
        assertThat(facts.plaintextAlertDescription(0)).isEqualTo(-1);
        assertThat(facts.closeNotifySeen(0)).isFalse();
        assertThat(facts.endKind(0)).isEqualTo(TlsFacts.END_FIN);
        assertThat(facts.endFrame(0)).isEqualTo(8);
        assertThat(facts.partialRecordBytesAtEnd(0)).isZero();
        assertThat(facts.syncLosses(0) + facts.syncLosses(1)).isZero();
        assertThat(seen).contains("0:23:17000@5", "0:21:26@7", "1:20:1@4");
    }

    @Test
    void plaintextAlertAndCloseNotify()
    {
        feed(0, Rfc8448.CLIENT_HELLO_RECORD, 1000, 1);
        feed(1, "15030300020228", 3, 2); // fatal handshake_failure
        assertThat(facts.plaintextAlertLevel(1)).isEqualTo(2);
        assertThat(facts.plaintextAlertDescription(1)).isEqualTo(40);
        assertThat(facts.plaintextAlertFrame(1)).isEqualTo(2);
        assertThat(facts.closeNotifySeen(1)).isFalse();
        feed(1, "15030300020100", 1000, 3);
        assertThat(facts.closeNotifyFrame(1)).isEqualTo(3);
    }

    @Test
    void helloRetryRequestThenServerHello()
    {
        final String hrrRandom = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c";
        final String sh = "0303%s00" + "1302" + "00" + "0006" + "002b00020304";
        final String hrr = String.format(sh, hrrRandom);
        final String real = String.format(sh, "ab".repeat(32));
        feed(0, Rfc8448.CLIENT_HELLO_RECORD, 1000, 1);
        feed(1, String.format("16030300%02x02%06x", hrr.length() / 2 + 4, hrr.length() / 2) + hrr, 7, 2);
        assertThat(facts.helloRetryRequest()).isTrue();
        assertThat(facts.hasServerHello()).isFalse();
        feed(1, String.format("16030300%02x02%06x", real.length() / 2 + 4, real.length() / 2) + real, 7, 3);
        assertThat(facts.hasServerHello()).isTrue();
        assertThat(facts.serverHelloFrame()).isEqualTo(3);
        assertThat(Hex.encode(facts.serverRandom())).isEqualTo("ab".repeat(32));
        assertThat(facts.selectedVersion()).isEqualTo(TlsVersion.TLS_1_3);
        assertThat(facts.cipherSuite()).isEqualTo(0x1302);
    }

    @Test
    void clientHelloSpanningTwoRecordsIsStillParsed()
    {
        final String message = Rfc8448.CLIENT_HELLO_RECORD.substring(10);
        final String first = message.substring(0, 200);
        final String rest = message.substring(200);
        feed(1, String.format("160301%04x", first.length() / 2) + first + String.format("160301%04x",
            rest.length() / 2) + rest, 13, 1);
        assertThat(facts.clientDirection()).isEqualTo(1);
        assertThat(Hex.encode(facts.clientRandom())).isEqualTo(Rfc8448.CLIENT_RANDOM);
        assertThat(facts.serverName()).isEqualTo("server");
        assertThat(facts.clientHelloFrame()).isEqualTo(1);
        assertThat(facts.offeredCipherSuiteCount()).isEqualTo(3);
    }

    @Test
    void bytesThatAreNotTlsAreSkippedUntilARecordHeader()
    {
        feed(1, Hex.encode("220 ready\r\n".getBytes()) + record(23, 40, 0x33), 4, 1);
        assertThat(facts.syncLosses(1)).isEqualTo(1);
        assertThat(facts.skippedBytes(1)).isEqualTo(11);
        assertThat(facts.records(1)).isEqualTo(1);
        assertThat(seen).containsExactly("1:sync@1", "1:23:40@1");
    }

    @Test
    void oversizedLengthLosesSync()
    {
        feed(0, "170303ffff" + "00".repeat(20) + record(23, 10, 1), 1000, 1);
        assertThat(facts.syncLosses(0)).isEqualTo(1);
        assertThat(facts.records(0)).isEqualTo(1);
        assertThat(facts.skippedBytes(0)).isEqualTo(25);
    }

    @Test
    void gapInsideABodyKeepsBoundariesGapOverAHeaderDoesNot()
    {
        final byte[] stream = Hex.decode(record(23, 100, 1) + record(23, 50, 2) + record(23, 30, 3));
        final UnsafeBuffer b = new UnsafeBuffer(stream);
        tracker.onData(0, b, 0, 20, 1, 0);
        tracker.onGap(0, 60, 2, 0);
        tracker.onData(0, b, 80, 40, 3, 0); // rest of record 1, and 15 bytes of record 2
        assertThat(seen).containsExactly("0:lost:23:100@3");
        tracker.onGap(0, 40 + 5 + 2, 4, 0); // rest of record 2, header of record 3, 2 body bytes
        tracker.onData(0, b, 167, stream.length - 167, 5, 0);
        assertThat(seen).containsExactly("0:lost:23:100@3", "0:lost:23:50@4", "0:sync@4");
        assertThat(facts.lostRecords(0)).isEqualTo(2);
        assertThat(facts.gaps(0)).isEqualTo(2);
        assertThat(facts.gapBytes(0)).isEqualTo(107);
        assertThat(facts.skippedBytes(0)).isEqualTo(28);
        assertThat(facts.records(0)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "16", "17", "1703"})
    void falseHeaderStartCutByAChunkEndDoesNotHideTheNextHeader(final String falseStart)
    {
        // after a gap over a header, the chunk ends with ciphertext that looks like the start of a header, and the real
        // header starts the next chunk (segments often end on record boundaries): the candidate must be dropped byte
        // by byte, not as a whole, or the real header is eaten and the next record skipped
        final byte[] before = Hex.decode(record(23, 50, 1).substring(0, 40) + "aa".repeat(10) + falseStart);
        final byte[] after = Hex.decode(record(23, 40, 0x33) + record(21, 26, 4));
        tracker.onData(0, new UnsafeBuffer(before), 0, 10, 1, 0);
        tracker.onGap(0, 100, 2, 0);
        tracker.onData(0, new UnsafeBuffer(before), 20, before.length - 20, 3, 0);
        tracker.onData(0, new UnsafeBuffer(after), 0, after.length, 4, 0);
        assertThat(seen).containsExactly("0:lost:23:50@2", "0:sync@2", "0:23:40@4", "0:21:26@4");
        assertThat(facts.skippedBytes(0)).isEqualTo(before.length - 20);
        assertThat(facts.syncLosses(0)).isEqualTo(1);
    }

    @Test
    void implausibleHeaderSplitOverChunksIsRescannedFromItsSecondByte()
    {
        final byte[] stream = Hex.decode("17" + record(23, 40, 0x33));
        final UnsafeBuffer b = new UnsafeBuffer(stream);
        tracker.onData(0, b, 0, 1, 1, 0);
        tracker.onData(0, b, 1, stream.length - 1, 2, 0);
        assertThat(seen).containsExactly("0:sync@2", "0:23:40@2");
        assertThat(facts.skippedBytes(0)).isEqualTo(1);
    }

    @Test
    void rstInTheMiddleOfARecordLeavesAPartialRecord()
    {
        feed(1, record(23, 100, 1) + record(23, 100, 2).substring(0, 60), 1000, 1);
        tracker.onRst(1, 2, 0);
        tracker.onFin(1, 3, 0); // the first end counts
        assertThat(facts.endKind(1)).isEqualTo(TlsFacts.END_RST);
        assertThat(facts.endFrame(1)).isEqualTo(2);
        assertThat(facts.partialRecordBytesAtEnd(1)).isEqualTo(30);
        assertThat(facts.lastRecordFrame(1)).isEqualTo(1);
    }

    @Test
    void resetForgetsEverything()
    {
        feed(0, Rfc8448.CLIENT_HELLO_RECORD + record(23, 10, 1).substring(0, 12), 1000, 1);
        tracker.reset();
        assertThat(facts.hasClientHello()).isFalse();
        assertThat(facts.records(0)).isZero();
        feed(0, record(23, 10, 1), 1000, 2);
        assertThat(facts.records(0)).isEqualTo(1);
        assertThat(facts.syncLosses(0)).isZero();
    }

    @Test
    void recordsDoNotAllocateOnceTheConnectionIsSetUp()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final TlsFacts f = new TlsFacts();
        final TlsRecordTracker t = new TlsRecordTracker(f, null);
        final UnsafeBuffer hello = new UnsafeBuffer(Hex.decode(Rfc8448.CLIENT_HELLO_RECORD));
        final UnsafeBuffer data = new UnsafeBuffer(Hex.decode(record(23, 3000, 7) + record(21, 26, 1)));
        t.onData(0, hello, 0, hello.capacity(), 1, 0);
        for (int i = 0; i < 20_000; i++)
        {
            t.onData(0, data, 0, 1000, i, 0);
            t.onData(0, data, 1000, data.capacity() - 1000, i, 0);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 50_000; i++)
        {
            t.onData(0, data, 0, 1000, i, 0);
            t.onData(0, data, 1000, data.capacity() - 1000, i, 0);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(f.records(0)).isEqualTo(1 + 2 * 70_000);
        // a single allocation per record would be at least 1.6 MB; the bound leaves room for JIT noise
        assertThat(allocated).as("bytes allocated for 100000 records").isLessThan(64 * 1024);
    }
}
