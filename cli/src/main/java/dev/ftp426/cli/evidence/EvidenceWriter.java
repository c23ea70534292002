package dev.ftp426.cli.evidence;

import dev.ftp426.cli.output.TransferFrames;
import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.Frame;
import dev.ftp426.pipeline.AnalysisListener;
import dev.ftp426.report.FileSummary;
import dev.ftp426.report.TransferReport;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code analyze --evidence-dir}: one small pcap per verdict holding just the control and data connections of the
 * transfer around the failure, so a person can open exactly the packets that prove it.
 * <p>
 * The analysis keeps no frames, so the evidence is cut in a second pass over the input after its analysis: this
 * listener notes what each verdict needs while passing every record on, then {@link #write} reads the input again.
 * Each file is written under a temporary name and renamed when complete, so a reader never sees half a file. The
 * original link type and timestamps are kept (nanosecond pcap when the input had finer than microsecond time).
 */
public final class EvidenceWriter implements AnalysisListener
{
    /** Reopens the input for the second pass. */
    @FunctionalInterface
    public interface Source
    {
        CaptureReader open() throws IOException;
    }

    private final AnalysisListener next;
    private final Path directory;
    private final String stem;
    private final List<EvidenceSelection> selections = new ArrayList<>();

    public EvidenceWriter(final AnalysisListener next, final Path directory, final String input)
    {
        this.next = next;
        this.directory = directory;
        this.stem = stem(input);
    }

    /** Input file name without directories and capture extensions. */
    static String stem(final String input)
    {
        String name = Path.of(input).getFileName() == null ? input : Path.of(input).getFileName().toString();
        for (final String ext : new String[] {".gz", ".pcapng", ".pcap", ".cap"})
        {
            if (name.endsWith(ext) && name.length() > ext.length())
            {
                name = name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }

    @Override
    public void onTransfer(final TransferReport report)
    {
        if (report.hasVerdict())
        {
            selections.add(EvidenceSelection.of(stem, TransferFrames.eventFrame(report), report));
        }
        next.onTransfer(report);
    }

    @Override
    public void onSummary(final FileSummary summary)
    {
        next.onSummary(summary);
    }

    /** How many verdicts want evidence. */
    public int selections()
    {
        return selections.size();
    }

    /**
     * Writes one pcap per verdict from a second pass over the input.
     *
     * @return the files written.
     */
    public List<Path> write(final Source source) throws IOException
    {
        Files.createDirectories(directory);
        if (selections.isEmpty())
        {
            return List.of();
        }
        final int n = selections.size();
        final Path[] temps = new Path[n];
        final PcapFileWriter[] writers = new PcapFileWriter[n];
        final int[] linkTypes = new int[n];
        // Many verdicts in a big file: look candidates up by port pair instead of testing every selection.
        final Long2ObjectHashMap<int[]> byPorts = new Long2ObjectHashMap<>();
        for (int i = 0; i < n; i++)
        {
            for (final long key : selections.get(i).portKeys())
            {
                final int[] old = byPorts.get(key);
                final int[] grown = old == null ? new int[1] : Arrays.copyOf(old, old.length + 1);
                grown[grown.length - 1] = i;
                byPorts.put(key, grown);
            }
        }
        final List<Path> written = new ArrayList<>();
        try (CaptureReader reader = source.open())
        {
            final CaptureStats stats = reader.stats();
            final PacketDecoder decoder = new PacketDecoder();
            final DecodedPacket packet = new DecodedPacket();
            final IOException[] failure = new IOException[1];
            reader.readAll((final Frame frame) ->
            {
                if (failure[0] != null || !decoder.decode(frame, packet) || !packet.isTcp())
                {
                    return;
                }
                final int[] candidates =
                    byPorts.get(EvidenceSelection.portKey(packet.srcPort(), packet.dstPort()));
                if (candidates == null)
                {
                    return;
                }
                for (int c = 0; c < candidates.length; c++)
                {
                    final int i = candidates[c];
                    if (c > 0 && candidates[c - 1] == i || !selections.get(i).matches(packet))
                    {
                        continue;
                    }
                    try
                    {
                        if (writers[i] == null)
                        {
                            temps[i] = directory.resolve("." + selections.get(i).fileName + ".part");
                            linkTypes[i] = frame.linkType();
                            writers[i] = new PcapFileWriter(temps[i], frame.linkType(), snapLength(stats),
                                nanos(stats));
                        }
                        if (frame.linkType() == linkTypes[i])
                        {
                            writers[i].write(frame);
                        }
                    }
                    catch (final IOException ex)
                    {
                        failure[0] = ex;
                    }
                }
            });
            decoder.finish();
            if (failure[0] != null)
            {
                throw failure[0];
            }
            for (int i = 0; i < n; i++)
            {
                if (writers[i] != null)
                {
                    writers[i].close();
                    writers[i] = null;
                    final Path target = directory.resolve(selections.get(i).fileName);
                    Files.move(temps[i], target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    written.add(target);
                }
            }
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
        finally
        {
            for (int i = 0; i < n; i++)
            {
                if (writers[i] != null)
                {
                    try
                    {
                        writers[i].close();
                    }
                    catch (final IOException ignored)
                    {
                        // already failing
                    }
                }
                if (temps[i] != null)
                {
                    Files.deleteIfExists(temps[i]);
                }
            }
        }
        return written;
    }

    private static int snapLength(final CaptureStats stats)
    {
        int snap = 0;
        for (final CaptureStats.InterfaceStats iface : stats.interfaces())
        {
            snap = Math.max(snap, iface.snapLength());
        }
        return snap <= 0 ? 262144 : snap;
    }

    private static boolean nanos(final CaptureStats stats)
    {
        for (final CaptureStats.InterfaceStats iface : stats.interfaces())
        {
            final String resolution = iface.timestampResolution();
            if (!resolution.startsWith("10^-") || Integer.parseInt(resolution.substring(4)) > 6)
            {
                return true;
            }
        }
        return false;
    }
}
