package dev.ftp426.report;

import dev.ftp426.decode.DecodeCounters;
import dev.ftp426.pcap.CaptureStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one input held and what the analysis made of it: the {@code "type":"summary"} record.
 * <p>
 * Capture-level facts (packets, bytes, times, interfaces, damage) are the reader's own {@link CaptureStats};
 * decoding counts are the decoder's {@link DecodeCounters}; this class adds what the later stages counted. It is
 * final once handed to {@code AnalysisListener#onSummary}, also when the input was damaged or the run interrupted.
 */
public final class FileSummary
{
    private final String file;
    private final CaptureStats capture;
    private final DecodeCounters decode;
    private final Map<String, Long> verdictsByParty = new TreeMap<>();
    private final Map<String, Long> limitsHit = new LinkedHashMap<>();
    private final Map<String, Long> anomalies = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private long tcpFlows;
    private long ftpSessions;
    private long transfers;
    private boolean complete = true;
    private long liveDrops;

    public FileSummary(final String file, final CaptureStats capture, final DecodeCounters decode)
    {
        this.file = file;
        this.capture = capture;
        this.decode = decode;
    }

    public String file()
    {
        return file;
    }

    public CaptureStats capture()
    {
        return capture;
    }

    public DecodeCounters decode()
    {
        return decode;
    }

    public long tcpFlows()
    {
        return tcpFlows;
    }

    public long ftpSessions()
    {
        return ftpSessions;
    }

    public long transfers()
    {
        return transfers;
    }

    /** Verdicts by party (client, server, network, undetermined). */
    public Map<String, Long> verdictsByParty()
    {
        return Collections.unmodifiableMap(verdictsByParty);
    }

    public long verdicts()
    {
        long total = 0;
        for (final long count : verdictsByParty.values())
        {
            total += count;
        }
        return total;
    }

    /** Each configured limit that was reached, with how many times (or items dropped because of it). */
    public Map<String, Long> limitsHit()
    {
        return Collections.unmodifiableMap(limitsHit);
    }

    /** Aggregated protocol anomalies by stable snake_case name. */
    public Map<String, Long> anomalies()
    {
        return Collections.unmodifiableMap(anomalies);
    }

    /** Analysis warnings, each once; the reader's own are in {@link CaptureStats#warnings()}. */
    public List<String> warnings()
    {
        return Collections.unmodifiableList(warnings);
    }

    /** False when the analysis stopped before the end of the input (interrupted, -c). */
    public boolean complete()
    {
        return complete;
    }

    /** Packets the capture itself lost: pcapng ISB interface and OS drops, or a live capture's drops. */
    public long captureDrops()
    {
        return capture.interfaceDrops() + capture.osDrops() + liveDrops;
    }

    /** Drops a live capture counted (kernel, interface, analysis ring). */
    public void captureDrops(final long drops)
    {
        this.liveDrops = drops;
    }

    public void counts(final long tcpFlows, final long ftpSessions, final long transfers)
    {
        this.tcpFlows = tcpFlows;
        this.ftpSessions = ftpSessions;
        this.transfers = transfers;
    }

    public void countVerdicts(final String party, final long count)
    {
        verdictsByParty.merge(party, count, Long::sum);
    }

    public void limitHit(final String limit, final long count)
    {
        if (count > 0)
        {
            limitsHit.merge(limit, count, Long::sum);
        }
    }

    public void anomaly(final String name, final long count)
    {
        if (count > 0)
        {
            anomalies.merge(name, count, Long::sum);
        }
    }

    public void warn(final String warning)
    {
        if (!warnings.contains(warning))
        {
            warnings.add(warning);
        }
    }

    public void incomplete()
    {
        complete = false;
    }
}
