package dev.ftp426.capture.pcap;

/** The named capture interface does not exist. */
public final class NoSuchInterfaceException extends PcapException
{
    private static final long serialVersionUID = 1L;

    public NoSuchInterfaceException(final String message)
    {
        super(message, "run 'ftp426 interfaces'");
    }
}
