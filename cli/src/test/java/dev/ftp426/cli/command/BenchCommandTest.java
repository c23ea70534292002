package dev.ftp426.cli.command;

import dev.ftp426.cli.UserError;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BenchCommandTest
{
    private static final Path CORPUS = Paths.get(System.getProperty("ftp426.corpus", "../../shared/corpus"));

    @Test
    void withoutAFileItSaysHowToMakeOne()
    {
        final BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs();
        assertThatThrownBy(command::call).isInstanceOf(UserError.class).hasMessageContaining("CaptureGenerator");
    }

    @Test
    void measuresTheWholePipelineWithOneAndTwoWorkers()
    {
        final Path file = CORPUS.resolve("dev/client_kill_download-vsftpd-ftplib-pasv/client.pcap");
        assumeTrue(Files.isRegularFile(file), "dev corpus not present");
        for (final String workers : new String[] {"1", "2"})
        {
            final StringWriter out = new StringWriter();
            final CommandLine commandLine = new CommandLine(new BenchCommand());
            commandLine.setOut(new PrintWriter(out, true));
            final int exit = commandLine.execute(file.toString(), "--workers", workers, "--repeat", "2", "--stages");
            assertThat(exit).isZero();
            assertThat(out.toString())
                .contains(workers + " workers")
                .contains("stage read only", "stage read + decode")
                .containsPattern("run 2 +[0-9.]+ s +[0-9.]+ MB/s +[0-9]+ packets/s")
                .containsPattern("\\(\\d+ packets, \\d+ tcp flows, 1 transfers, 1 verdicts\\)")
                .contains("best", "median", "peak RSS");
        }
    }
}
