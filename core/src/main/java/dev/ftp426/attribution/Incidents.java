package dev.ftp426.attribution;

/**
 * Which transfers deserve a verdict: every failure reply (426 and its neighbours 421, 425, 450, 451/452/552), a data
 * connection that broke with no reply seen, and an upload cut short yet answered 226. A clean transfer gets none.
 */
public final class Incidents
{
    private Incidents()
    {
    }

    /** The incident kind of a transfer, or null when it is not an incident. */
    public static IncidentKind kind(final TransferFacts transfer, final DataFlowFacts data)
    {
        final Reply reply = transfer.completion();
        if (null != reply)
        {
            final IncidentKind byReply = IncidentKind.ofReply(reply.code());
            if (null != byReply)
            {
                return byReply;
            }
            if (reply.code() / 100 == 2 && transfer.upload() && null != data && uploadCutShort(transfer, data, reply))
            {
                return IncidentKind.UPLOAD_TRUNCATED_226;
            }
            return null;
        }
        if (null != data && broken(transfer, data))
        {
            return IncidentKind.DATA_BROKEN_NO_REPLY;
        }
        return null;
    }

    /** True when the transfer deserves a verdict. */
    public static boolean deservesVerdict(final TransferFacts transfer, final DataFlowFacts data)
    {
        return null != kind(transfer, data);
    }

    private static boolean uploadCutShort(final TransferFacts t, final DataFlowFacts d, final Reply reply)
    {
        final EndpointFacts client = d.client();
        if (t.announcedSize() >= 0 && client.payloadBytes() < t.announcedSize())
        {
            return true;
        }
        return null != client.rst() && client.rst().tsNanos() <= reply.tsNanos() &&
            (null == client.fin() || client.rst().tsNanos() < client.fin().tsNanos());
    }

    /** A RST before both ends had sent their FIN broke the connection; one after an orderly close did not. */
    private static boolean resetBeforeBothFins(final DataFlowFacts d)
    {
        final PacketMark clientFin = d.client().fin();
        final PacketMark serverFin = d.server().fin();
        final long bothFinned = null == clientFin || null == serverFin ? Long.MAX_VALUE :
            Math.max(clientFin.tsNanos(), serverFin.tsNanos());
        for (final EndpointFacts e : new EndpointFacts[]{ d.client(), d.server() })
        {
            if (null != e.rst() && e.rst().tsNanos() < bothFinned)
            {
                return true;
            }
        }
        return false;
    }

    private static boolean broken(final TransferFacts t, final DataFlowFacts d)
    {
        if (resetBeforeBothFins(d))
        {
            return true;
        }
        final EndpointFacts sender = d.endpoint(t.dataSender());
        if (t.announcedSize() >= 0 && sender.payloadBytes() < t.announcedSize())
        {
            return true;
        }
        final RetransmissionRun run = sender.lastRun();
        return null == sender.fin() && null != run && !run.ackedBeforeEnd() && run.count() >= 2;
    }
}
