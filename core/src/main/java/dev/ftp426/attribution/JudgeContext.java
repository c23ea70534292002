package dev.ftp426.attribution;

/**
 * Everything a signal may look at for one incident, with the failure instant worked out once.
 *
 * @param transfer     FTP facts.
 * @param data         data connection facts, null when no data connection was seen.
 * @param capture      capture facts.
 * @param vantage      where the capture was taken.
 * @param failureFrame the frame of the failure: the failure reply, or the first RST / last frame of the data
 *                     connection when no reply was seen.
 * @param failureNanos its timestamp.
 */
public record JudgeContext(
    TransferFacts transfer,
    DataFlowFacts data,
    CaptureContext capture,
    VantageEstimate vantage,
    long failureFrame,
    long failureNanos)
{
    /** Builds the context, placing the failure instant. */
    public static JudgeContext of(
        final TransferFacts transfer,
        final DataFlowFacts data,
        final CaptureContext capture,
        final VantageEstimate vantage)
    {
        final Reply reply = transfer.completion();
        long frame = -1;
        long nanos = Long.MAX_VALUE;
        if (null != reply && reply.failure())
        {
            frame = reply.frame();
            nanos = reply.tsNanos();
        }
        else if (null != data)
        {
            for (final EndpointFacts e : new EndpointFacts[]{ data.client(), data.server() })
            {
                if (null != e.rst() && e.rst().tsNanos() < nanos)
                {
                    frame = e.rst().frame();
                    nanos = e.rst().tsNanos();
                }
            }
            if (frame < 0)
            {
                if (null != reply)
                {
                    frame = reply.frame();
                    nanos = reply.tsNanos();
                }
                else
                {
                    frame = data.lastFrame();
                    nanos = data.lastNanos();
                }
            }
        }
        else if (null != reply)
        {
            frame = reply.frame();
            nanos = reply.tsNanos();
        }
        return new JudgeContext(transfer, data, null == capture ? CaptureContext.UNKNOWN : capture,
            null == vantage ? VantageEstimate.UNKNOWN : vantage, frame, nanos == Long.MAX_VALUE ? -1 : nanos);
    }

    /** True when the instant is at or before the failure (an unknown failure instant admits everything). */
    public boolean beforeFailure(final long tsNanos)
    {
        return failureNanos < 0 || tsNanos <= failureNanos;
    }

    /** The failure reply, or null when the failure is a data-connection event. */
    public Reply failureReply()
    {
        final Reply reply = transfer.completion();
        return null != reply && reply.frame() == failureFrame ? reply : null;
    }
}
