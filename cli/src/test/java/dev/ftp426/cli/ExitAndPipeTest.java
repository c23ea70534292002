package dev.ftp426.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ExitAndPipeTest
{
    @TempDir
    Path tmp;

    @Test
    void exitCodeOnVerdictIsTenWhenAVerdictWasFound()
    {
        final CliRun run = CliRun.of("analyze", "--sample", "--exit-code-on-verdict", "-o",
            tmp.resolve("o").toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(10);
    }

    @Test
    void withoutTheFlagAVerdictStillExitsZero()
    {
        final CliRun run = CliRun.of("analyze", "--sample", "-o", tmp.resolve("o").toString());

        assertThat(run.exitCode).as(run.err).isZero();
    }

    @Test
    void exitCodeOnVerdictIsZeroWithoutVerdicts() throws IOException
    {
        final Path empty = tmp.resolve("empty.pcap");
        final byte[] header = {(byte)0xd4, (byte)0xc3, (byte)0xb2, (byte)0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 4, 0, 1, 0, 0, 0};
        Files.write(empty, header);
        final CliRun run = CliRun.of("analyze", "--exit-code-on-verdict", "-o", tmp.resolve("o").toString(),
            empty.toString());

        assertThat(run.exitCode).as(run.err).isZero();
    }

    @Test
    void headClosingThePipeIsNotAnError() throws Exception
    {
        final Result result = shell("set -o pipefail; " + JavaProcess.shell("analyze", "--sample", "-F", "jsonl") +
            " 2>" + tmp.resolve("err") + " | head -1");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out.lines().count()).isEqualTo(1);
        assertThat(result.out).startsWith("{\"timestamp\"");
        assertThat(Files.readString(tmp.resolve("err"))).isEmpty();
    }

    @Test
    void aReaderThatLeftBeforeTheFirstRecordIsNotAnErrorEither() throws Exception
    {
        // 'true' exits at once, long before the JVM writes: every write meets a closed pipe (EPIPE).
        final Result result = shell("set -o pipefail; " + JavaProcess.shell("analyze", "--sample", "-F", "jsonl") +
            " 2>" + tmp.resolve("err") + " | true");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(Files.readString(tmp.resolve("err"))).isEmpty();
    }

    private record Result(int exitCode, String out, String err)
    {
    }

    private static Result shell(final String script) throws Exception
    {
        final Process process = new ProcessBuilder(List.of("bash", "-c", script)).start();
        process.getOutputStream().close();
        final byte[] out = process.getInputStream().readAllBytes();
        final byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8));
    }
}
