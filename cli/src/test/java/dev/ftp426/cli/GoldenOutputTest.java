package dev.ftp426.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled sample's report, byte for byte, in the human and JSON Lines formats. A change of wording or schema
 * shows up here: regenerate the files under {@code src/test/resources/golden/} on purpose
 * ({@code ftp426 analyze --sample [-F jsonl] -o FILE}) and review the diff.
 */
class GoldenOutputTest
{
    @TempDir
    Path tmp;

    @Test
    void humanReportOfTheSample() throws IOException
    {
        assertThat(run("human")).isEqualTo(golden("sample.human.txt"));
    }

    @Test
    void jsonLinesOfTheSample() throws IOException
    {
        assertThat(run("jsonl")).isEqualTo(golden("sample.jsonl"));
    }

    private String run(final String format) throws IOException
    {
        final Path out = tmp.resolve("out." + format);
        final CliRun run = CliRun.of("analyze", "--sample", "-F", format, "-o", out.toString());
        assertThat(run.exitCode).as(run.err).isZero();
        return normalise(Files.readString(out, StandardCharsets.UTF_8));
    }

    private static String golden(final String name) throws IOException
    {
        try (InputStream in = GoldenOutputTest.class.getResourceAsStream("/golden/" + name))
        {
            assertThat(in).as(name).isNotNull();
            return normalise(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The only thing allowed to differ: a version string, should a record ever carry one. */
    private static String normalise(final String text)
    {
        return text.replaceAll("(\"(?:tool_)?version\"\\s*:\\s*\")[^\"]*\"", "$1X\"")
            .replaceAll("ftp426 \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?", "ftp426 X");
    }
}
