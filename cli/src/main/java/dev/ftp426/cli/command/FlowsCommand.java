package dev.ftp426.cli.command;

import dev.ftp426.cli.ExitCodes;
import dev.ftp426.cli.HelpOptions;
import dev.ftp426.cli.UserError;
import dev.ftp426.cli.output.FlowWriter;
import dev.ftp426.cli.output.OutputFormat;
import dev.ftp426.flow.CommunityId;
import dev.ftp426.pcap.BadCaptureException;
import dev.ftp426.pipeline.FlowInspection;
import dev.ftp426.report.FlowRecord;
import dev.ftp426.tcp.TcpFlow;
import org.agrona.DirectBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ftp426 flows}: every TCP connection of a capture with its conn.log-style facts, or one stream's bytes. */
@Command(
    name = "flows",
    description = {
        "List the TCP connections of a capture (Zeek conn.log-style facts), or write one reassembled stream.",
        "",
        "Flow ids count connections in order of their first packet, from 1 (usually Wireshark's tcp.stream + 1). "
            + "With --write-stream, 'client' is the connection's originator (the SYN sender) and 'server' the "
            + "responder; bytes the capture does not hold are written as zeros (--gaps zeros, so offsets match the "
            + "sequence space) or left out (--gaps skip, as Wireshark's Follow TCP Stream raw output does).",
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  ftp426 flows capture.pcap",
        "  ftp426 flows -F jsonl capture.pcap | jq 'select(.conn_state==\"RSTR\")'",
        "  ftp426 flows capture.pcap --write-stream 2 --direction server -o data.bin",
    })
public final class FlowsCommand implements Callable<Integer>
{
    /** How holes in a written stream are represented. */
    public enum Gaps
    {
        zeros, skip
    }

    /** Which side's bytes to write. */
    public enum Direction
    {
        client, server
    }

    @CommandLine.Mixin
    HelpOptions helpOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1", description = "A capture file (pcap, pcapng, gzip).")
    Path file;

    @Option(names = {"-F", "--format"}, paramLabel = "FORMAT", defaultValue = "human",
        description = "Listing format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Write the listing (or, with --write-stream, the stream bytes) here.")
    Path output;

    @Option(names = "--write-stream", paramLabel = "FLOW_ID", description = "Write the reassembled bytes of this flow.")
    Long writeStream;

    @Option(names = "--direction", paramLabel = "SIDE", defaultValue = "server",
        description = "With --write-stream: bytes sent by the client (originator) or the server (default: "
            + "${DEFAULT-VALUE}).")
    Direction direction;

    @Option(names = "--gaps", paramLabel = "HOW", defaultValue = "zeros",
        description = "With --write-stream: missing bytes as zeros or skip (default: ${DEFAULT-VALUE}).")
    Gaps gaps;

    @Option(names = "--community-id-seed", paramLabel = "N", defaultValue = "0",
        description = "Community ID seed (default 0).")
    int communityIdSeed;

    @Override
    public Integer call() throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new UserError(file + (Files.exists(file) ? ": not a regular file" : ": no such file"));
        }
        if (writeStream != null)
        {
            if (output == null)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--write-stream needs -o FILE");
            }
            return writeStream();
        }
        final CommunityId communityId = new CommunityId(communityIdSeed);
        final List<FlowRecord> flows = new ArrayList<>();
        run(new FlowInspection.Observer()
        {
            @Override
            public void onClose(final TcpFlow flow)
            {
                flows.add(FlowRecord.of(flow, communityId));
            }
        });
        flows.sort(Comparator.comparingLong(FlowRecord::flowId));
        try (OutputStream out = output == null ? StandardOutput.open() : Files.newOutputStream(output))
        {
            FlowWriter.write(format, file.toString(), flows, out);
        }
        catch (final IOException ex)
        {
            if (BrokenPipe.is(ex))
            {
                return ExitCodes.OK;
            }
            throw new UserError("cannot write output: " + ex.getMessage());
        }
        return ExitCodes.OK;
    }

    private int writeStream() throws IOException
    {
        final long id = writeStream;
        final int wanted = direction == Direction.client ? 0 : 1;
        final Path temp = output.resolveSibling("." + output.getFileName() + ".part");
        final long[] counts = new long[3];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))
        {
            final byte[] chunk = new byte[1 << 16];
            final byte[] zeros = new byte[1 << 16];
            run(new FlowInspection.Observer()
            {
                @Override
                public boolean onOpen(final TcpFlow flow)
                {
                    if (flow.id() == id)
                    {
                        counts[2] = 1;
                        return true;
                    }
                    return false;
                }

                @Override
                public void onData(final TcpFlow flow, final int dir, final DirectBuffer buffer, final int offset,
                    final int length)
                {
                    if (flow.id() != id || dir != wanted)
                    {
                        return;
                    }
                    for (int done = 0; done < length; )
                    {
                        final int n = Math.min(chunk.length, length - done);
                        buffer.getBytes(offset + done, chunk, 0, n);
                        write(out, chunk, n);
                        done += n;
                    }
                    counts[0] += length;
                }

                @Override
                public void onGap(final TcpFlow flow, final int dir, final long bytes)
                {
                    if (flow.id() != id || dir != wanted)
                    {
                        return;
                    }
                    counts[1] += bytes;
                    if (gaps == Gaps.zeros)
                    {
                        for (long left = bytes; left > 0; )
                        {
                            final int n = (int)Math.min(zeros.length, left);
                            write(out, zeros, n);
                            left -= n;
                        }
                    }
                }
            });
        }
        catch (final UncheckedIOException ex)
        {
            Files.deleteIfExists(temp);
            throw new UserError(output + ": cannot write: " + ex.getCause().getMessage());
        }
        if (counts[2] == 0)
        {
            Files.deleteIfExists(temp);
            throw new UserError(file + ": no TCP flow with id " + id + " (hint: run 'ftp426 flows " + file + "')");
        }
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        final var err = spec.commandLine().getErr();
        err.printf("ftp426: flow %d %s bytes: %,d written, %,d missing from the capture (%s)%n", id,
            direction, counts[0], counts[1], gaps == Gaps.zeros ? "written as zeros" : "left out");
        err.flush();
        return ExitCodes.OK;
    }

    private static void write(final OutputStream out, final byte[] bytes, final int length)
    {
        try
        {
            out.write(bytes, 0, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void run(final FlowInspection.Observer observer) throws IOException
    {
        try
        {
            new FlowInspection().run(file, observer);
        }
        catch (final BadCaptureException ex)
        {
            throw new UserError(ex.getMessage());
        }
    }
}
