package dev.ftp426.capture.pcap;

import dev.ftp426.capture.pcap.Bindings.LibPcap;
import dev.ftp426.pcap.Frame;
import org.agrona.DirectBuffer;

/**
 * A classic pcap file being written by libpcap ({@code pcap_dump_open}/{@code pcap_dump}/{@code pcap_dump_close}),
 * for {@code -w}. Frames from a live handle are dumped straight from libpcap's buffer; frames from anywhere else are
 * written with {@link #write(Frame)}, which copies them to native memory only when they live on the Java heap.
 */
public final class PcapDumper implements AutoCloseable
{
    private final LibPcap lib;
    private final PcapHandle ownedHandle;
    private final boolean nanosecondPrecision;
    private final NativeMemory header = new NativeMemory(PcapHandle.HEADER_LENGTH);
    private NativeMemory scratch;
    private long dumper;
    private long written;

    PcapDumper(final LibPcap lib, final long dumper, final PcapHandle ownedHandle, final boolean nanosecondPrecision)
    {
        this.lib = lib;
        this.dumper = dumper;
        this.ownedHandle = ownedHandle;
        this.nanosecondPrecision = nanosecondPrecision;
    }

    /**
     * Opens a capture file for frames of one link type.
     *
     * @param file     path, or "-" for standard output.
     * @param linkType LINKTYPE_ value written to the file header.
     * @param snaplen  snapshot length written to the file header.
     * @param nanos    write a nanosecond-resolution file (when this libpcap can).
     * @return the dumper.
     */
    public static PcapDumper open(final String file, final int linkType, final int snaplen, final boolean nanos)
    {
        final PcapHandle dead = PcapHandle.openDead(linkType, snaplen, nanos);
        try
        {
            final long dumper = dead.lib().pcap_dump_open(dead.address(), file);
            if (0 == dumper)
            {
                throw new PcapException(file + ": cannot write capture file: " + dead.lastError());
            }
            return new PcapDumper(dead.lib(), dumper, dead, dead.isNanosecondPrecision());
        }
        catch (final RuntimeException ex)
        {
            dead.close();
            throw ex;
        }
    }

    /** Writes the packet a live or offline handle just returned, without copying it. */
    public void writeNative(final long headerAddress, final long dataAddress)
    {
        lib.pcap_dump(open(), headerAddress, dataAddress);
        written++;
    }

    /** Writes one frame; allocation-free once the scratch buffer has grown to the largest frame. */
    public void write(final Frame frame)
    {
        final long d = open();
        final long nanos = frame.timestampNanos();
        final long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        final long fraction = Math.floorMod(nanos, 1_000_000_000L);
        header.buffer().putLong(PcapHandle.HEADER_TV_SEC_OFFSET, seconds);
        header.buffer().putLong(PcapHandle.HEADER_TV_FRACTION_OFFSET, nanosecondPrecision ? fraction : fraction / 1000);
        header.buffer().putInt(PcapHandle.HEADER_CAPLEN_OFFSET, frame.capturedLength());
        header.buffer().putInt(PcapHandle.HEADER_LEN_OFFSET, frame.originalLength());
        lib.pcap_dump(d, header.address(), nativeAddress(frame.buffer(), frame.capturedLength()));
        written++;
    }

    /** Frames written so far. */
    public long written()
    {
        return written;
    }

    /** {@code pcap_dump_flush}. */
    public void flush()
    {
        if (0 != lib.pcap_dump_flush(open()))
        {
            throw new PcapException("cannot flush capture file");
        }
    }

    /** {@code pcap_dump_close} (flushes); idempotent. */
    public void close()
    {
        final long d = dumper;
        dumper = 0;
        try
        {
            if (0 != d)
            {
                lib.pcap_dump_close(d);
            }
        }
        finally
        {
            if (null != ownedHandle)
            {
                ownedHandle.close();
            }
        }
    }

    private long nativeAddress(final DirectBuffer buffer, final int length)
    {
        if (null == buffer.byteArray())
        {
            return buffer.addressOffset();
        }
        if (null == scratch || scratch.buffer().capacity() < length)
        {
            scratch = new NativeMemory(Math.max(2048, Integer.highestOneBit(Math.max(1, length - 1)) << 1));
        }
        scratch.buffer().putBytes(0, buffer, 0, length);
        return scratch.address();
    }

    private long open()
    {
        if (0 == dumper)
        {
            throw new IllegalStateException("capture file is closed");
        }
        return dumper;
    }
}
