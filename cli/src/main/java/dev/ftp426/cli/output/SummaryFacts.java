package dev.ftp426.cli.output;

import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.LinkType;
import dev.ftp426.report.FileSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Derived views of a {@link FileSummary} that every output format shows the same way. */
final class SummaryFacts
{
    private SummaryFacts()
    {
    }

    /** Packets per link type name, over all interfaces. */
    static Map<String, Long> linkTypes(final FileSummary summary)
    {
        final Map<String, Long> linkTypes = new TreeMap<>();
        for (final CaptureStats.InterfaceStats stats : summary.capture().interfaces())
        {
            linkTypes.merge(LinkType.name(stats.linkType()), stats.packets(), Long::sum);
        }
        return linkTypes;
    }

    /** Reader warnings then analysis warnings, as text. */
    static List<String> warnings(final FileSummary summary)
    {
        final List<String> warnings = new ArrayList<>();
        for (final CaptureStats.Warning warning : summary.capture().warnings())
        {
            warnings.add(warning.toString());
        }
        final int unknown = summary.decode().unknownLinkTypeCount();
        for (int i = 0; i < unknown; i++)
        {
            warnings.add("unsupported link type " + summary.decode().unknownLinkTypeValue(i) + ": " +
                summary.decode().unknownLinkTypeFrames(i) + " frames not analysed");
        }
        warnings.addAll(summary.warnings());
        return warnings;
    }

    static boolean hasPackets(final FileSummary summary)
    {
        return summary.capture().packets() > 0;
    }
}
