package dev.ftp426.cli;

import dev.ftp426.cli.command.AnalyzeCommand;
import dev.ftp426.cli.command.BenchCommand;
import dev.ftp426.cli.command.CaptureCommand;
import dev.ftp426.cli.command.InterfacesCommand;
import dev.ftp426.cli.command.FlowsCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** Entry point of the ftp426 command line. */
@Command(
    name = "ftp426",
    description = "Tells who broke an FTP transfer (426): client, server or network, from a packet capture.",
    versionProvider = VersionProvider.class,
    subcommands = {
        AnalyzeCommand.class,
        CaptureCommand.class,
        BenchCommand.class,
        InterfacesCommand.class,
        AutoComplete.GenerateCompletion.class,
        FlowsCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftp426 analyze capture.pcapng",
        "  ftp426 analyze --format jsonl captures/ | jq 'select(.type==\"verdict\")'",
        "  ftp426 analyze --sample",
    })
public final class Main implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    HelpOptions helpOptions;

    // Long-only: -V means "read a list of files" to tcpdump users (see conventions).
    @Option(names = "--version", versionHelp = true, description = "Print version information and exit.")
    boolean version;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try 'ftp426 analyze FILE')");
    }

    /** Builds the configured command line; tests use it to run commands in-process. */
    public static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::onExecutionException);
        commandLine.setParameterExceptionHandler(Main::onParameterException);
        final CommandLine completion = commandLine.getSubcommands().get("generate-completion");
        if (completion != null)
        {
            completion.getCommandSpec().usageMessage().hidden(false);
        }
        return commandLine;
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    private static int onExecutionException(
        final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        final PrintWriter err = commandLine.getErr();
        if (ex instanceof UserError)
        {
            err.println("ftp426: error: " + ex.getMessage());
        }
        else
        {
            err.println("ftp426: error: internal failure: " + ex);
            if (Boolean.getBoolean("ftp426.debug") || System.getenv("FTP426_DEBUG") != null)
            {
                ex.printStackTrace(err);
            }
            else
            {
                err.println("ftp426: (set FTP426_DEBUG=1 to see the stack trace)");
            }
        }
        err.flush();
        return ExitCodes.RUNTIME_ERROR;
    }

    private static int onParameterException(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        err.println("ftp426: error: " + ex.getMessage());
        err.println("ftp426: see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }
}
