package dev.ftp426.cli.output;

import dev.ftp426.correlate.Correlation;
import dev.ftp426.correlate.Finding;
import dev.ftp426.correlate.FlowMatch;

import java.io.PrintWriter;

/** The correlation paragraph of the human report. */
final class HumanCorrelation
{
    private HumanCorrelation()
    {
    }

    static void print(final PrintWriter out, final Correlation c)
    {
        out.printf("correlation: %s (%s side) with %s (%s side)%n", c.captureA(), c.vantageA(), c.captureB(),
            c.vantageB());
        out.printf("  vantage   %s%n", c.vantageReason());
        out.printf("  clocks    second capture = first %+.6f s%s%n", c.clockOffsetNanos() / 1e9,
            c.oneWayDelayNanos() < 0 ? "" : String.format(", one-way delay %.6f s", c.oneWayDelayNanos() / 1e9));
        out.printf("  flows     %d shared, %d only in the first, %d only in the second%n", c.flows().size(),
            c.unmatchedA(), c.unmatchedB());
        if (c.notKeptA() > 0 || c.notKeptB() > 0)
        {
            out.printf("  limit     %,d and %,d packets left out of the comparison (memory limit)%n", c.notKeptA(),
                c.notKeptB());
        }
        for (final Finding f : c.findings())
        {
            out.printf("  %-9s %s %s%n", f.sender(), connection(c, f.communityId()), f.text());
        }
        out.println();
        out.println("  " + c.summary());
        out.println();
    }

    private static String connection(final Correlation c, final String communityId)
    {
        for (final FlowMatch flow : c.flows())
        {
            if (flow.communityId().equals(communityId))
            {
                return "[" + flow.initiator() + " > " + flow.responder() + "]";
            }
        }
        return "[" + communityId + "]";
    }
}
