package dev.ftp426.report;

import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.TransferFacts;
import dev.ftp426.attribution.Verdict;
import dev.ftp426.ftp.FtpTransfer;

import java.util.List;

/**
 * One FTP transfer with everything the outputs print about it: the FTP record, its data connection, the facts the
 * verdict was drawn from, and the verdict when the transfer deserved one. The {@code "type":"transfer"} record, and
 * with a verdict also the {@code "type":"verdict"} record.
 *
 * @param transfer             what the control connection said.
 * @param facts                the attribution's view of it (FTP roles).
 * @param data                 the data connection's facts, or null when none was seen.
 * @param dataFlow             the data connection as conn.log would describe it, or null.
 * @param controlCommunityId   Community ID of the control connection, or null when it is not in the capture.
 * @param verdict              the verdict, or null for a transfer that did not fail.
 * @param notes                remarks that are not a fault (e.g. heavy loss the transfer survived).
 */
public record TransferReport(
    FtpTransfer transfer,
    TransferFacts facts,
    DataFlowFacts data,
    DataFlowSummary dataFlow,
    String controlCommunityId,
    Verdict verdict,
    List<String> notes)
{
    public TransferReport
    {
        notes = List.copyOf(notes);
    }

    public boolean hasVerdict()
    {
        return verdict != null;
    }
}
