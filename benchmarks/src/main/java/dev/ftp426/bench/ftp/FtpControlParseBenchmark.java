package dev.ftp426.bench.ftp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.ftp426.ftp.FtpEventListener;
import dev.ftp426.ftp.FtpReplyParsers;
import dev.ftp426.ftp.FtpTracker;
import dev.ftp426.ftp.FtpTrackerConfig;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.ftp.HostPort;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Control-channel line parsing: replies and commands fed through {@link FtpTracker} as the TCP stage would deliver
 * them (one segment per call), and the setup-reply parsers on their own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class FtpControlParseBenchmark
{
    private static final int LINES = 64;
    private static final long CLIENT = HostPort.ipv4Lo(0xC6336400 | 10);
    private static final long SERVER = HostPort.ipv4Lo(0xCB007100 | 10);

    private FtpTracker tracker;
    private UnsafeBuffer replies;
    private UnsafeBuffer commands;
    private UnsafeBuffer pasv;
    private UnsafeBuffer epsv;
    private final HostPort out = new HostPort();
    private long frame;

    @Setup
    public void setup()
    {
        tracker = new FtpTracker(new FtpTrackerConfig(), new FtpEventListener()
        {
            @Override
            public void onTransfer(final FtpTransfer transfer)
            {
            }
        });
        tracker.onConnectionOpened(1, 0, CLIENT, 40000, 0, SERVER, 21, 1, 1);
        final StringBuilder r = new StringBuilder();
        for (int i = 0; i < LINES / 4; i++)
        {
            r.append("200 Switching to Binary mode.\r\n");
            r.append("150 Opening BINARY mode data connection for /pub/data-1048576.bin (1048576 bytes).\r\n");
            r.append("211-Features:\r\n EPSV\r\n");
            r.append("211 End\r\n");
        }
        replies = new UnsafeBuffer(r.toString().getBytes(StandardCharsets.US_ASCII));
        final StringBuilder c = new StringBuilder();
        for (int i = 0; i < LINES / 4; i++)
        {
            c.append("NOOP\r\n").append("CWD /pub/some/directory\r\n").append("PWD\r\n").append("MDTM data.bin\r\n");
        }
        commands = new UnsafeBuffer(c.toString().getBytes(StandardCharsets.US_ASCII));
        pasv = new UnsafeBuffer("Entering Passive Mode (203,0,113,10,160,26).".getBytes(StandardCharsets.US_ASCII));
        epsv = new UnsafeBuffer("Entering Extended Passive Mode (|||40001|)".getBytes(StandardCharsets.US_ASCII));
        tracker.onControlBytes(1, false, new UnsafeBuffer("220 hi\r\n".getBytes(StandardCharsets.US_ASCII)), 0, 8, 2,
            2);
    }

    /** Server lines (single and multi-line replies), one segment of 64+ lines per call; time per line. */
    @Benchmark
    @OperationsPerInvocation(LINES + LINES / 4)
    public boolean replyLines()
    {
        frame++;
        return tracker.onControlBytes(1, false, replies, 0, replies.capacity(), frame, frame);
    }

    /** Client command lines, one segment of 64 lines per call; time per line. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public boolean commandLines()
    {
        frame++;
        return tracker.onControlBytes(1, true, commands, 0, commands.capacity(), frame, frame);
    }

    @Benchmark
    public int parsePasv()
    {
        FtpReplyParsers.parseHostPortSix(pasv, 0, pasv.capacity(), out);
        return out.port();
    }

    @Benchmark
    public int parseEpsv()
    {
        FtpReplyParsers.parseEpsv(epsv, 0, epsv.capacity(), out);
        return out.port();
    }
}
