package dev.ftp426.robustness;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Whole FTP sessions written with {@link TcpConversation}: log in, PASV, RETR, and a data connection that either
 * completes (226) or is reset by the server mid-transfer (426): the latter is a server abort whatever the vantage.
 */
public final class FtpCaptures
{
    public static final String CLIENT = "198.51.100.10";
    public static final String SERVER = "203.0.113.10";
    public static final long START_NANOS = 1_700_000_000_000_000_000L;

    private FtpCaptures()
    {
    }

    /**
     * One session.
     *
     * @param sink       where the packets go.
     * @param clock      capture time.
     * @param clientPort the control connection's client port (also picks the data port).
     * @param dataIsn    the server's initial sequence number on the data connection (near 2^32 to wrap).
     * @param bytes      data bytes the server sends before the end.
     * @param serverAbort true: the server resets the data connection and replies 426; false: 226.
     */
    public static void session(final CaptureSink sink, final TcpConversation.Clock clock, final int clientPort,
        final long dataIsn, final int bytes, final boolean serverAbort)
    {
        session(sink, clock, clientPort, 5_000_000L + clientPort, dataIsn, bytes, serverAbort, c -> { });
    }

    /**
     * One session, with {@code afterLogin} writing whatever the test wants on the logged-in control connection
     * before the transfer, and the control connection's server ISN chosen.
     */
    public static void session(final CaptureSink sink, final TcpConversation.Clock clock, final int clientPort,
        final long controlIsn, final long dataIsn, final int bytes, final boolean serverAbort,
        final Consumer<TcpConversation> afterLogin)
    {
        final int dataPort = 30000 + (clientPort % 20000);
        final TcpConversation control = new TcpConversation(sink, clock, CLIENT, clientPort, SERVER, 21,
            controlIsn ^ 0x5a5a_0000L, controlIsn).handshake();
        control.server("220 (vsFTPd 3.0.3)\r\n");
        control.client("USER anonymous\r\n");
        control.server("331 Please specify the password.\r\n");
        control.client("PASS guest\r\n");
        control.server("230 Login successful.\r\n");
        afterLogin.accept(control);
        control.client("TYPE I\r\n");
        control.server("200 Switching to Binary mode.\r\n");
        control.client("PASV\r\n");
        control.server("227 Entering Passive Mode (203,0,113,10," + (dataPort >> 8) + "," + (dataPort & 0xff) +
            ").\r\n");
        final TcpConversation data = new TcpConversation(sink, clock, CLIENT, clientPort + 1, SERVER, dataPort,
            (dataIsn * 31 + 77_000L) & 0xffff_ffffL, dataIsn).handshake();
        control.client("RETR file.bin\r\n");
        control.server("150 Opening BINARY mode data connection for file.bin (" + (serverAbort ? bytes * 2 : bytes) +
            " bytes).\r\n");
        final byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte)'x');
        int sent = 0;
        while (sent < bytes)
        {
            final int n = Math.min(chunk.length, bytes - sent);
            data.send(false, n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
            sent += n;
        }
        if (serverAbort)
        {
            clock.advance(200_000_000L);
            data.reset(false);
            control.server("426 Failure writing network stream.\r\n");
        }
        else
        {
            data.close(false);
            control.server("226 Transfer complete.\r\n");
        }
        control.client("QUIT\r\n");
        control.server("221 Goodbye.\r\n");
        control.close(true);
    }

    /** A small complete capture holding one completed and one server-aborted transfer, as bytes. */
    public static byte[] smallCapture()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureSink sink = CaptureSink.memory(bytes))
        {
            final TcpConversation.Clock clock = new TcpConversation.Clock(START_NANOS, 1_000_000L);
            session(sink, clock, 40001, 9_000_000L, 3000, false);
            session(sink, clock, 40011, 0xffff_f000L, 6000, true);
        }
        return bytes.toByteArray();
    }
}
