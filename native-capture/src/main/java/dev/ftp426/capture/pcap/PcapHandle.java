package dev.ftp426.capture.pcap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.ftp426.capture.pcap.Bindings.LibPcap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A libpcap {@code pcap_t}: a live capture being set up or running, an open capture file, or a "dead" handle that only
 * compiles filters and writes files. Closing it frees the native handle; every method after close fails fast.
 * <p>
 * Not thread-safe, except {@link #breakLoop()}, which libpcap allows from another thread while {@link #next()} runs.
 * The per-packet methods ({@link #next()} and the header accessors) allocate nothing.
 */
public final class PcapHandle implements AutoCloseable
{
    /** Offsets inside {@code struct pcap_pkthdr} on LP64: {@code struct timeval ts; bpf_u_int32 caplen, len;}. */
    static final int HEADER_TV_SEC_OFFSET = 0;
    static final int HEADER_TV_FRACTION_OFFSET = 8;
    static final int HEADER_CAPLEN_OFFSET = 16;
    static final int HEADER_LEN_OFFSET = 20;
    static final int HEADER_LENGTH = 24;

    /** {@link #next()} results, as pcap_next_ex returns them. */
    public static final int PACKET = 1;
    public static final int TIMEOUT = 0;
    public static final int ERROR = PcapLibrary.ERROR;
    public static final int BREAK_OR_EOF = PcapLibrary.ERROR_BREAK;

    private static final short POLLIN = 0x0001;

    private final LibPcap lib;
    private final PcapLibrary library;
    private final String source;
    private final NativeMemory nextOut = new NativeMemory(2 * NativeMemory.POINTER_SIZE);
    private final NativeMemory statOut = new NativeMemory(16);
    private NativeMemory pollFd;
    private final UnsafeBuffer header = new UnsafeBuffer(0, 0);
    private long handle;
    private boolean activated;
    private boolean nanosecondPrecision;

    private PcapHandle(final PcapLibrary library, final long handle, final String source, final boolean activated)
    {
        this.library = library;
        this.lib = library.lib;
        this.handle = handle;
        this.source = source;
        this.activated = activated;
        header.wrap(nextOut.address(), HEADER_LENGTH);
    }

    /**
     * {@code pcap_create}: a live capture handle for an interface, not yet activated.
     *
     * @param device interface name ("any" for all interfaces on Linux).
     * @return the handle, to be configured and then {@link #activate()}d.
     */
    public static PcapHandle create(final String device)
    {
        final PcapLibrary library = PcapLibrary.get();
        NativeMemory.checkPointerSize();
        final NativeMemory errbuf = new NativeMemory(PcapLibrary.ERRBUF_SIZE);
        final long p = library.lib.pcap_create(device, errbuf.address());
        if (0 == p)
        {
            throw new PcapException(device + ": " + errbuf.string());
        }
        return new PcapHandle(library, p, device, false);
    }

    /**
     * {@code pcap_open_offline}: reads a capture file through libpcap (used to cross-check the pure-Java readers).
     *
     * @param file                capture file (pcap, or pcapng when libpcap reads it).
     * @param nanosecondPrecision deliver nanosecond time stamps when libpcap can.
     * @return the handle.
     */
    public static PcapHandle openOffline(final Path file, final boolean nanosecondPrecision)
    {
        final PcapLibrary library = PcapLibrary.get();
        NativeMemory.checkPointerSize();
        final NativeMemory errbuf = new NativeMemory(PcapLibrary.ERRBUF_SIZE);
        final String name = file.toString();
        final boolean nano = nanosecondPrecision && null != library.nano;
        final long p = nano ?
            library.nano.pcap_open_offline_with_tstamp_precision(
                name, PcapLibrary.TSTAMP_PRECISION_NANO, errbuf.address()) :
            library.lib.pcap_open_offline(name, errbuf.address());
        if (0 == p)
        {
            final String error = errbuf.string();
            throw new PcapException(error.startsWith(name) ? error : name + ": " + error);
        }
        final PcapHandle pcap = new PcapHandle(library, p, name, true);
        pcap.nanosecondPrecision = nano;
        return pcap;
    }

    /**
     * {@code pcap_open_dead}: a handle with no source, to compile filters and write files for a link type.
     *
     * @param linkType            LINKTYPE_ value.
     * @param snaplen             snapshot length the filter or file should assume.
     * @param nanosecondPrecision time stamps written through it are nanoseconds.
     * @return the handle.
     */
    public static PcapHandle openDead(final int linkType, final int snaplen, final boolean nanosecondPrecision)
    {
        final PcapLibrary library = PcapLibrary.get();
        NativeMemory.checkPointerSize();
        final int dlt = DataLinkTypes.toDataLinkType(linkType);
        final boolean nano = nanosecondPrecision && null != library.nano;
        final long p = nano ?
            library.nano.pcap_open_dead_with_tstamp_precision(dlt, snaplen, PcapLibrary.TSTAMP_PRECISION_NANO) :
            library.lib.pcap_open_dead(dlt, snaplen);
        if (0 == p)
        {
            throw new PcapException("libpcap: cannot open a handle for link type " + linkType);
        }
        final PcapHandle pcap = new PcapHandle(library, p, "linktype " + linkType, true);
        pcap.nanosecondPrecision = nano;
        return pcap;
    }

    /** The interface or file name this handle was opened on. */
    public String source()
    {
        return source;
    }

    public void snaplen(final int snaplen)
    {
        check("pcap_set_snaplen", lib.pcap_set_snaplen(live(), snaplen));
    }

    public void promiscuous(final boolean promiscuous)
    {
        check("pcap_set_promisc", lib.pcap_set_promisc(live(), promiscuous ? 1 : 0));
    }

    public void timeoutMillis(final int timeoutMillis)
    {
        check("pcap_set_timeout", lib.pcap_set_timeout(live(), timeoutMillis));
    }

    public void bufferSizeBytes(final int bytes)
    {
        check("pcap_set_buffer_size", lib.pcap_set_buffer_size(live(), bytes));
    }

    /**
     * {@code pcap_set_immediate_mode}.
     *
     * @return false when this libpcap has no immediate mode.
     */
    public boolean immediateMode(final boolean immediate)
    {
        if (null == library.immediate)
        {
            return false;
        }
        check("pcap_set_immediate_mode", library.immediate.pcap_set_immediate_mode(live(), immediate ? 1 : 0));
        return true;
    }

    /**
     * Asks for nanosecond time stamps ({@code pcap_set_tstamp_precision}).
     *
     * @return false when this libpcap or this device cannot; capture then continues with microseconds.
     */
    public boolean requestNanosecondPrecision()
    {
        if (null == library.nano)
        {
            return false;
        }
        return 0 == library.nano.pcap_set_tstamp_precision(live(), PcapLibrary.TSTAMP_PRECISION_NANO);
    }

    /** Whether {@link #timestampNanos()} has nanosecond (rather than microsecond) resolution. */
    public boolean isNanosecondPrecision()
    {
        return nanosecondPrecision;
    }

    /**
     * {@code pcap_activate}.
     *
     * @return libpcap's warnings (status &gt; 0), empty when there were none.
     * @throws NoSuchInterfaceException    the interface does not exist.
     * @throws CapturePermissionException  the process lacks root or CAP_NET_RAW.
     * @throws PcapException               any other failure, with libpcap's text.
     */
    public List<String> activate()
    {
        final int status = lib.pcap_activate(live());
        final List<String> warnings = new ArrayList<>();
        if (status < 0)
        {
            throw activationFailure(source, status, lib.pcap_statustostr(status), lib.pcap_geterr(handle));
        }
        if (status > 0)
        {
            final String detail = lib.pcap_geterr(handle);
            warnings.add(source + ": " + lib.pcap_statustostr(status) +
                (null == detail || detail.isEmpty() ? "" : " (" + detail + ")"));
        }
        activated = true;
        nanosecondPrecision = null != library.nano &&
            PcapLibrary.TSTAMP_PRECISION_NANO == library.nano.pcap_get_tstamp_precision(handle);
        return warnings;
    }

    /** Maps a failed pcap_activate status to the exception the user should see. */
    static PcapException activationFailure(
        final String device, final int status, final String statusText, final String errorText)
    {
        final String detail = null == errorText || errorText.isEmpty() || errorText.equals(statusText) ?
            "" : " (" + errorText + ")";
        switch (status)
        {
            case PcapLibrary.ERROR_NO_SUCH_DEVICE:
                return new NoSuchInterfaceException(device + ": no such device" + detail);

            case PcapLibrary.ERROR_PERM_DENIED:
                return new CapturePermissionException(device + ": permission denied" + detail);

            case PcapLibrary.ERROR_PROMISC_PERM_DENIED:
                return new CapturePermissionException(
                    device + ": permission denied for promiscuous mode" + detail);

            case PcapLibrary.ERROR_IFACE_NOT_UP:
                return new PcapException(device + ": interface is down" + detail, "ip link set " + device + " up");

            default:
                if (null != errorText && errorText.contains("Operation not permitted"))
                {
                    return new CapturePermissionException(device + ": permission denied" + detail);
                }
                return new PcapException(device + ": " + statusText + detail);
        }
    }

    /**
     * The netmask of the interface for {@code pcap_compile} (it matters only to "ip broadcast"), or
     * {@link PcapLibrary#NETMASK_UNKNOWN} when the interface has no IPv4 address.
     */
    public int netmask()
    {
        final NativeMemory out = new NativeMemory(8);
        final NativeMemory errbuf = new NativeMemory(PcapLibrary.ERRBUF_SIZE);
        if (0 != lib.pcap_lookupnet(source, out.address(), out.address() + 4, errbuf.address()))
        {
            return PcapLibrary.NETMASK_UNKNOWN;
        }
        return out.buffer().getInt(4);
    }

    /**
     * {@code pcap_compile}.
     *
     * @param expression pcap-filter(7) expression; empty matches everything.
     * @param netmask    see {@link #netmask()}.
     * @return the program, to be closed by the caller.
     * @throws BadFilterException with libpcap's message when it does not compile.
     */
    public BpfProgram compile(final String expression, final int netmask)
    {
        final BpfProgram program = new BpfProgram(lib);
        if (0 != lib.pcap_compile(open(), program.address(), expression, 1, netmask))
        {
            throw new BadFilterException(expression, lib.pcap_geterr(handle));
        }
        program.compiled();
        return program;
    }

    /** {@code pcap_setfilter}: libpcap keeps its own copy, so the program may be closed afterwards. */
    public void setFilter(final BpfProgram program)
    {
        if (0 != lib.pcap_setfilter(open(), program.address()))
        {
            throw new PcapException(source + ": cannot set filter: " + lib.pcap_geterr(handle));
        }
    }

    /**
     * {@code pcap_next_ex}: waits for the next packet.
     *
     * @return {@link #PACKET}, {@link #TIMEOUT}, {@link #BREAK_OR_EOF} (end of file, or {@link #breakLoop()}),
     * or {@link #ERROR} (see {@link #lastError()}).
     */
    public int next()
    {
        final long p = handle;
        if (0 == p)
        {
            throw new IllegalStateException("pcap handle is closed: " + source);
        }
        final int status = lib.pcap_next_ex(p, nextOut.address(), nextOut.address() + NativeMemory.POINTER_SIZE);
        if (PACKET == status)
        {
            header.wrap(nextOut.buffer().getLong(0), HEADER_LENGTH);
        }
        return status;
    }

    /** Address of libpcap's {@code struct pcap_pkthdr} for the packet {@link #next()} returned. */
    public long headerAddress()
    {
        return nextOut.buffer().getLong(0);
    }

    /** Address of the packet bytes {@link #next()} returned; valid until the next call. */
    public long dataAddress()
    {
        return nextOut.buffer().getLong(NativeMemory.POINTER_SIZE);
    }

    public int capturedLength()
    {
        return header.getInt(HEADER_CAPLEN_OFFSET);
    }

    public int originalLength()
    {
        return header.getInt(HEADER_LEN_OFFSET);
    }

    /** Capture time of the current packet in nanoseconds since the epoch, whatever the handle's precision. */
    public long timestampNanos()
    {
        final long seconds = header.getLong(HEADER_TV_SEC_OFFSET);
        final long fraction = header.getLong(HEADER_TV_FRACTION_OFFSET);
        return seconds * 1_000_000_000L + (nanosecondPrecision ? fraction : fraction * 1_000L);
    }

    /**
     * {@code pcap_setnonblock}: {@link #next()} then returns {@link #TIMEOUT} at once when no packet is ready, and
     * {@link #awaitPackets(int)} waits for one. On Linux (TPACKET_V3) a blocking {@link #next()} waits until packets
     * arrive, however long, whatever the timeout; a non-blocking handle lets the caller see time pass.
     */
    public void nonBlocking(final boolean nonBlocking)
    {
        final NativeMemory errbuf = new NativeMemory(PcapLibrary.ERRBUF_SIZE);
        if (0 != lib.pcap_setnonblock(open(), nonBlocking ? 1 : 0, errbuf.address()))
        {
            throw new PcapException(source + ": cannot set non-blocking mode: " + errbuf.string());
        }
        if (nonBlocking && null == pollFd)
        {
            final int fd = lib.pcap_get_selectable_fd(handle);
            if (fd < 0)
            {
                throw new PcapException(source + ": no selectable descriptor for non-blocking capture");
            }
            pollFd = new NativeMemory(8);
            pollFd.buffer().putInt(0, fd);
            pollFd.buffer().putShort(4, POLLIN);
        }
    }

    /**
     * Waits, up to {@code timeoutMillis}, for the {@link #nonBlocking(boolean) non-blocking} handle to have packets
     * ({@code poll(2)} on its descriptor); interrupted waits and errors count as "maybe", so the caller calls
     * {@link #next()} again.
     *
     * @return false when the time passed without packets.
     */
    public boolean awaitPackets(final int timeoutMillis)
    {
        open();
        if (null == pollFd)
        {
            return true;
        }
        pollFd.buffer().putShort(6, (short)0);
        return 0 != PcapLibrary.get().libc().poll(pollFd.address(), 1, timeoutMillis);
    }

    /**
     * {@code pcap_stats} into this handle's memory; read with {@link #statsReceived()} and friends.
     *
     * @return false when statistics are not available (capture files, dead handles).
     */
    public boolean readStats()
    {
        return 0 == lib.pcap_stats(open(), statOut.address());
    }

    /** {@code ps_recv}: unsigned 32-bit, it wraps. */
    public long statsReceived()
    {
        return statOut.buffer().getInt(0) & 0xFFFF_FFFFL;
    }

    /** {@code ps_drop}: dropped by the kernel for lack of buffer space; unsigned 32-bit. */
    public long statsDropped()
    {
        return statOut.buffer().getInt(4) & 0xFFFF_FFFFL;
    }

    /** {@code ps_ifdrop}: dropped by the interface or driver; unsigned 32-bit. */
    public long statsInterfaceDropped()
    {
        return statOut.buffer().getInt(8) & 0xFFFF_FFFFL;
    }

    /** {@code pcap_breakloop}: makes a blocked {@link #next()} return {@link #BREAK_OR_EOF}; callable from any thread. */
    public void breakLoop()
    {
        final long p = handle;
        if (0 != p)
        {
            lib.pcap_breakloop(p);
        }
    }

    /** {@code pcap_datalink}, as a LINKTYPE_ value. */
    public int linkType()
    {
        return DataLinkTypes.toLinkType(lib.pcap_datalink(open()));
    }

    /** {@code pcap_datalink}, the raw DLT_ value. */
    public int dataLinkType()
    {
        return lib.pcap_datalink(open());
    }

    /** {@code pcap_snapshot}. */
    public int snapshotLength()
    {
        return lib.pcap_snapshot(open());
    }

    /** {@code pcap_geterr}: the text of the last error on this handle. */
    public String lastError()
    {
        return lib.pcap_geterr(open());
    }

    /**
     * {@code pcap_dump_open}: a capture file written with this handle's link type, snaplen and precision.
     *
     * @param file path, or "-" for standard output.
     * @return the dumper; close it before this handle.
     */
    public PcapDumper openDumper(final String file)
    {
        final long dumper = lib.pcap_dump_open(open(), file);
        if (0 == dumper)
        {
            throw new PcapException(file + ": cannot write capture file: " + lib.pcap_geterr(handle));
        }
        return new PcapDumper(lib, dumper, null, nanosecondPrecision);
    }

    public boolean isClosed()
    {
        return 0 == handle;
    }

    /** {@code pcap_close}; idempotent. */
    public void close()
    {
        final long p = handle;
        if (0 != p)
        {
            handle = 0;
            lib.pcap_close(p);
        }
    }

    long address()
    {
        return open();
    }

    LibPcap lib()
    {
        return lib;
    }

    private long open()
    {
        if (0 == handle)
        {
            throw new IllegalStateException("pcap handle is closed: " + source);
        }
        return handle;
    }

    private long live()
    {
        if (activated)
        {
            throw new IllegalStateException("pcap handle is already activated: " + source);
        }
        return open();
    }

    private void check(final String function, final int status)
    {
        if (0 != status)
        {
            throw new PcapException(source + ": " + function + ": " + lib.pcap_statustostr(status));
        }
    }
}
