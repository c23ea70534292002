package dev.ftp426.cli.output;

import dev.ftp426.report.TransferReport;

/** The frame a record of a transfer points at (its {@code frame} field), for names derived from a record. */
public final class TransferFrames
{
    private TransferFrames()
    {
    }

    /** The failure reply's frame, else the completion's, else the command's or the data connection's. */
    public static long eventFrame(final TransferReport report)
    {
        return TransferJson.eventFrame(report);
    }
}
