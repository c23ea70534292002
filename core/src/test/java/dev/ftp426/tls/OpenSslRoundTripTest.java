package dev.ftp426.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End to end: the JDK's TLS client talks to {@code openssl s_server -rev} (which writes the key log) over loopback
 * through a recording proxy; the recorded byte streams are decrypted and compared with what the client sent and read.
 * Skipped when openssl is not installed.
 */
class OpenSslRoundTripTest
{
    private static final String OPENSSL = "/usr/bin/openssl";

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificate() throws Exception
    {
        assumeTrue(new File(OPENSSL).canExecute(), "openssl not installed");
        final Process p = new ProcessBuilder(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
            "-subj", "/CN=localhost", "-days", "2")
            .redirectErrorStream(true).redirectOutput(dir.resolve("req.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "TLSv1.3, TLS_AES_128_GCM_SHA256, 0x1301",
        "TLSv1.3, TLS_AES_256_GCM_SHA384, 0x1302",
        "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256, 0x1303",
        "TLSv1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0xC02F",
        "TLSv1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0xC030",
        "TLSv1.2, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 0xCCA8",
    })
    void decryptsWhatTheClientSentAndRead(final String protocol, final String suite, final String suiteId)
        throws Exception
    {
        final Path keyLog = dir.resolve("keylog-" + suite + ".txt");
        final List<String> command = new ArrayList<>(List.of(OPENSSL, "s_server", "-accept", "127.0.0.1:0",
            "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(),
            "-keylogfile", keyLog.toString(), "-rev", "-naccept", "1"));
        command.add("TLSv1.3".equals(protocol) ? "-tls1_3" : "-tls1_2");
        final Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            final BufferedReader serverOut = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            int port = -1;
            for (String line; port < 0 && (line = serverOut.readLine()) != null; )
            {
                if (line.startsWith("ACCEPT "))
                {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                }
            }
            assertThat(port).isPositive();
            final Thread drain = new Thread(() -> drain(serverOut));
            drain.setDaemon(true);
            drain.start();

            final RecordingProxy proxy = new RecordingProxy(port);
            final byte[] sent = payload();
            final byte[] received = runClient(proxy.port(), protocol, suite, sent);
            proxy.awaitEnd();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();

            final TlsFacts facts = new TlsFacts();
            final PlaintextRecorder recorder = new PlaintextRecorder();
            final TlsDecryptor decryptor = new TlsDecryptor(KeyLog.read(keyLog), facts, recorder);
            final TlsRecordTracker tracker = new TlsRecordTracker(facts, decryptor);
            long frame = 0;
            for (final Object[] chunk : proxy.chunks)
            {
                final byte[] bytes = (byte[])chunk[1];
                tracker.onData((Integer)chunk[0], new UnsafeBuffer(bytes), 0, bytes.length, ++frame, frame);
            }
            tracker.onFin(0, ++frame, frame);
            tracker.onFin(1, ++frame, frame);

            assertThat(facts.selectedVersion())
                .isEqualTo("TLSv1.3".equals(protocol) ? TlsVersion.TLS_1_3 : TlsVersion.TLS_1_2);
            assertThat(facts.cipherSuite()).isEqualTo(Integer.decode(suiteId));
            assertThat(facts.keyStatus()).as(facts.toString()).isEqualTo(TlsFacts.KEYS_READY);
            assertThat(facts.decryptFailures(0)).as(facts.toString()).isZero();
            assertThat(facts.decryptFailures(1)).as(facts.toString()).isZero();
            assertThat(received.length).isGreaterThan(0);
            assertThat(recorder.bytes(0)).isEqualTo(sent);
            assertThat(recorder.bytes(1)).isEqualTo(received);
            // SSLSocket.close() sends close_notify
            assertThat(facts.closeNotifySeen(0)).as(facts.toString()).isTrue();
            assertThat(recorder.alerts).anySatisfy(a -> assertThat(a).containsExactly(0, 1, 0, facts.closeNotifyFrame(0)));
            if ("TLSv1.2".equals(protocol))
            {
                // without keys the encrypted close_notify is still an alert record
                assertThat(facts.lastAlertRecordFrame(0)).isEqualTo(facts.closeNotifyFrame(0));
            }
            else
            {
                assertThat(facts.records(0, TlsContentType.ALERT)).isZero();
            }

            final byte[] upstream = direction(proxy.chunks, 0);
            final int[] records = recordStarts(upstream);
            assertThat(records.length).isGreaterThan(4);
            int firstLarge = 0;
            while (((upstream[records[firstLarge] + 3] & 0xff) << 8 | (upstream[records[firstLarge] + 4] & 0xff)) < 16000)
            {
                firstLarge++;
            }
            final int k = firstLarge + 1; // the second full-size application data record; more follow it
            // a gap inside one record's body: boundaries are kept, only that record is lost
            checkGap(proxy.chunks, keyLog, records[k] + 10, records[k + 1] - 3, sent, false);
            // a gap over a header: synchronisation is lost and found again at the next header (30 bytes of
            // ciphertext are scanned first: few enough that a false header in them is out of the question), and the
            // sequence number is searched
            checkGap(proxy.chunks, keyLog, records[k - 1] + 20, records[k + 1] - 30, sent, true);
        }
        finally
        {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] direction(final List<Object[]> chunks, final int direction)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final Object[] chunk : chunks)
        {
            if ((Integer)chunk[0] == direction)
            {
                out.writeBytes((byte[])chunk[1]);
            }
        }
        return out.toByteArray();
    }

    private static int[] recordStarts(final byte[] stream)
    {
        final List<Integer> starts = new ArrayList<>();
        for (int at = 0; at + 5 <= stream.length; at += 5 + (((stream[at + 3] & 0xff) << 8) | (stream[at + 4] & 0xff)))
        {
            starts.add(at);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Replays the connection with the client's bytes [from, to) missing (a capture gap), then checks that the
     * decrypted client data is what was sent with one contiguous run missing and that decryption resumed.
     */
    private static void checkGap(
        final List<Object[]> chunks, final Path keyLog, final int from, final int to, final byte[] sent,
        final boolean overHeader)
        throws Exception
    {
        final TlsFacts facts = new TlsFacts();
        final PlaintextRecorder recorder = new PlaintextRecorder();
        final TlsRecordTracker tracker = new TlsRecordTracker(facts, new TlsDecryptor(KeyLog.read(keyLog), facts,
            recorder));
        long position = 0;
        long frame = 0;
        boolean gapReported = false;
        for (final Object[] chunk : chunks)
        {
            final int d = (Integer)chunk[0];
            final byte[] bytes = (byte[])chunk[1];
            frame++;
            if (d == 1)
            {
                tracker.onData(1, new UnsafeBuffer(bytes), 0, bytes.length, frame, frame);
                continue;
            }
            final long start = position;
            final long end = position + bytes.length;
            position = end;
            if (end <= from || start >= to)
            {
                tracker.onData(0, new UnsafeBuffer(bytes), 0, bytes.length, frame, frame);
                continue;
            }
            if (start < from)
            {
                tracker.onData(0, new UnsafeBuffer(bytes), 0, (int)(from - start), frame, frame);
            }
            if (!gapReported)
            {
                tracker.onGap(0, to - from, frame, frame);
                gapReported = true;
            }
            if (end > to)
            {
                tracker.onData(0, new UnsafeBuffer(bytes), (int)(to - start), (int)(end - to), frame, frame);
            }
        }
        final byte[] got = recorder.bytes(0);
        assertThat(got.length).isLessThan(sent.length);
        int prefix = 0;
        while (prefix < got.length && got[prefix] == sent[prefix])
        {
            prefix++;
        }
        final int missing = sent.length - got.length;
        assertThat(java.util.Arrays.copyOfRange(got, prefix, got.length))
            .as("decryption resumes after the gap")
            .isEqualTo(java.util.Arrays.copyOfRange(sent, prefix + missing, sent.length));
        assertThat(got.length - prefix).as("bytes decrypted after the gap (overHeader=%s, got %d of %d, gap %d..%d): %s", overHeader, got.length, sent.length, from, to, facts).isPositive();
        assertThat(facts.closeNotifySeen(0)).isTrue();
        assertThat(facts.gaps(0)).isEqualTo(1);
        assertThat(facts.syncLosses(0)).isEqualTo(overHeader ? 1 : 0);
        assertThat(facts.lostRecords(0)).isEqualTo(1);
        assertThat(facts.decryptFailures(0)).as(facts.toString()).isZero();
        assertThat(facts.skippedBytes(0)).isEqualTo(overHeader ? 30 : 0);
    }

    private static byte[] payload()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("hello ftps 426\n".getBytes(StandardCharsets.US_ASCII));
        // Not periodic: with a repeating pattern, plaintext shifted by a lost record could equal the original, and
        // the check that decryption resumed after a gap would see nothing after the common prefix.
        final java.util.Random random = new java.util.Random(426);
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            line.append((char)('a' + random.nextInt(26)));
        }
        out.writeBytes(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] runClient(final int port, final String protocol, final String suite, final byte[] sent)
        throws Exception
    {
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (SSLSocket socket = (SSLSocket)context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port))
        {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            final OutputStream out = socket.getOutputStream();
            out.write(sent);
            out.flush();
            final InputStream in = socket.getInputStream();
            final byte[] buf = new byte[8192];
            try
            {
                while (received.size() < sent.length)
                {
                    final int n = in.read(buf);
                    if (n < 0)
                    {
                        break;
                    }
                    received.write(buf, 0, n);
                }
            }
            catch (final java.net.SocketTimeoutException ignored)
            {
                // compare with whatever arrived
            }
        }
        return received.toByteArray();
    }

    private static void drain(final BufferedReader in)
    {
        try
        {
            while (in.readLine() != null)
            {
                // discard
            }
        }
        catch (final IOException ignored)
        {
            // process ended
        }
    }

    /** Accepts one connection on an ephemeral loopback port and relays it to the target, recording every read. */
    static final class RecordingProxy
    {
        final List<Object[]> chunks = Collections.synchronizedList(new ArrayList<>());
        private final ServerSocket listener;
        private final Thread acceptor;

        RecordingProxy(final int targetPort) throws IOException
        {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> run(targetPort));
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port()
        {
            return listener.getLocalPort();
        }

        private void run(final int targetPort)
        {
            try (ServerSocket l = listener;
                Socket client = l.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort))
            {
                final Thread up = new Thread(() -> pump(client, server, 0));
                final Thread down = new Thread(() -> pump(server, client, 1));
                up.start();
                down.start();
                up.join(30_000);
                down.join(30_000);
            }
            catch (final Exception ignored)
            {
                // the test fails on the missing bytes
            }
        }

        private void pump(final Socket from, final Socket to, final int direction)
        {
            final byte[] buf = new byte[3000];
            try
            {
                final InputStream in = from.getInputStream();
                final OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) > 0; )
                {
                    synchronized (chunks)
                    {
                        chunks.add(new Object[] {direction, java.util.Arrays.copyOf(buf, n)});
                        out.write(buf, 0, n);
                    }
                }
                to.shutdownOutput();
            }
            catch (final IOException ignored)
            {
                // connection ended
            }
        }

        void awaitEnd() throws InterruptedException
        {
            acceptor.join(30_000);
        }
    }

    /** Test-only: the server certificate is self-signed. */
    private static final class TrustAll implements X509TrustManager
    {
        public void checkClientTrusted(final X509Certificate[] chain, final String authType)
        {
        }

        public void checkServerTrusted(final X509Certificate[] chain, final String authType)
        {
        }

        public X509Certificate[] getAcceptedIssuers()
        {
            return new X509Certificate[0];
        }
    }
}
