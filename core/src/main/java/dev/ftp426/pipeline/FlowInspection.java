package dev.ftp426.pipeline;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.decode.PacketDecoder;
import dev.ftp426.pcap.CaptureReader;
import dev.ftp426.pcap.CaptureReaders;
import dev.ftp426.pcap.CaptureStats;
import dev.ftp426.pcap.Frame;
import dev.ftp426.tcp.StreamListener;
import dev.ftp426.tcp.TcpConfig;
import dev.ftp426.tcp.TcpFlow;
import dev.ftp426.tcp.TcpTracker;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A TCP-only pass over a capture: reader, decoder and {@link TcpTracker}, with no FTP and no attribution, for tools
 * that look at connections themselves (the {@code flows} listing, stream export, cross-capture correlation). It
 * leaves the analysis path ({@link PacketPipeline}) alone: its {@link Observer} sees every TCP packet with its flow
 * and direction, the reassembled bytes of the flows it asks for, and each flow once more just before it closes.
 */
public final class FlowInspection
{
    /** What an inspection reports; every method is optional. Flows are pooled: keep ids and copies, not flows. */
    public interface Observer
    {
        /** A new connection instance; return true to receive its reassembled bytes. */
        default boolean onOpen(final TcpFlow flow)
        {
            return false;
        }

        /** A TCP packet of {@code flow}, after the tracker has accounted for it. */
        default void onPacket(final TcpFlow flow, final int direction, final DecodedPacket packet)
        {
        }

        /** In-order bytes of one direction (0 from the initiator). */
        default void onData(
            final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset, final int length)
        {
        }

        /** Bytes of one direction the capture does not hold. */
        default void onGap(final TcpFlow flow, final int direction, final long bytes)
        {
        }

        /** The flow leaves the table: its facts are final. */
        default void onClose(final TcpFlow flow)
        {
        }
    }

    private final TcpConfig config;

    public FlowInspection(final TcpConfig config)
    {
        this.config = config;
    }

    public FlowInspection()
    {
        this(new TcpConfig());
    }

    /** Reads a capture file through the tracker; returns the reader's statistics. */
    public CaptureStats run(final Path file, final Observer observer) throws IOException
    {
        try (CaptureReader reader = CaptureReaders.open(file))
        {
            return run(reader, observer);
        }
    }

    /** Reads a capture stream through the tracker; returns the reader's statistics. */
    public CaptureStats run(final InputStream in, final String name, final Observer observer) throws IOException
    {
        try (CaptureReader reader = CaptureReaders.open(in, name))
        {
            return run(reader, observer);
        }
    }

    private CaptureStats run(final CaptureReader reader, final Observer observer)
    {
        final Adapter adapter = new Adapter(observer);
        final TcpTracker tcp = new TcpTracker(config, adapter, null);
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket packet = new DecodedPacket();
        try
        {
            reader.readAll((final Frame frame) ->
            {
                if (decoder.decode(frame, packet))
                {
                    tcp.onPacket(packet);
                    final TcpFlow flow = tcp.lastFlow();
                    if (flow != null && packet.isTcp())
                    {
                        observer.onPacket(flow, tcp.lastDirection(), packet);
                    }
                }
            });
        }
        finally
        {
            decoder.finish();
            tcp.closeAll();
        }
        return reader.stats();
    }

    private static final class Adapter implements StreamListener
    {
        private final Observer observer;

        Adapter(final Observer observer)
        {
            this.observer = observer;
        }

        @Override
        public boolean onOpen(final TcpFlow flow)
        {
            return observer.onOpen(flow);
        }

        @Override
        public void onData(
            final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset, final int length,
            final long frame, final long tsNanos)
        {
            observer.onData(flow, direction, buffer, offset, length);
        }

        @Override
        public void onGap(final TcpFlow flow, final int direction, final long bytes, final long frame,
            final long tsNanos)
        {
            observer.onGap(flow, direction, bytes);
        }

        @Override
        public void onClose(final TcpFlow flow, final int reason)
        {
            observer.onClose(flow);
        }
    }
}
