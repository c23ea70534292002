package dev.ftp426.attribution;

import java.util.List;

/**
 * Infers where the capture was taken, from hop distances (a host seen at 0 hops is the capture host or on its
 * segment), from a forwarding capture's duplicates, and from handshake timing (Δ1 = SYN-ACK − SYN, Δ2 = ACK −
 * SYN-ACK: at the TCP originator Δ2 ≈ 0, at the responder Δ1 ≈ 0). Hop distance outranks timing, which is noisy on
 * short paths; several connections vote.
 */
public final class VantageInference
{
    /** One delta must exceed the other by this factor, and by {@link #MIN_DIFF_NANOS}, to place the capture. */
    static final double RATIO = 4.0;
    static final long MIN_DIFF_NANOS = 200_000L;

    private VantageInference()
    {
    }

    /** Infers the vantage of one data connection. */
    public static VantageEstimate infer(final CaptureContext capture, final DataFlowFacts flow)
    {
        return infer(capture, null == flow ? List.of() : List.of(flow));
    }

    /** Infers the vantage from several connections of the same capture. */
    public static VantageEstimate infer(final CaptureContext capture, final List<DataFlowFacts> flows)
    {
        if (null != capture && capture.forwardedDuplicates())
        {
            return new VantageEstimate(Vantage.MIDDLE,
                "the capture shows forwarded packets twice (in and out, TTL one lower): taken on a forwarding host");
        }
        int client = 0;
        int server = 0;
        int middle = 0;
        String hopReason = "";
        int timingClient = 0;
        int timingServer = 0;
        int timingMiddle = 0;
        String timingReason = "";
        for (final DataFlowFacts f : flows)
        {
            final TtlBaseline c = f.client().ttl();
            final TtlBaseline s = f.server().ttl();
            if (c.known() && s.known())
            {
                final int ch = c.hopDistance();
                final int sh = s.hopDistance();
                final String r = "client packets arrive " + hops(ch) + " away (" + Signals.ttlBand(c) +
                    "), server packets " + hops(sh) + " away (" + Signals.ttlBand(s) + ")";
                if (ch == 0 && sh > 0)
                {
                    client++;
                    hopReason = r;
                }
                else if (sh == 0 && ch > 0)
                {
                    server++;
                    hopReason = r;
                }
                else if (ch > 0 && sh > 0)
                {
                    middle++;
                    hopReason = r;
                }
            }
            final Handshake h = f.handshake();
            if (null != h && h.complete())
            {
                final long d1 = h.delta1();
                final long d2 = h.delta2();
                final String r = "handshake Δ1 " + Signals.duration(d1) + ", Δ2 " + Signals.duration(d2);
                final Vantage v;
                if (d1 > RATIO * d2 && d1 - d2 > MIN_DIFF_NANOS)
                {
                    v = h.originator() == FtpRole.CLIENT ? Vantage.CLIENT : Vantage.SERVER;
                }
                else if (d2 > RATIO * d1 && d2 - d1 > MIN_DIFF_NANOS)
                {
                    v = h.originator() == FtpRole.CLIENT ? Vantage.SERVER : Vantage.CLIENT;
                }
                else if (d1 > MIN_DIFF_NANOS && d2 > MIN_DIFF_NANOS)
                {
                    v = Vantage.MIDDLE;
                }
                else
                {
                    v = Vantage.UNKNOWN;
                }
                if (v == Vantage.CLIENT)
                {
                    timingClient++;
                }
                else if (v == Vantage.SERVER)
                {
                    timingServer++;
                }
                else if (v == Vantage.MIDDLE)
                {
                    timingMiddle++;
                }
                if (v != Vantage.UNKNOWN)
                {
                    timingReason = r;
                }
            }
        }
        final Vantage byHops = majority(client, server, middle);
        if (byHops != Vantage.UNKNOWN)
        {
            return new VantageEstimate(byHops, hopReason + (timingReason.isEmpty() ? "" : "; " + timingReason));
        }
        final Vantage byTiming = majority(timingClient, timingServer, timingMiddle);
        if (byTiming != Vantage.UNKNOWN)
        {
            return new VantageEstimate(byTiming, timingReason);
        }
        return VantageEstimate.UNKNOWN;
    }

    private static Vantage majority(final int client, final int server, final int middle)
    {
        if (client > server && client > middle)
        {
            return Vantage.CLIENT;
        }
        if (server > client && server > middle)
        {
            return Vantage.SERVER;
        }
        if (middle > client && middle > server)
        {
            return Vantage.MIDDLE;
        }
        return Vantage.UNKNOWN;
    }

    private static String hops(final int n)
    {
        return Signals.hops(n);
    }
}
