package dev.ftp426.pipeline.facts;

import java.util.ArrayList;
import java.util.List;

import dev.ftp426.attribution.CaptureContext;
import dev.ftp426.attribution.DropWindow;
import dev.ftp426.pcap.CaptureStats;

/**
 * Derives the attribution stage's {@link CaptureContext}: the link type the data connection was captured on, whether
 * the capture shows forwarded packets twice (judged from what {@link DataFlowRecorder}s saw), and the capture's own
 * drops (pcapng interface statistics). Not thread-safe; allocation is fine here (once per verdict or per capture).
 */
public final class CaptureContextBuilder
{
    /** Forwarded copies must be at least this share of a connection's packets (copies not counted) ... */
    static final double FORWARDED_SHARE = 0.25;
    /** ... and at least this many, before the capture counts as a forwarding one. */
    static final long FORWARDED_MIN = 4;

    private int linkType = 1;
    private long packets;
    private long copies;
    private Boolean forwardedOverride;
    private long kernelDrops = -1;
    private long ringDrops = -1;
    private final List<DropWindow> dropWindows = new ArrayList<>();
    private long lastDropSampleNanos = Long.MIN_VALUE;
    private long lastDropSample = -1;

    /** LINKTYPE_ value of the interface the data connection was captured on (e.g. 1 Ethernet, 113 Linux SLL). */
    public CaptureContextBuilder linkType(final int linkType)
    {
        this.linkType = linkType;
        return this;
    }

    /** Adds what a recorder saw: its packets and how many of them were forwarded copies. */
    public CaptureContextBuilder observe(final DataFlowRecorder recorder)
    {
        copies += recorder.forwardedCopies();
        packets += recorder.rawPackets() - recorder.forwardedCopies();
        return this;
    }

    /** Sets the forwarding verdict outright (e.g. known from the capture setup), overriding what was observed. */
    public CaptureContextBuilder forwardedDuplicates(final boolean value)
    {
        forwardedOverride = value;
        return this;
    }

    /**
     * Drop totals from the reader's interface statistics: isb_ifdrop as kernel drops, isb_osdrop as ring drops, each
     * -1 when no interface reported it (classic pcap has no statistics).
     */
    public CaptureContextBuilder drops(final CaptureStats stats)
    {
        long ifDrop = -1;
        long osDrop = -1;
        for (final CaptureStats.InterfaceStats s : stats.interfaces())
        {
            if (s.ifDrop() >= 0)
            {
                ifDrop = Math.max(0, ifDrop) + s.ifDrop();
            }
            if (s.osDrop() >= 0)
            {
                osDrop = Math.max(0, osDrop) + s.osDrop();
            }
        }
        kernelDrops = ifDrop;
        ringDrops = osDrop;
        return this;
    }

    /**
     * One cumulative drop counter reading at a point in time (an interface statistics block): a rise since the
     * previous reading becomes a {@link DropWindow} between the two readings.
     */
    public CaptureContextBuilder dropSample(final long tsNanos, final long cumulativeDrops)
    {
        if (lastDropSample >= 0 && cumulativeDrops > lastDropSample && tsNanos >= lastDropSampleNanos)
        {
            dropWindows.add(new DropWindow(lastDropSampleNanos, tsNanos, cumulativeDrops - lastDropSample));
        }
        lastDropSample = cumulativeDrops;
        lastDropSampleNanos = tsNanos;
        return this;
    }

    /** A known interval of capture drops. */
    public CaptureContextBuilder dropWindow(final long startNanos, final long endNanos, final long dropped)
    {
        dropWindows.add(new DropWindow(startNanos, endNanos, dropped));
        return this;
    }

    /** True when the observed connections show forwarded copies (or the override says so). */
    public boolean forwardedDuplicates()
    {
        if (null != forwardedOverride)
        {
            return forwardedOverride;
        }
        return copies >= FORWARDED_MIN && copies >= FORWARDED_SHARE * packets;
    }

    public CaptureContext build()
    {
        return new CaptureContext(linkType, forwardedDuplicates(), kernelDrops, ringDrops, dropWindows);
    }

    /** The context of one data connection's capture: link type, its recorder, and the reader's statistics. */
    public static CaptureContext of(final int linkType, final DataFlowRecorder recorder, final CaptureStats stats)
    {
        final CaptureContextBuilder b = new CaptureContextBuilder().linkType(linkType).observe(recorder);
        if (null != stats)
        {
            b.drops(stats);
        }
        return b.build();
    }
}
