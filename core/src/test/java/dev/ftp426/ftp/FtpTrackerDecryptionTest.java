package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The tracker's side of FTPS decryption: after AUTH TLS + 234 the TLS bytes of each direction go to the
 * {@link ControlTlsHandler} from exactly where TLS starts, and plaintext fed back through
 * {@link FtpTracker#onDecryptedControlBytes} is parsed like a clear control channel.
 */
class FtpTrackerDecryptionTest
{
    private static final long CLIENT = Wire.CLIENT;
    private static final long SERVER = Wire.SERVER;

    /** Collects what the tracker hands over, per direction. */
    static final class Handed implements ControlTlsHandler
    {
        final ByteArrayOutputStream fromInitiator = new ByteArrayOutputStream();
        final ByteArrayOutputStream fromResponder = new ByteArrayOutputStream();
        final List<Long> frames = new ArrayList<>();
        final List<String> gaps = new ArrayList<>();

        @Override
        public void onTlsBytes(final long controlFlowId, final boolean fromInitiator, final DirectBuffer buffer,
            final int offset, final int length, final long frame, final long ts)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            (fromInitiator ? this.fromInitiator : fromResponder).writeBytes(bytes);
            frames.add(frame);
        }

        @Override
        public void onTlsGap(final long controlFlowId, final boolean fromInitiator, final long bytes,
            final long frame, final long ts)
        {
            gaps.add(controlFlowId + (fromInitiator ? " i " : " r ") + bytes);
        }
    }

    private static final byte[] SERVER_HELLO_START = {0x16, 0x03, 0x03, 0x00, 0x02, 0x02, 0x00};
    private static final byte[] CLIENT_HELLO_START = {0x16, 0x03, 0x01, 0x00, 0x01, 0x01};

    private static Wire authTls(final Handed handed)
    {
        final Wire w = new Wire();
        w.tracker.tlsHandler(handed);
        w.openControl(1);
        w.server(1, "220 Welcome\r\n");
        w.client(1, "AUTH TLS\r\n");
        return w;
    }

    private static void decrypted(final Wire w, final boolean fromInitiator, final String text)
    {
        final byte[] bytes = Wire.ascii(text);
        w.tracker.onDecryptedControlBytes(1, fromInitiator, new UnsafeBuffer(bytes), 0, bytes.length, w.tick(),
            w.ts);
    }

    @Test
    void tlsBytesAreHandedOverFromWhereTlsStartsInEachDirection()
    {
        final Handed handed = new Handed();
        final Wire w = authTls(handed);
        // the server's first TLS record shares the segment with the 234 line
        final byte[] reply = Wire.ascii("234 Proceed with negotiation.\r\n");
        final byte[] segment = new byte[reply.length + SERVER_HELLO_START.length];
        System.arraycopy(reply, 0, segment, 0, reply.length);
        System.arraycopy(SERVER_HELLO_START, 0, segment, reply.length, SERVER_HELLO_START.length);
        w.bytes(1, true, CLIENT_HELLO_START);
        w.bytes(1, false, segment);
        w.bytes(1, true, new byte[]{0x03, 0x03});

        assertThat(w.listener.replyCodes()).containsExactly(220, 234);
        assertThat(handed.fromResponder.toByteArray()).containsExactly(SERVER_HELLO_START);
        assertThat(handed.fromInitiator.toByteArray()).containsExactly(0x16, 0x03, 0x01, 0x00, 0x01, 0x01, 0x03, 0x03);
        assertThat(w.tracker.session(1).encrypted()).isTrue();
        assertThat(w.tracker.session(1).decrypted()).isFalse();

        w.tracker.onControlGap(1, false, 100, w.tick(), w.ts);
        assertThat(handed.gaps).containsExactly("1 r 100");
    }

    @Test
    void withoutAHandlerNothingIsHandedOverAndTheSessionStaysUnreadable()
    {
        final Handed handed = new Handed();
        final Wire w = authTls(handed);
        w.tracker.tlsHandler(null);
        w.server(1, "234 go\r\n");
        w.bytes(1, true, CLIENT_HELLO_START);
        assertThat(handed.frames).isEmpty();
        assertThat(w.tracker.session(1).encrypted()).isTrue();
    }

    @Test
    void decryptedPlaintextIsParsedLikeClearTextAndTiesTheDataConnectionByItsPort()
    {
        final Handed handed = new Handed();
        final Wire w = authTls(handed);
        w.server(1, "234 go\r\n");
        w.bytes(1, true, CLIENT_HELLO_START);
        decrypted(w, true, "USER anonymous\r\n");
        decrypted(w, false, "230 Login successful.\r\n");
        decrypted(w, true, "PASV\r\n");
        // a reply split over two TLS records: dated by the frame of its first record
        decrypted(w, false, "227 Entering Passive");
        final long frame227 = w.frame - 1;
        decrypted(w, false, " Mode (203,0,113,10,160,17).\r\n");
        // the data connection is tied by the port of the decrypted 227, not guessed from addresses and timing
        assertThat(w.open(2, CLIENT, 51000, SERVER, 160 * 256 + 17)).isEqualTo(FtpTracker.ROLE_DATA);
        assertThat(w.tracker.sessionOfDataFlow(2)).isSameAs(w.tracker.session(1));
        assertThat(w.tracker.sessionOfDataFlow(3)).isNull();
        // an unrelated connection between the same hosts is not taken for a data connection of this session
        assertThat(w.open(3, CLIENT, 51001, SERVER, 50000)).isNotEqualTo(FtpTracker.ROLE_DATA);
        decrypted(w, true, "STOR up.bin\r\n");
        assertThat(w.tracker.sessionOfDataFlow(2)).isSameAs(w.tracker.session(1));
        decrypted(w, false, "150 Ok to send data.\r\n");
        w.close(2, 5000, 0);
        decrypted(w, false, "426 Failure reading network stream.\r\n");
        final long frame426 = w.frame - 1;

        assertThat(w.listener.replyCodes()).containsExactly(220, 234, 230, 227, 150, 426);
        assertThat(w.listener.replyFrames.get(3)).isEqualTo(frame227);
        assertThat(w.listener.commands).anyMatch(c -> c.startsWith("STOR up.bin"));
        final FtpSession s = w.tracker.session(1);
        assertThat(s.encrypted()).isTrue();
        assertThat(s.decrypted()).isTrue();
        assertThat(w.listener.transfers).hasSize(1);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.command()).isEqualTo("STOR");
        assertThat(t.mode()).isEqualTo(DataMode.PASV);
        assertThat(t.heuristicAssociation()).isFalse();
        assertThat(t.dataFlowId()).isEqualTo(2);
        assertThat(t.completion().code()).isEqualTo(426);
        assertThat(t.completion().frame()).isEqualTo(frame426);
        assertThat(t.encrypted()).isTrue();
        assertThat(t.decrypted()).isTrue();
        assertThat(t.notes()).anyMatch(n -> n.contains("decrypted"));
    }

    @Test
    void aSessionWithoutKeysStaysEncryptedAndSaysWhy()
    {
        final Handed handed = new Handed();
        final Wire w = authTls(handed);
        w.server(1, "234 go\r\n");
        w.bytes(1, true, CLIENT_HELLO_START);
        w.tracker.onControlUndecryptable(1, "no keys for this connection");
        final FtpSession s = w.tracker.session(1);
        assertThat(s.decrypted()).isFalse();
        assertThat(s.encryptionNote()).contains("234").contains("no keys for this connection");
        // the data connection is still guessed from addresses and timing, with the note
        assertThat(w.open(2, CLIENT, 51000, SERVER, 40000)).isEqualTo(FtpTracker.ROLE_DATA);
        w.close(2, 0, 1000);
        w.close(1, 100, 100);
        final FtpTransfer t = w.listener.transfers.get(0);
        assertThat(t.heuristicAssociation()).isTrue();
        assertThat(t.encrypted()).isTrue();
        assertThat(t.decrypted()).isFalse();
        assertThat(t.notes()).anyMatch(n -> n.contains("no keys for this connection"));
    }

    @Test
    void implicitTlsIsHandedOverFromTheFirstByteAndDecryptsToAGreeting()
    {
        final Handed handed = new Handed();
        final Wire w = new Wire();
        w.tracker.tlsHandler(handed);
        assertThat(w.open(1, CLIENT, 40001, SERVER, 990)).isEqualTo(FtpTracker.ROLE_CONTROL);
        w.bytes(1, true, CLIENT_HELLO_START);
        w.bytes(1, false, SERVER_HELLO_START);
        assertThat(handed.fromInitiator.toByteArray()).containsExactly(CLIENT_HELLO_START);
        assertThat(handed.fromResponder.toByteArray()).containsExactly(SERVER_HELLO_START);
        decrypted(w, false, "220 Welcome\r\n");
        decrypted(w, true, "USER anonymous\r\n");
        decrypted(w, false, "331 Password?\r\n");
        assertThat(w.listener.replyCodes()).containsExactly(220, 331);
        assertThat(w.tracker.session(1).greetingCode()).isEqualTo(220);
        assertThat(w.tracker.session(1).decrypted()).isTrue();
    }

    @Test
    void decryptedPlaintextForAnUnknownFlowIsIgnored()
    {
        final Wire w = new Wire();
        final byte[] bytes = Wire.ascii("226 ok\r\n");
        w.tracker.onDecryptedControlBytes(9, false, new UnsafeBuffer(bytes), 0, bytes.length, 1, 1);
        w.tracker.onControlUndecryptable(9, "x");
        assertThat(w.listener.replies).isEmpty();
    }
}
