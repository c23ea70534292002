package dev.ftp426.capture.live;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters written by the capture thread only and readable from any thread. Each packet publishes with
 * {@code lazySet} (a release store): no locks, no allocation, and a reader sees values at most one packet old.
 */
final class CaptureCounters
{
    final AtomicLong received = new AtomicLong();
    final AtomicLong ringDrops = new AtomicLong();
    final AtomicLong truncated = new AtomicLong();
    final AtomicLong capturedBytes = new AtomicLong();
    final AtomicLong kernelReceived = new AtomicLong();
    final AtomicLong kernelDrops = new AtomicLong();
    final AtomicLong interfaceDrops = new AtomicLong();
    volatile boolean kernelStatisticsAvailable;

    private long lastRawReceived;
    private long lastRawDrops;
    private long lastRawInterfaceDrops;

    /** Accumulates libpcap's unsigned 32-bit counters, which wrap on a busy link. */
    void onKernelStatistics(final long rawReceived, final long rawDrops, final long rawInterfaceDrops)
    {
        kernelReceived.lazySet(kernelReceived.get() + ((rawReceived - lastRawReceived) & 0xFFFF_FFFFL));
        kernelDrops.lazySet(kernelDrops.get() + ((rawDrops - lastRawDrops) & 0xFFFF_FFFFL));
        interfaceDrops.lazySet(interfaceDrops.get() + ((rawInterfaceDrops - lastRawInterfaceDrops) & 0xFFFF_FFFFL));
        lastRawReceived = rawReceived;
        lastRawDrops = rawDrops;
        lastRawInterfaceDrops = rawInterfaceDrops;
        kernelStatisticsAvailable = true;
    }
}
