package dev.ftp426.cli;

import dev.ftp426.capture.pcap.Pcap;
import picocli.CommandLine;

/** --version: tool version and Java runtime, like tcpdump --version. */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        final String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "ftp426 " + (version == null ? "(development build)" : version),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            Pcap.isAvailable() ? Pcap.libraryVersion() : "libpcap: not available: " + Pcap.unavailableReason().userMessage(),
        };
    }
}
