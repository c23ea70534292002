package dev.ftp426.cli.evidence;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.ftp.FtpTransfer;
import dev.ftp426.report.TransferReport;

/**
 * The packets that prove one verdict: the control and data connections of the transfer, from a little before the
 * data connection opened to a little after the failure reply.
 */
final class EvidenceSelection
{
    /** Time kept before the data connection opened (or the command, when no data connection was seen). */
    static final long BEFORE_NANOS = 2_000_000_000L;
    /** Time kept after the failure reply (or the last packet of the data connection). */
    static final long AFTER_NANOS = 2_000_000_000L;

    final String fileName;
    final long startNanos;
    final long endNanos;
    private final long[][] tuples;

    private EvidenceSelection(final String fileName, final long startNanos, final long endNanos, final long[][] tuples)
    {
        this.fileName = fileName;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.tuples = tuples;
    }

    static EvidenceSelection of(final String stem, final long frame, final TransferReport report)
    {
        final FtpTransfer t = report.transfer();
        final boolean hasData = t.dataFlowId() != FtpTransfer.NONE;
        final long[][] tuples = hasData ?
            new long[][] {control(t), {t.dataClientHi(), t.dataClientLo(), t.dataClientPort(), t.dataServerHi(),
                t.dataServerLo(), t.dataServerPort()}} :
            new long[][] {control(t)};
        long from = -1;
        if (report.data() != null && report.data().firstFrame() >= 0)
        {
            from = report.data().firstNanos();
        }
        else if (hasData && t.dataOpenedFrame() >= 0)
        {
            from = t.dataOpenedTs();
        }
        else if (t.commandFrame() >= 0)
        {
            from = t.commandTs();
        }
        long to = report.verdict().reply() != null ? report.verdict().reply().tsNanos() : -1;
        if (to < 0 && report.data() != null && report.data().lastFrame() >= 0)
        {
            to = report.data().lastNanos();
        }
        final long start = from < 0 ? Long.MIN_VALUE : from - BEFORE_NANOS;
        final long end = to < 0 ? Long.MAX_VALUE : to + AFTER_NANOS;
        final String name = stem + "-frame" + frame + "-" + report.verdict().party().code() + "-" +
            report.verdict().cause().code() + ".pcap";
        return new EvidenceSelection(name.replaceAll("[^A-Za-z0-9._-]", "_"), start, end, tuples);
    }

    private static long[] control(final FtpTransfer t)
    {
        return new long[] {t.clientHi(), t.clientLo(), t.clientPort(), t.serverHi(), t.serverLo(), t.serverPort()};
    }

    /** Whether a decoded TCP packet belongs to this selection. */
    boolean matches(final DecodedPacket p)
    {
        final long ts = p.timestampNanos();
        if (ts < startNanos || ts > endNanos)
        {
            return false;
        }
        for (final long[] k : tuples)
        {
            if (same(p.srcHi(), p.srcLo(), p.srcPort(), k, 0) && same(p.dstHi(), p.dstLo(), p.dstPort(), k, 3) ||
                same(p.srcHi(), p.srcLo(), p.srcPort(), k, 3) && same(p.dstHi(), p.dstLo(), p.dstPort(), k, 0))
            {
                return true;
            }
        }
        return false;
    }

    /** Keys of the connections this selection holds, by port pair (see {@link #portKey(int, int)}). */
    long[] portKeys()
    {
        final long[] keys = new long[tuples.length];
        for (int i = 0; i < tuples.length; i++)
        {
            keys[i] = portKey((int)tuples[i][2], (int)tuples[i][5]);
        }
        return keys;
    }

    /** The same key for both directions of a connection. */
    static long portKey(final int a, final int b)
    {
        return a < b ? (long)a << 16 | b : (long)b << 16 | a;
    }

    private static boolean same(final long hi, final long lo, final int port, final long[] k, final int at)
    {
        return hi == k[at] && lo == k[at + 1] && port == k[at + 2];
    }
}
