package dev.ftp426.capture.live;

import dev.ftp426.capture.pcap.PcapException;

/** Run in a child JVM without CAP_NET_RAW: prints how opening a live capture fails. */
public final class PermissionProbe
{
    private PermissionProbe()
    {
    }

    public static void main(final String[] args)
    {
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.forInterface(args[0])))
        {
            System.out.println("OPENED " + capture.linkType());
        }
        catch (final PcapException ex)
        {
            System.out.println(ex.getClass().getSimpleName() + "|" + ex.getMessage() + "|" + ex.hint());
        }
    }
}
