package dev.ftp426.tcp;

/** Why a flow instance left the flow table, as reported to {@link StreamListener#onClose}. */
public final class CloseReason
{
    /** No packet for longer than the timeout of its state (closed flows after their linger time). */
    public static final int IDLE_TIMEOUT = 1;
    /** Removed to make room when the memory budget was reached. */
    public static final int EVICTED = 2;
    /** A SYN with a new initial sequence number started a new instance on the same 5-tuple. */
    public static final int PORTS_REUSED = 3;
    /** End of the capture ({@link TcpTracker#closeAll}). */
    public static final int END_OF_CAPTURE = 4;

    private CloseReason()
    {
    }

    public static String name(final int reason)
    {
        switch (reason)
        {
            case IDLE_TIMEOUT: return "idle_timeout";
            case EVICTED: return "evicted";
            case PORTS_REUSED: return "ports_reused";
            case END_OF_CAPTURE: return "end_of_capture";
            default: return "unknown";
        }
    }
}
