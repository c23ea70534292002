package dev.ftp426.attribution;

import java.util.List;

/**
 * What is known about the capture itself.
 *
 * @param linkType            LINKTYPE_ value of the interface the data connection was captured on.
 * @param forwardedDuplicates the capture shows every forwarded packet twice, in and out with the TTL one lower
 *                            (a Linux cooked "-i any" capture on a router): a packet seen once was made, or
 *                            dropped, by the capture host.
 * @param kernelDrops         packets the kernel dropped, -1 when unknown (classic pcap stores none).
 * @param ringDrops           packets the capture ring dropped, -1 when unknown.
 * @param dropWindows         when drops happened, where per-interval statistics exist.
 */
public record CaptureContext(
    int linkType, boolean forwardedDuplicates, long kernelDrops, long ringDrops, List<DropWindow> dropWindows)
{
    /** An ordinary capture with nothing known about drops. */
    public static final CaptureContext UNKNOWN = new CaptureContext(1, false, -1, -1, List.of());

    public CaptureContext
    {
        dropWindows = List.copyOf(dropWindows);
    }

    /** True when some drop interval overlaps [fromNanos, toNanos]. */
    public boolean dropsOverlap(final long fromNanos, final long toNanos)
    {
        for (final DropWindow w : dropWindows)
        {
            if (w.overlaps(fromNanos, toNanos))
            {
                return true;
            }
        }
        return false;
    }
}
