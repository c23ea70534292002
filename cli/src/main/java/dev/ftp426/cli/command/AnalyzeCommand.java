package dev.ftp426.cli.command;

import dev.ftp426.cli.ExitCodes;
import dev.ftp426.cli.HelpOptions;
import dev.ftp426.cli.UserError;
import dev.ftp426.cli.evidence.EvidenceWriter;
import dev.ftp426.cli.output.OutputFormat;
import dev.ftp426.cli.output.ReportWriter;
import dev.ftp426.cli.output.ReportWriters;
import dev.ftp426.cli.progress.ProgressDisplay;
import dev.ftp426.pcap.BadCaptureException;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.pipeline.AnalysisOptions;
import dev.ftp426.pipeline.OfflineAnalysis;
import dev.ftp426.report.FileSummary;
import dev.ftp426.tls.KeyLog;
import dev.ftp426.tls.KeyLogException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ftp426 analyze}: offline analysis of capture files. */
@Command(
    name = "analyze",
    description = {
        "Analyse capture files: who broke each FTP transfer.",
        "",
        "Reads pcap or pcapng captures (gzip-compressed too, '-' for standard input), follows every FTP control and "
            + "data connection, and says for each 426 (and its neighbours 421, 425, 450, 451) whether the client, the "
            + "server or the network broke the transfer.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftp426 analyze capture.pcapng",
        "  ftp426 analyze -r capture.pcap.gz --format jsonl",
        "  ftp426 analyze captures/ 'old/*.pcap' --format json -o report.json",
        "  tcpdump -w - -U port 21 or portrange 1024-65535 | ftp426 analyze -",
        "  ftp426 analyze --sample",
        "  ftp426 analyze --evidence-dir evidence/ capture.pcap",
        "  ftp426 analyze --correlate client.pcap server.pcap",
    })
public final class AnalyzeCommand implements Callable<Integer>
{
    static final String SAMPLE_RESOURCE = "/dev/ftp426/cli/sample.pcap.gz";
    static final String SAMPLE_NAME = "sample.pcap.gz";

    @CommandLine.Mixin
    HelpOptions helpOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*",
        description = "Capture files, directories (walked recursively), glob patterns, or '-' for standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "-r", paramLabel = "FILE", description = "A capture to read (as tcpdump -r); may be repeated.")
    List<String> readFiles = new ArrayList<>();

    @Option(names = "--sample", description = "Analyse the sample capture bundled with ftp426.")
    boolean sample;

    @Option(names = {"-F", "--format"}, paramLabel = "FORMAT", defaultValue = "human",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Option(names = "-c", paramLabel = "N", description = "Stop after N packets of each input.")
    long count = Long.MAX_VALUE;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no warnings on stderr.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
        description = "Progress on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: only on a terminal).")
    ProgressDisplay.Mode progress;

    @Option(names = "--exit-code-on-verdict",
        description = "Exit with 10 when the analysis succeeded and produced at least one 426 verdict.")
    boolean exitCodeOnVerdict;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
        description = "Analysis threads (default 1): N > 1 shards host pairs over N workers, same records.")
    int workers;

    @Option(names = "--flow-memory", paramLabel = "SIZE", defaultValue = "512m", converter = ByteSize.class,
        description = "Memory for TCP connection state, per worker, with k, m or g (default: ${DEFAULT-VALUE}). "
            + "When full, the least recently active connections not used by FTP are forgotten first; the summary "
            + "counts them (limits_hit.tcp_flows_evicted).")
    long flowMemory;

    @Option(names = "--community-id-seed", paramLabel = "N", defaultValue = "0",
        description = "Community ID seed (default 0; must match your Zeek/Suricata sensors).")
    int communityIdSeed;

    @Option(names = "--evidence-dir", paramLabel = "DIR",
        description = "Write one small pcap per verdict into DIR: the transfer's control and data connections, from "
            + "2 s before the data connection opened to 2 s after the failure reply. Not for standard input.")
    Path evidenceDir;

    @Option(names = "--correlate",
        description = "Two captures of the same incident (e.g. client side and server side): align them by their "
            + "shared connections and say where each reset or loss was born.")
    boolean correlate;

    @Option(names = "--tls-keylog", paramLabel = "FILE",
        description = "TLS key log (NSS format, as written via SSLKEYLOGFILE) to decrypt FTPS control and data "
            + "connections with.")
    Path tlsKeyLog;

    @Override
    public Integer call() throws IOException
    {
        final List<String> inputs = new ArrayList<>(readFiles);
        inputs.addAll(files);
        if (inputs.isEmpty() && !sample)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "no input: give a capture FILE, '-' or --sample");
        }
        final List<String> expanded = InputExpander.expand(inputs);
        AnalyzeExtras.check(spec, expanded, sample, evidenceDir, correlate);
        if (workers < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1");
        }
        final AnalysisOptions options = new AnalysisOptions().communityIdSeed(communityIdSeed).maxPackets(count)
            .workers(workers).memoryBudgetBytes(flowMemory)
            .progress(ProgressDisplay.create(progress, quiet, System.err));
        options.tlsKeyLog(readKeyLog(tlsKeyLog));
        final OfflineAnalysis analysis = new OfflineAnalysis(options);
        final Interrupts interrupts = Interrupts.install(analysis::stop);
        long verdicts = 0;
        int failures = 0;
        try (OutputStream out = openOutput(); ReportWriter writer = ReportWriters.create(format, out))
        {
            final List<String> all = new ArrayList<>();
            if (sample)
            {
                all.add(SAMPLE_NAME);
            }
            all.addAll(expanded);
            for (final String input : all)
            {
                if (interrupts.interrupted())
                {
                    break;
                }
                final FileSummary summary = analyseOne(analysis, input, writer);
                if (summary == null)
                {
                    failures++;
                    continue;
                }
                verdicts += summary.verdicts();
                writer.flush();
            }
            if (correlate && !interrupts.interrupted())
            {
                writer.correlation(AnalyzeExtras.correlate(expanded, communityIdSeed));
            }
        }
        catch (final IOException ex)
        {
            if (BrokenPipe.is(ex))
            {
                return ExitCodes.OK;
            }
            throw new UserError("cannot write output: " + ex.getMessage());
        }
        finally
        {
            interrupts.close();
        }
        if (interrupts.interrupted())
        {
            return ExitCodes.INTERRUPTED;
        }
        if (failures > 0)
        {
            return ExitCodes.RUNTIME_ERROR;
        }
        return exitCodeOnVerdict && verdicts > 0 ? ExitCodes.VERDICT_FOUND : ExitCodes.OK;
    }

    private FileSummary analyseOne(final OfflineAnalysis analysis, final String input, final ReportWriter writer)
        throws IOException
    {
        final ReportWriters.Bridge bridge = new ReportWriters.Bridge(writer, input);
        final EvidenceWriter evidence = evidenceDir == null ? null : new EvidenceWriter(bridge, evidenceDir, input);
        final AnalysisListener listener = evidence == null ? bridge : evidence;
        try
        {
            if (SAMPLE_NAME.equals(input) && sample)
            {
                try (InputStream in = AnalyzeCommand.class.getResourceAsStream(SAMPLE_RESOURCE))
                {
                    if (in == null)
                    {
                        throw new UserError("the sample capture is missing from this build");
                    }
                    return AnalyzeExtras.writeEvidence(evidence, analysis.analyze(in, SAMPLE_NAME, listener),
                        () -> CaptureReaders.open(AnalyzeCommand.class.getResourceAsStream(SAMPLE_RESOURCE), input),
                        spec.commandLine().getErr(), quiet);
                }
            }
            if (InputExpander.STDIN.equals(input))
            {
                return analysis.analyze(System.in, "-", bridge);
            }
            final Path path = Paths.get(input);
            checkReadable(path);
            return AnalyzeExtras.writeEvidence(evidence, analysis.analyze(path, listener),
                () -> CaptureReaders.open(path), spec.commandLine().getErr(), quiet);
        }
        catch (final BadCaptureException | UserError ex)
        {
            // One unreadable input does not stop the others; the exit code still says something failed.
            error(ex.getMessage());
            return null;
        }
        catch (final UncheckedIOException ex)
        {
            bridge.rethrowOutputFailure();
            error(input + ": " + describe(ex.getCause()));
            return null;
        }
        finally
        {
            bridge.rethrowOutputFailure();
        }
    }

    /** The key log of --tls-keylog, or null; a bad one stops the run with one line naming the file (and line). */
    private static KeyLog readKeyLog(final Path file)
    {
        if (file == null)
        {
            return null;
        }
        checkReadable(file);
        try
        {
            return KeyLog.read(file);
        }
        catch (final KeyLogException ex)
        {
            throw new UserError(ex.getMessage());
        }
    }

    private static void checkReadable(final Path path)
    {
        if (!Files.exists(path))
        {
            throw new UserError(path + ": no such file");
        }
        if (Files.isDirectory(path))
        {
            throw new UserError(path + ": is a directory");
        }
        if (!Files.isReadable(path))
        {
            throw new UserError(path + ": permission denied");
        }
    }

    private void error(final String message)
    {
        spec.commandLine().getErr().println("ftp426: error: " + message);
        spec.commandLine().getErr().flush();
    }

    private static String describe(final IOException ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return "no such file";
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    private OutputStream openOutput()
    {
        if (output == null)
        {
            return StandardOutput.open();
        }
        try
        {
            return Files.newOutputStream(output);
        }
        catch (final IOException ex)
        {
            throw new UserError(output + ": cannot write: " + describe(ex));
        }
    }
}
