package dev.ftp426.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The progress line in a real pseudo-terminal ({@code script(1)}) and its absence when stderr is redirected.
 * <p>
 * The capture arrives on standard input in two halves with a pause between them, so the analysis is still running
 * when the redraw interval has passed, however fast the machine: no timing assertion, just a pause the reader waits
 * through.
 */
class ProgressTerminalTest
{
    private static final int FRAMES_PER_HALF = 20_000;

    @TempDir
    Path tmp;

    private Path first;
    private Path second;

    @BeforeEach
    void writeCapture() throws IOException
    {
        assumeTrue(Files.isExecutable(Paths.get("/usr/bin/script")), "script(1) not installed");
        first = tmp.resolve("first.part");
        second = tmp.resolve("second.part");
        final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        Files.write(first, concat(header.array(), frames(0)));
        Files.write(second, frames(FRAMES_PER_HALF));
    }

    @Test
    void progressLineIsDrawnOnATerminal() throws Exception
    {
        final String stderr = run("script -qfec " + quote(pipeline("")) + " /dev/null");

        assertThat(stderr).contains("\r").contains("packets");
    }

    @Test
    void noProgressWhenStderrIsRedirected() throws Exception
    {
        final Path err = tmp.resolve("err");
        run("script -qfec " + quote(pipeline("2>" + err)) + " /dev/null");

        assertThat(Files.readString(err)).doesNotContain("packets").doesNotContain("\r");
    }

    @Test
    void progressAlwaysWithoutATerminalIsPlainLines() throws Exception
    {
        final Path err = tmp.resolve("err");
        run(pipeline("--progress=always 2>" + err));

        assertThat(Files.readString(err)).doesNotContain("\r");
    }

    private String pipeline(final String tail)
    {
        return "(cat " + first + "; sleep 0.6; cat " + second + ") | " +
            JavaProcess.shell("analyze", "-", "-o", "/dev/null") + " " + tail;
    }

    private static String quote(final String command)
    {
        return "'" + command.replace("'", "'\\''") + "'";
    }

    private static String run(final String command) throws Exception
    {
        final Process process = new ProcessBuilder(List.of("bash", "-c", command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        final byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    /** Ethernet/IPv4/TCP ACKs between documentation addresses, one connection, 1 ms apart. */
    private static byte[] frames(final int start)
    {
        final int frameLength = 54;
        final ByteBuffer out = ByteBuffer.allocate(FRAMES_PER_HALF * (16 + frameLength));
        for (int i = start; i < start + FRAMES_PER_HALF; i++)
        {
            out.order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(1_800_000_000 + i / 1000).putInt((i % 1000) * 1000).putInt(frameLength).putInt(frameLength);
            out.order(ByteOrder.BIG_ENDIAN);
            out.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short)0x0800);
            out.put((byte)0x45).put((byte)0).putShort((short)40).putShort((short)i).putShort((short)0x4000)
                .put((byte)64).put((byte)6).putShort((short)0)
                .put(new byte[] {(byte)198, 51, 100, 10}).put(new byte[] {(byte)203, 0, 113, 10});
            out.putShort((short)40000).putShort((short)21).putInt(1000).putInt(2000).put((byte)0x50)
                .put((byte)0x10).putShort((short)1024).putShort((short)0).putShort((short)0);
        }
        return out.array();
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
