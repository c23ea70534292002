package dev.ftp426.cli;

import dev.ftp426.lab.LabSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ctrl-C pressed again and again while {@code capture} is stopping still ends with the summary written: the handler
 * stays until the last record is out.
 */
class CaptureInterruptTest
{
    @TempDir
    Path tmp;

    @Test
    void repeatedCtrlCStillWritesTheSummary() throws Exception
    {
        assumeTrue(LabSupport.isRoot(), "capturing on lo needs root");
        final Path out = tmp.resolve("out.jsonl");
        final Path err = tmp.resolve("err.txt");
        final Process process = new ProcessBuilder(JavaProcess.command("capture", "-i", "lo", "--duration", "60s",
            "--format", "jsonl", "-o", out.toString(), "tcp port 9"))
            .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(err).contains("listening on") && System.nanoTime() < deadline &&
                process.isAlive())
            {
                Thread.sleep(50);
            }
            assertThat(Files.readString(err)).contains("listening on");
            // one Ctrl-C every 2 ms until the process is gone (at most 5 s)
            for (int i = 0; i < 2500 && process.isAlive(); i++)
            {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                Thread.sleep(2);
            }
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            final List<String> records = Files.readAllLines(out);
            assertThat(records).isNotEmpty();
            assertThat(records.get(records.size() - 1)).contains("\"type\":\"summary\"");
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
