package dev.ftp426.cli.command;

import dev.ftp426.capture.pcap.CaptureInterface;
import dev.ftp426.capture.pcap.Interfaces;
import dev.ftp426.capture.pcap.PcapException;
import dev.ftp426.cli.HelpOptions;
import dev.ftp426.cli.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ftp426 interfaces}: the capture devices libpcap offers, numbered as {@code tcpdump -D} does. */
@Command(
    name = "interfaces",
    aliases = "list-interfaces",
    description = "List the interfaces live capture can use, like 'tcpdump -D'. The number can be given to -i.",
    footerHeading = "%nExamples:%n",
    footer = {"  ftp426 interfaces", "  ftp426 capture -i 1"})
public final class InterfacesCommand implements Callable<Integer>
{
    @CommandLine.Mixin
    HelpOptions helpOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        final List<CaptureInterface> interfaces;
        try
        {
            interfaces = Interfaces.list();
        }
        catch (final PcapException ex)
        {
            throw new UserError(ex.userMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        for (final CaptureInterface device : interfaces)
        {
            final StringBuilder line = new StringBuilder().append(device.number()).append('.').append(device.name());
            if (device.description() != null && !device.description().isEmpty())
            {
                line.append(" (").append(device.description()).append(')');
            }
            final String flags = device.flagsText();
            if (flags != null && !flags.isEmpty())
            {
                line.append(" [").append(flags).append(']');
            }
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
