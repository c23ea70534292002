package dev.ftp426.capture.pcap;

/** Whether libpcap is present, and its version, for {@code --version} and for refusing features early. */
public final class Pcap
{
    private Pcap()
    {
    }

    public static boolean isAvailable()
    {
        return PcapLibrary.isAvailable();
    }

    /** Why libpcap is not available, or null when it is. */
    public static LibpcapUnavailableException unavailableReason()
    {
        return PcapLibrary.failure();
    }

    /**
     * {@code pcap_lib_version()}, e.g. "libpcap version 1.10.3 (with TPACKET_V3)".
     *
     * @throws LibpcapUnavailableException when libpcap is not installed.
     */
    public static String libraryVersion()
    {
        return PcapLibrary.get().lib.pcap_lib_version();
    }

    /** Whether this libpcap has nanosecond time stamps (1.5 and later). */
    public static boolean hasNanosecondTimestamps()
    {
        return PcapLibrary.get().nano != null;
    }

    /** Whether this libpcap has immediate mode (1.5 and later). */
    public static boolean hasImmediateMode()
    {
        return PcapLibrary.get().immediate != null;
    }
}
