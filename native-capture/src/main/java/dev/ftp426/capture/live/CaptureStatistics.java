package dev.ftp426.capture.live;

/**
 * A snapshot of a capture's loss accounting, in the spirit of tcpdump's "captured / received by filter / dropped by
 * kernel" lines. Snaplen truncation is a capture artefact, never network loss.
 *
 * @param received                  frames libpcap handed over (after the BPF filter).
 * @param delivered                 frames handed to the frame handlers.
 * @param ringDrops                 frames dropped because a worker's ring was full (or a frame exceeded its slot).
 * @param truncated                 frames cut by the snapshot length (captured length &lt; original length).
 * @param capturedBytes             bytes of the received frames, as captured.
 * @param kernelStatisticsAvailable false for capture files, where libpcap has no statistics.
 * @param kernelReceived            {@code ps_recv}: packets the kernel saw that passed the filter (Linux counts those
 *                                  it dropped too).
 * @param kernelDrops               {@code ps_drop}: dropped by the kernel for lack of buffer space.
 * @param interfaceDrops            {@code ps_ifdrop}: dropped by the interface or its driver.
 * @param elapsedNanos              time since the capture started.
 * @param complete                  the capture has ended and every ring is drained: the numbers are final.
 */
public record CaptureStatistics(
    long received,
    long delivered,
    long ringDrops,
    long truncated,
    long capturedBytes,
    boolean kernelStatisticsAvailable,
    long kernelReceived,
    long kernelDrops,
    long interfaceDrops,
    long elapsedNanos,
    boolean complete)
{
    /** All capture-side losses: kernel, interface and ring drops (not truncation). */
    public long totalDrops()
    {
        return kernelDrops + interfaceDrops + ringDrops;
    }
}
