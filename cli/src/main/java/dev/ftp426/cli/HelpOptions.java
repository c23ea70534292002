package dev.ftp426.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Mixed into every command: {@code -h/--help} and the documented exit codes. Not picocli's standard help mixin,
 * whose {@code -V} would clash with tcpdump's meaning of that flag.
 */
@Command(
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:analysed (also: capture stopped by -c, Ctrl-C or SIGTERM; a truncated last record)",
        "1:runtime error (input, filter, capture set-up, output), one message on stderr",
        "2:usage error (unknown option, bad value)",
        "10:with --exit-code-on-verdict: at least one 426 verdict was produced",
        "130:analyze interrupted by Ctrl-C (partial results flushed)",
    })
public final class HelpOptions
{
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
