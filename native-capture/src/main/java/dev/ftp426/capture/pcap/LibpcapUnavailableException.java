package dev.ftp426.capture.pcap;

/** The system libpcap could not be loaded, so nothing live (and no offline BPF filter) is possible. */
public final class LibpcapUnavailableException extends PcapException
{
    private static final long serialVersionUID = 1L;

    public LibpcapUnavailableException(final String message, final Throwable cause)
    {
        super(message, "install libpcap, e.g. 'apt-get install libpcap0.8'", cause);
    }
}
