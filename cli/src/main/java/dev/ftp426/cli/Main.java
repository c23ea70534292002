package dev.ftp426.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the ftp426 command line. */
@Command(name = "ftp426", description = "Tells who broke an FTP transfer (426) from a packet capture.")
public final class Main implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
