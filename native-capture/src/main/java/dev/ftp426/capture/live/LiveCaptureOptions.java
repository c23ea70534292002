package dev.ftp426.capture.live;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to capture: the source (an interface, or a capture file replayed through the same path), libpcap settings,
 * limits, and the ring/worker layout. Build with {@link #forInterface(String)} or {@link #forFile(Path)}.
 */
public final class LiveCaptureOptions
{
    /** tcpdump's default and maximum snapshot length. */
    public static final int DEFAULT_SNAPLEN = 262144;
    public static final int DEFAULT_TIMEOUT_MILLIS = 100;
    public static final int DEFAULT_RING_CAPACITY = 16 * 1024 * 1024;
    public static final long DEFAULT_STATISTICS_INTERVAL_MILLIS = 1000;

    private final String interfaceName;
    private final Path file;
    private String filter;
    private int snaplen = DEFAULT_SNAPLEN;
    private int bufferSizeKiB;
    private boolean promiscuous = true;
    private boolean immediateMode;
    private int timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
    private boolean nanosecondTimestamps = true;
    private long packetLimit;
    private Duration duration;
    private String dumpFile;
    private int ringCapacityBytes = DEFAULT_RING_CAPACITY;
    private int shards = 1;
    private FlowSharder sharder = SymmetricFlowHash.HOST_PAIR;
    private BackPressure backPressure;
    private long statisticsIntervalMillis = DEFAULT_STATISTICS_INTERVAL_MILLIS;
    private boolean inline;

    private LiveCaptureOptions(final String interfaceName, final Path file)
    {
        this.interfaceName = interfaceName;
        this.file = file;
    }

    /** Live capture on an interface name (resolve {@code -i NUMBER} first with Interfaces.resolve). */
    public static LiveCaptureOptions forInterface(final String interfaceName)
    {
        return new LiveCaptureOptions(Objects.requireNonNull(interfaceName, "interfaceName"), null);
    }

    /** A capture file read by libpcap ({@code pcap_open_offline}) and fed through the same rings. */
    public static LiveCaptureOptions forFile(final Path file)
    {
        return new LiveCaptureOptions(null, Objects.requireNonNull(file, "file"));
    }

    /** BPF filter expression (pcap-filter(7)); null or blank captures everything. */
    public LiveCaptureOptions filter(final String filter)
    {
        this.filter = filter;
        return this;
    }

    /** Snapshot length in bytes; 0 means the default, 262144. */
    public LiveCaptureOptions snaplen(final int snaplen)
    {
        if (snaplen < 0 || snaplen > DEFAULT_SNAPLEN)
        {
            throw new IllegalArgumentException("snapshot length must be 0.." + DEFAULT_SNAPLEN + ": " + snaplen);
        }
        this.snaplen = 0 == snaplen ? DEFAULT_SNAPLEN : snaplen;
        return this;
    }

    /** Kernel capture buffer in KiB, as tcpdump's {@code -B}; 0 keeps libpcap's default (2 MiB on Linux). */
    public LiveCaptureOptions bufferSizeKiB(final int kib)
    {
        if (kib < 0 || kib > Integer.MAX_VALUE / 1024)
        {
            throw new IllegalArgumentException("buffer size out of range: " + kib + " KiB");
        }
        this.bufferSizeKiB = kib;
        return this;
    }

    public LiveCaptureOptions promiscuous(final boolean promiscuous)
    {
        this.promiscuous = promiscuous;
        return this;
    }

    /** Deliver each packet as it arrives instead of in batches (more wake-ups, lower latency). */
    public LiveCaptureOptions immediateMode(final boolean immediateMode)
    {
        this.immediateMode = immediateMode;
        return this;
    }

    /** libpcap's read timeout ({@code pcap_set_timeout}), default 100 ms. */
    public LiveCaptureOptions timeoutMillis(final int timeoutMillis)
    {
        if (timeoutMillis < 0)
        {
            throw new IllegalArgumentException("timeout must be >= 0: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
        return this;
    }

    /** Ask for nanosecond time stamps (default true; falls back to microseconds with a warning). */
    public LiveCaptureOptions nanosecondTimestamps(final boolean nanosecondTimestamps)
    {
        this.nanosecondTimestamps = nanosecondTimestamps;
        return this;
    }

    /** Stop after this many packets (tcpdump {@code -c}); 0 for no limit. */
    public LiveCaptureOptions packetLimit(final long packetLimit)
    {
        if (packetLimit < 0)
        {
            throw new IllegalArgumentException("packet count must be >= 0: " + packetLimit);
        }
        this.packetLimit = packetLimit;
        return this;
    }

    /** Stop after this long; null for no limit. */
    public LiveCaptureOptions duration(final Duration duration)
    {
        if (null != duration && (duration.isNegative() || duration.isZero()))
        {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        this.duration = duration;
        return this;
    }

    /** Also write every packet libpcap delivers to this pcap file ({@code -w}); "-" is standard output. */
    public LiveCaptureOptions dumpFile(final String dumpFile)
    {
        this.dumpFile = dumpFile;
        return this;
    }

    /** Capacity of each worker's ring in bytes (power of two; raised to fit at least eight snaplen frames). */
    public LiveCaptureOptions ringCapacityBytes(final int ringCapacityBytes)
    {
        if (ringCapacityBytes <= 0 || ringCapacityBytes > (1 << 30))
        {
            throw new IllegalArgumentException("ring capacity must be 1..2^30 bytes: " + ringCapacityBytes);
        }
        this.ringCapacityBytes = ringCapacityBytes;
        return this;
    }

    /** Number of workers, each with its own ring, fed by {@link #sharder(FlowSharder)}; default 1. */
    public LiveCaptureOptions shards(final int shards)
    {
        if (shards < 1 || shards > 256)
        {
            throw new IllegalArgumentException("shards must be 1..256: " + shards);
        }
        this.shards = shards;
        return this;
    }

    /** Chooses the worker of each frame; default {@link SymmetricFlowHash#HOST_PAIR}. */
    public LiveCaptureOptions sharder(final FlowSharder sharder)
    {
        this.sharder = Objects.requireNonNull(sharder, "sharder");
        return this;
    }

    /** Policy when a ring is full; default DROP for interfaces, WAIT for files. */
    public LiveCaptureOptions backPressure(final BackPressure backPressure)
    {
        this.backPressure = backPressure;
        return this;
    }

    /**
     * Analyse on the capturing thread (default false): no ring and no second thread, each frame handed to the
     * handler as a view of libpcap's own buffer, during {@code pcap_next_ex}'s turn. It saves the copy into the
     * ring and the ring read (a third of the per-packet work with ~1 KB frames), so one core does what otherwise
     * takes two; but while the handler works nothing is captured, so bursts must fit in the kernel buffer
     * ({@link #bufferSizeKiB}), where any loss is counted as kernel drops. One shard only; back-pressure does not
     * apply.
     */
    public LiveCaptureOptions inline(final boolean inline)
    {
        this.inline = inline;
        return this;
    }

    /** How often the capture thread refreshes the kernel statistics; default 1000 ms. */
    public LiveCaptureOptions statisticsIntervalMillis(final long statisticsIntervalMillis)
    {
        if (statisticsIntervalMillis <= 0)
        {
            throw new IllegalArgumentException("statistics interval must be positive: " + statisticsIntervalMillis);
        }
        this.statisticsIntervalMillis = statisticsIntervalMillis;
        return this;
    }

    /** The interface name, or null when reading a file. */
    public String interfaceName()
    {
        return interfaceName;
    }

    /** The capture file, or null for a live interface. */
    public Path file()
    {
        return file;
    }

    public boolean isLive()
    {
        return null != interfaceName;
    }

    public String filter()
    {
        return filter;
    }

    public int snaplen()
    {
        return snaplen;
    }

    public int bufferSizeKiB()
    {
        return bufferSizeKiB;
    }

    public boolean promiscuous()
    {
        return promiscuous;
    }

    public boolean immediateMode()
    {
        return immediateMode;
    }

    public int timeoutMillis()
    {
        return timeoutMillis;
    }

    public boolean nanosecondTimestamps()
    {
        return nanosecondTimestamps;
    }

    public long packetLimit()
    {
        return packetLimit;
    }

    public Duration duration()
    {
        return duration;
    }

    public String dumpFile()
    {
        return dumpFile;
    }

    public int ringCapacityBytes()
    {
        return ringCapacityBytes;
    }

    public int shards()
    {
        return shards;
    }

    public FlowSharder sharder()
    {
        return sharder;
    }

    public BackPressure backPressure()
    {
        return null != backPressure ? backPressure : isLive() ? BackPressure.DROP : BackPressure.WAIT;
    }

    public long statisticsIntervalMillis()
    {
        return statisticsIntervalMillis;
    }

    /** See {@link #inline(boolean)}. */
    public boolean inline()
    {
        return inline;
    }
}
