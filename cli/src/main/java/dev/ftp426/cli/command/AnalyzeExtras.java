package dev.ftp426.cli.command;

import dev.ftp426.cli.UserError;
import dev.ftp426.cli.evidence.EvidenceWriter;
import dev.ftp426.correlate.CaptureTrace;
import dev.ftp426.correlate.Correlation;
import dev.ftp426.correlate.Correlator;
import dev.ftp426.pcap.BadCaptureException;
import dev.ftp426.report.FileSummary;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The parts of {@code analyze} that go beyond one pass per input: evidence files and cross-capture correlation. */
final class AnalyzeExtras
{
    private AnalyzeExtras()
    {
    }

    /** Refuses combinations that cannot work, as usage errors. */
    static void check(final CommandLine.Model.CommandSpec spec, final List<String> inputs, final boolean sample,
        final Path evidenceDir, final boolean correlate)
    {
        if (evidenceDir != null && inputs.contains(InputExpander.STDIN))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--evidence-dir needs capture files: standard input cannot be read a second time to cut the " +
                    "evidence (hint: save it with tcpdump -w first)");
        }
        if (correlate && (sample || inputs.size() != 2 || inputs.contains(InputExpander.STDIN)))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--correlate needs exactly two capture files of the same incident, e.g. client.pcap server.pcap");
        }
    }

    /** After an input's analysis, cuts one pcap per verdict (when asked) and says so on stderr. */
    static FileSummary writeEvidence(final EvidenceWriter evidence, final FileSummary summary,
        final EvidenceWriter.Source source, final PrintWriter err, final boolean quiet) throws IOException
    {
        if (evidence == null)
        {
            return summary;
        }
        final List<Path> files;
        try
        {
            files = evidence.write(source);
        }
        catch (final BadCaptureException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new UserError("cannot write evidence: " + ex.getMessage());
        }
        if (!quiet)
        {
            for (final Path file : files)
            {
                err.println("ftp426: evidence: " + file);
            }
            err.flush();
        }
        return summary;
    }

    /** Compares the two inputs of {@code --correlate}. */
    static Correlation correlate(final List<String> inputs, final int communityIdSeed)
    {
        try
        {
            return Correlator.correlate(CaptureTrace.read(Paths.get(inputs.get(0)), communityIdSeed),
                CaptureTrace.read(Paths.get(inputs.get(1)), communityIdSeed));
        }
        catch (final IOException ex)
        {
            throw new UserError("cannot correlate: " + ex.getMessage());
        }
    }
}
