package dev.ftp426.capture.pcap;

import dev.ftp426.capture.pcap.Bindings.LibPcap;
import dev.ftp426.capture.pcap.Bindings.LibC;
import dev.ftp426.capture.pcap.Bindings.LibPcapImmediate;
import dev.ftp426.capture.pcap.Bindings.LibPcapNano;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;

/**
 * Loads the system libpcap once, on first use. The required functions come from {@link LibPcap}; features added
 * later (nanosecond time stamps, immediate mode) are bound separately and are null when the library lacks them.
 */
final class PcapLibrary
{
    static final String[] LIBRARY_NAMES = {"pcap", "libpcap.so.0.8", "libpcap.so.1"};

    static final int ERRBUF_SIZE = 256;
    static final int ERROR = -1;
    static final int ERROR_BREAK = -2;
    static final int ERROR_NO_SUCH_DEVICE = -5;
    static final int ERROR_PERM_DENIED = -8;
    static final int ERROR_IFACE_NOT_UP = -9;
    static final int ERROR_PROMISC_PERM_DENIED = -11;
    static final int ERROR_TSTAMP_PRECISION_NOTSUP = -12;
    static final int TSTAMP_PRECISION_MICRO = 0;
    static final int TSTAMP_PRECISION_NANO = 1;
    static final int NETMASK_UNKNOWN = 0xffffffff;

    private static final PcapLibrary INSTANCE = load(LIBRARY_NAMES);

    final LibPcap lib;
    final LibPcapNano nano;
    final LibPcapImmediate immediate;
    final String loadedName;
    final LibpcapUnavailableException failure;
    private volatile LibC libc;

    private PcapLibrary(
        final LibPcap lib,
        final LibPcapNano nano,
        final LibPcapImmediate immediate,
        final String loadedName,
        final LibpcapUnavailableException failure)
    {
        this.lib = lib;
        this.nano = nano;
        this.immediate = immediate;
        this.loadedName = loadedName;
        this.failure = failure;
    }

    /** The loaded library, or the {@link LibpcapUnavailableException} explaining why there is none. */
    static PcapLibrary get()
    {
        if (null != INSTANCE.failure)
        {
            throw INSTANCE.failure;
        }
        return INSTANCE;
    }

    /** The C library's {@code poll}, loaded on first use. */
    LibC libc()
    {
        LibC c = libc;
        if (null == c)
        {
            c = loader(LibC.class).load("c");
            libc = c;
        }
        return c;
    }

    static boolean isAvailable()
    {
        return null == INSTANCE.failure;
    }

    static LibpcapUnavailableException failure()
    {
        return INSTANCE.failure;
    }

    /** Loads the first of {@code names} that has every required function; never throws. */
    static PcapLibrary load(final String... names)
    {
        Throwable firstError = null;
        for (final String name : names)
        {
            try
            {
                final LibPcap lib = loader(LibPcap.class).load(name);
                lib.pcap_lib_version();
                return new PcapLibrary(
                    lib, optional(LibPcapNano.class, name), optional(LibPcapImmediate.class, name), name, null);
            }
            catch (final LinkageError | RuntimeException ex)
            {
                if (null == firstError)
                {
                    firstError = ex;
                }
            }
        }

        final LibpcapUnavailableException failure = new LibpcapUnavailableException(
            "libpcap: cannot load the system library (tried " + String.join(", ", names) + "): " +
            (null == firstError ? "not found" : firstLine(firstError.getMessage())), firstError);
        return new PcapLibrary(null, null, null, null, failure);
    }

    private static <T> T optional(final Class<T> functions, final String name)
    {
        try
        {
            return loader(functions).load(name);
        }
        catch (final LinkageError | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * libpcap reports its errors through return values and {@code pcap_geterr}, never through errno, so the calls do
     * not save errno (JNR-FFI otherwise reads and stores it after every call, the per-packet ones included).
     */
    private static <T> LibraryLoader<T> loader(final Class<T> functions)
    {
        return LibraryLoader.create(functions).failImmediately().option(LibraryOption.IgnoreError, true);
    }

    private static String firstLine(final String message)
    {
        if (null == message)
        {
            return "unknown reason";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
