package dev.ftp426.pcap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link CaptureReader} has seen so far: counts, time span, interfaces with their link types and drop
 * counters, and the damage it read around.
 * <p>
 * Owned and updated by the reader. The counters may be read from another thread for progress display (values may be
 * slightly stale); the lists should be read on the reading thread or after reading ends.
 */
public final class CaptureStats
{
    /** One capturing interface: the single one of a classic pcap, or a pcapng Interface Description Block. */
    public static final class InterfaceStats
    {
        private final int index;
        private final int section;
        private final int linkType;
        private final int snapLength;
        private final String interfaceName;
        private final int fcsLength;
        private final String timestampResolution;
        private final long timestampOffsetSeconds;
        long packets;
        long ifRecv = -1;
        long ifDrop = -1;
        long filterAccept = -1;
        long osDrop = -1;
        long usrDeliv = -1;

        // timestamp conversion, see PcapngReader
        final int resolutionKind;
        final long resolutionValue;

        InterfaceStats(
            final int index,
            final int section,
            final int linkType,
            final int snapLength,
            final String interfaceName,
            final int fcsLength,
            final String timestampResolution,
            final long timestampOffsetSeconds,
            final int resolutionKind,
            final long resolutionValue)
        {
            this.index = index;
            this.section = section;
            this.linkType = linkType;
            this.snapLength = snapLength;
            this.interfaceName = interfaceName;
            this.fcsLength = fcsLength;
            this.timestampResolution = timestampResolution;
            this.timestampOffsetSeconds = timestampOffsetSeconds;
            this.resolutionKind = resolutionKind;
            this.resolutionValue = resolutionValue;
        }

        /** Index over the whole input, the same as {@link Frame#interfaceId()}; pcapng sections continue it. */
        public int index()
        {
            return index;
        }

        /** 0-based pcapng section holding the interface; 0 for classic pcap. */
        public int section()
        {
            return section;
        }

        /** LINKTYPE_ value, with any FCS bits of a classic header masked off. */
        public int linkType()
        {
            return linkType;
        }

        /** Snapshot length declared for the interface; 0 when unlimited or unknown. */
        public int snapLength()
        {
            return snapLength;
        }

        /** The if_name option, or "" when absent. */
        public String name()
        {
            return interfaceName;
        }

        /** Bytes of frame check sequence at the end of each frame, or -1 when the capture does not say. */
        public int fcsLength()
        {
            return fcsLength;
        }

        /** Timestamp resolution as written, e.g. "10^-6", "10^-9" or "2^-20". */
        public String timestampResolution()
        {
            return timestampResolution;
        }

        /** The if_tsoffset option in seconds (already added to frame timestamps), 0 when absent. */
        public long timestampOffsetSeconds()
        {
            return timestampOffsetSeconds;
        }

        /** Packet records read for this interface. */
        public long packets()
        {
            return packets;
        }

        /** Last isb_ifrecv seen, -1 when never reported. */
        public long ifRecv()
        {
            return ifRecv;
        }

        /** Last isb_ifdrop seen (dropped by the interface or kernel), -1 when never reported. */
        public long ifDrop()
        {
            return ifDrop;
        }

        /** Last isb_filteraccept seen, -1 when never reported. */
        public long filterAccept()
        {
            return filterAccept;
        }

        /** Last isb_osdrop seen (dropped by the operating system), -1 when never reported. */
        public long osDrop()
        {
            return osDrop;
        }

        /** Last isb_usrdeliv seen, -1 when never reported. */
        public long usrDeliv()
        {
            return usrDeliv;
        }

        @Override
        public String toString()
        {
            return "interface " + index + " (" + LinkType.name(linkType) + ", snaplen " + snapLength +
                (interfaceName.isEmpty() ? "" : ", " + interfaceName) + ")";
        }
    }

    /** Bytes the reader could not use and stepped over. */
    public static final class SkippedRange
    {
        private final long offset;
        private final long length;
        private final String reason;

        SkippedRange(final long offset, final long length, final String reason)
        {
            this.offset = offset;
            this.length = length;
            this.reason = reason;
        }

        /** Byte offset of the first skipped byte in the (decompressed) input. */
        public long offset()
        {
            return offset;
        }

        public long length()
        {
            return length;
        }

        public String reason()
        {
            return reason;
        }

        @Override
        public String toString()
        {
            return "skipped " + length + " bytes at offset " + offset + ": " + reason;
        }
    }

    /** A kind of problem, said once with the count of its occurrences. */
    public static final class Warning
    {
        private final String kind;
        private final String message;
        private long count;

        Warning(final String kind, final String message)
        {
            this.kind = kind;
            this.message = message;
            this.count = 1;
        }

        /** Stable key, e.g. "spb-without-timestamp" or "truncated-last-record". */
        public String kind()
        {
            return kind;
        }

        /** Message of the first occurrence, with its byte offset where one applies. */
        public String message()
        {
            return message;
        }

        public long count()
        {
            return count;
        }

        @Override
        public String toString()
        {
            return count > 1 ? message + " (" + count + " times)" : message;
        }
    }

    /** The list of skipped ranges stops growing here; counts go on. */
    static final int MAX_LISTED_SKIPPED_RANGES = 1000;

    private final String name;
    private String formatName = "";
    long packets;
    long capturedBytes;
    long originalBytes;
    long firstTimestampNanos;
    long lastTimestampNanos;
    long truncatedPackets;
    long skippedBytes;
    long skippedRangeCount;
    boolean truncatedAtEnd;
    private final ArrayList<InterfaceStats> interfaces = new ArrayList<>();
    private final ArrayList<SkippedRange> skippedRanges = new ArrayList<>();
    private final ArrayList<Warning> warnings = new ArrayList<>();
    private final Map<String, Warning> warningByKind = new HashMap<>();
    private final List<InterfaceStats> interfacesView = Collections.unmodifiableList(interfaces);
    private final List<SkippedRange> skippedRangesView = Collections.unmodifiableList(skippedRanges);
    private final List<Warning> warningsView = Collections.unmodifiableList(warnings);

    CaptureStats(final String name)
    {
        this.name = name;
    }

    /** The input's name, as given when opening. */
    public String name()
    {
        return name;
    }

    /** "pcap", "pcap-ns" or "pcapng", with ".gz" appended for gzip input. */
    public String formatName()
    {
        return formatName;
    }

    /** Packet records delivered; the last frame number. */
    public long packets()
    {
        return packets;
    }

    /** Sum of captured lengths of delivered frames. */
    public long capturedBytes()
    {
        return capturedBytes;
    }

    /** Sum of original (on the wire) lengths of delivered frames. */
    public long originalBytes()
    {
        return originalBytes;
    }

    /** Timestamp of the first frame, ns since the epoch; 0 when there were none. */
    public long firstTimestampNanos()
    {
        return firstTimestampNanos;
    }

    /** Timestamp of the last frame, ns since the epoch; 0 when there were none. */
    public long lastTimestampNanos()
    {
        return lastTimestampNanos;
    }

    /** Frames shorter than on the wire because of the snapshot length: a capture artefact, not network loss. */
    public long truncatedPackets()
    {
        return truncatedPackets;
    }

    /** True when the input ended inside a record (capture killed mid-write, file cut short). */
    public boolean truncatedAtEnd()
    {
        return truncatedAtEnd;
    }

    /** Interfaces in order of {@link InterfaceStats#index()}; a live read-only view, cheap to call per frame. */
    public List<InterfaceStats> interfaces()
    {
        return interfacesView;
    }

    /** Link type of an interface index, or -1 when there is no such interface. */
    public int linkType(final int interfaceIndex)
    {
        return interfaceIndex >= 0 && interfaceIndex < interfaces.size() ? interfaces.get(interfaceIndex).linkType : -1;
    }

    /** Sum over interfaces of the last isb_ifdrop reported, 0 when none. */
    public long interfaceDrops()
    {
        long sum = 0;
        for (final InterfaceStats s : interfaces)
        {
            sum += Math.max(0, s.ifDrop);
        }
        return sum;
    }

    /** Sum over interfaces of the last isb_osdrop reported, 0 when none. */
    public long osDrops()
    {
        long sum = 0;
        for (final InterfaceStats s : interfaces)
        {
            sum += Math.max(0, s.osDrop);
        }
        return sum;
    }

    /** Damaged or unusable byte ranges stepped over, in file order; the first 1000 only. */
    public List<SkippedRange> skippedRanges()
    {
        return skippedRangesView;
    }

    /** Bytes stepped over because of damage, over all skipped ranges (listed or not). */
    public long skippedBytes()
    {
        return skippedBytes;
    }

    /** Number of skipped ranges; more than {@link #skippedRanges()} lists when there were over 1000. */
    public long skippedRangeCount()
    {
        return skippedRangeCount;
    }

    /** Problems, one entry per kind, in the order first seen. */
    public List<Warning> warnings()
    {
        return warningsView;
    }

    /** The warning of a kind, or null when it never happened. */
    public Warning warning(final String kind)
    {
        return warningByKind.get(kind);
    }

    @Override
    public String toString()
    {
        return name + ": " + formatName + ", " + packets + " packets, " + capturedBytes + " captured bytes, " +
            interfaces.size() + " interfaces, " + skippedRanges.size() + " skipped ranges, " + warnings.size() +
            " warnings";
    }

    /**
     * Statistics for frames that come from a live interface rather than a file: one interface, and every frame
     * counted by {@link #count(Frame)} as the pipeline receives it.
     */
    public static CaptureStats forLiveCapture(final String interfaceName, final int linkType, final int snapLength,
        final boolean nanosecond)
    {
        final CaptureStats stats = new CaptureStats(interfaceName);
        stats.formatName("live");
        stats.addInterface(new InterfaceStats(
            0, 0, linkType, snapLength, interfaceName, -1, nanosecond ? "10^-9" : "10^-6", 0, 0, 0));
        return stats;
    }

    /** Counts one frame of a live capture (see {@link #forLiveCapture}). */
    public void count(final Frame frame)
    {
        if (1 == ++packets)
        {
            firstTimestampNanos = frame.timestampNanos();
        }
        lastTimestampNanos = frame.timestampNanos();
        capturedBytes += frame.capturedLength();
        originalBytes += frame.originalLength();
        if (frame.isTruncated())
        {
            truncatedPackets++;
        }
        if (!interfaces.isEmpty())
        {
            interfaces.get(0).packets++;
        }
    }

    void formatName(final String formatName)
    {
        this.formatName = formatName;
    }

    InterfaceStats addInterface(final InterfaceStats stats)
    {
        interfaces.add(stats);
        return stats;
    }

    InterfaceStats interfaceAt(final int index)
    {
        return interfaces.get(index);
    }

    int interfaceCount()
    {
        return interfaces.size();
    }

    void skipped(final long offset, final long length, final String reason)
    {
        if (length > 0)
        {
            skippedRangeCount++;
            skippedBytes += length;
            if (skippedRanges.size() < MAX_LISTED_SKIPPED_RANGES)
            {
                skippedRanges.add(new SkippedRange(offset, length, reason));
            }
            else
            {
                warn("skipped-ranges-not-listed", offset, "more than " + MAX_LISTED_SKIPPED_RANGES +
                    " damaged ranges: later ones are counted, not listed");
            }
        }
    }

    /** True (and counted) when a warning of this kind was already given, so a caller can skip building a message. */
    boolean repeatWarning(final String kind)
    {
        final Warning existing = warningByKind.get(kind);
        if (null != existing)
        {
            existing.count++;
            return true;
        }
        return false;
    }

    /** Counts a warning; builds no message unless it is the first of its kind. */
    void warn(final String kind, final long offset, final String detail)
    {
        final Warning existing = warningByKind.get(kind);
        if (null != existing)
        {
            existing.count++;
            return;
        }
        final Warning warning = new Warning(kind, offset >= 0 ? detail + " (at byte offset " + offset + ")" : detail);
        warningByKind.put(kind, warning);
        warnings.add(warning);
    }
}
