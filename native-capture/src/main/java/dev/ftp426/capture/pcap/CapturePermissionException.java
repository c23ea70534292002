package dev.ftp426.capture.pcap;

/** The process may not open the interface for capture (or not in promiscuous mode). */
public final class CapturePermissionException extends PcapException
{
    private static final long serialVersionUID = 1L;

    public CapturePermissionException(final String message)
    {
        super(message, "live capture needs root or the CAP_NET_RAW capability " +
            "(e.g. 'setcap cap_net_raw,cap_net_admin=eip' on the java binary)");
    }
}
