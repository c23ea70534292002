package dev.ftp426.capture.pcap;

import dev.ftp426.capture.pcap.Bindings.LibPcap;
import dev.ftp426.pcap.Frame;
import org.agrona.DirectBuffer;

/**
 * A BPF filter applied to frames that were not captured by libpcap (offline analysis), compiled by libpcap
 * ({@code pcap_open_dead} + {@code pcap_compile}) and run by {@code pcap_offline_filter}, so the same expression means
 * the same thing on {@code analyze} and {@code capture}.
 * <p>
 * {@link #matches(Frame)} allocates nothing; frames on the Java heap are copied into a reusable native buffer.
 * One instance per thread.
 */
public final class OfflineFilter implements AutoCloseable
{
    private final PcapHandle dead;
    private final BpfProgram program;
    private final LibPcap lib;
    private final int linkType;
    private final String expression;
    private final NativeMemory header = new NativeMemory(PcapHandle.HEADER_LENGTH);
    private NativeMemory scratch;

    private OfflineFilter(final PcapHandle dead, final BpfProgram program, final int linkType, final String expression)
    {
        this.dead = dead;
        this.program = program;
        this.lib = dead.lib();
        this.linkType = linkType;
        this.expression = expression;
    }

    /**
     * Compiles a filter for one link type.
     *
     * @param linkType   LINKTYPE_ value of the frames to be filtered.
     * @param snaplen    snapshot length (262144 when unknown).
     * @param expression pcap-filter(7) expression.
     * @return the filter, to be closed.
     * @throws BadFilterException          with libpcap's message when the expression does not compile.
     * @throws LibpcapUnavailableException when libpcap is not installed.
     */
    public static OfflineFilter compile(final int linkType, final int snaplen, final String expression)
    {
        final PcapHandle dead = PcapHandle.openDead(linkType, snaplen <= 0 ? 262144 : snaplen, false);
        try
        {
            return new OfflineFilter(dead, dead.compile(expression, PcapLibrary.NETMASK_UNKNOWN), linkType, expression);
        }
        catch (final RuntimeException ex)
        {
            dead.close();
            throw ex;
        }
    }

    public int linkType()
    {
        return linkType;
    }

    public String expression()
    {
        return expression;
    }

    /** Whether the filter accepts the frame (its link type must be {@link #linkType()}). */
    public boolean matches(final Frame frame)
    {
        return matches(frame.buffer(), 0, frame.capturedLength(), frame.originalLength());
    }

    /**
     * Whether the filter accepts the bytes {@code [offset, offset + capturedLength)} of {@code buffer}.
     *
     * @param buffer         frame bytes, first byte the link-layer header.
     * @param offset         where the frame starts.
     * @param capturedLength bytes present.
     * @param originalLength bytes on the wire.
     * @return true when accepted.
     */
    public boolean matches(
        final DirectBuffer buffer, final int offset, final int capturedLength, final int originalLength)
    {
        buffer.boundsCheck(offset, capturedLength);
        header.buffer().putInt(PcapHandle.HEADER_CAPLEN_OFFSET, capturedLength);
        header.buffer().putInt(PcapHandle.HEADER_LEN_OFFSET, originalLength);
        final long data;
        if (null == buffer.byteArray())
        {
            data = buffer.addressOffset() + offset;
        }
        else
        {
            if (null == scratch || scratch.buffer().capacity() < capturedLength)
            {
                scratch = new NativeMemory(Math.max(2048, Integer.highestOneBit(Math.max(1, capturedLength - 1)) << 1));
            }
            scratch.buffer().putBytes(0, buffer, offset, capturedLength);
            data = scratch.address();
        }
        return 0 != lib.pcap_offline_filter(program.address(), header.address(), data);
    }

    public void close()
    {
        try
        {
            program.close();
        }
        finally
        {
            dead.close();
        }
    }
}
