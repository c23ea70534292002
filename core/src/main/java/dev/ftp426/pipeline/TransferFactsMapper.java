package dev.ftp426.pipeline;

import dev.ftp426.attribution.Abort;
import dev.ftp426.attribution.ConnectionEnd;
import dev.ftp426.attribution.ControlGap;
import dev.ftp426.attribution.DataMode;
import dev.ftp426.attribution.Endpoint;
import dev.ftp426.attribution.FtpRole;
import dev.ftp426.attribution.Reply;
import dev.ftp426.attribution.TransferCommand;
import dev.ftp426.attribution.TransferFacts;
import dev.ftp426.decode.IpAddress;
import dev.ftp426.ftp.FtpAbort;
import dev.ftp426.ftp.FtpReplyRecord;
import dev.ftp426.ftp.FtpTransfer;

import java.util.ArrayList;
import java.util.List;

/** Translates the FTP tracker's transfer record into the attribution stage's {@link TransferFacts}. */
final class TransferFactsMapper
{
    private TransferFactsMapper()
    {
    }

    /**
     * @param transfer   the FTP record.
     * @param controlEnd how the control connection ended, or null while it is open or unknown.
     * @param payloadToServer payload the FTP client sent on the data connection, or -1 when unknown (decides the
     *                   direction of an unknown command, e.g. in an encrypted session).
     * @param payloadToClient payload the FTP server sent on the data connection, or -1.
     */
    static TransferFacts map(
        final FtpTransfer transfer, final ConnectionEnd controlEnd, final long payloadToServer,
        final long payloadToClient)
    {
        final TransferCommand command = command(transfer.command());
        final FtpRole dataSender;
        if (command != TransferCommand.UNKNOWN)
        {
            dataSender = command.upload() ? FtpRole.CLIENT : FtpRole.SERVER;
        }
        else
        {
            dataSender = payloadToServer > payloadToClient ? FtpRole.CLIENT : FtpRole.SERVER;
        }
        final TransferFacts.Builder b = TransferFacts.builder()
            .command(command)
            .argument(transfer.arg())
            .dataSender(dataSender)
            .mode(mode(transfer.mode()))
            .announcedSize(transfer.sizeAnnounced() >= 0 ? transfer.sizeAnnounced() : transfer.sizeFromSizeCommand())
            .preliminary(reply(transfer.preliminary()))
            .completion(reply(transfer.completion()))
            .following(following(transfer))
            .abort(abort(transfer.abort()))
            .control(endpoint(transfer.clientHi(), transfer.clientLo(), transfer.clientPort()),
                endpoint(transfer.serverHi(), transfer.serverLo(), transfer.serverPort()))
            .controlEnd(controlEnd)
            .controlIdleBeforeFailure(controlIdle(transfer))
            .passiveAddressMismatch(transfer.natAddress());
        if (transfer.encrypted())
        {
            b.encrypted(transfer.decrypted() || transfer.completion() != null);
        }
        if (transfer.controlGap())
        {
            b.controlGaps(List.of(new ControlGap(-1, -1, -1, -1, -1)));
        }
        return b.build();
    }

    static Endpoint endpoint(final long hi, final long lo, final int port)
    {
        return new Endpoint(IpAddress.format(hi, lo), port);
    }

    static Reply reply(final FtpReplyRecord record)
    {
        return record == null ? null : new Reply(record.code(), record.text(), record.frame(), record.ts());
    }

    private static List<Reply> following(final FtpTransfer transfer)
    {
        final List<Reply> following = new ArrayList<>(transfer.subsequentReplies().size() + 1);
        for (final FtpReplyRecord record : transfer.subsequentReplies())
        {
            following.add(reply(record));
        }
        final FtpReplyRecord abortReply = transfer.abortReply();
        if (abortReply != null && !transfer.subsequentReplies().contains(abortReply) &&
            abortReply != transfer.completion())
        {
            following.add(reply(abortReply));
        }
        return following;
    }

    private static Abort abort(final FtpAbort abort)
    {
        return abort == null ? null : new Abort(abort.frame(), abort.ts(), abort.telnetIp(), abort.telnetDm(),
            abort.urgent());
    }

    private static TransferCommand command(final String verb)
    {
        if (verb == null)
        {
            return TransferCommand.UNKNOWN;
        }
        for (final TransferCommand command : TransferCommand.values())
        {
            if (command.name().equals(verb))
            {
                return command;
            }
        }
        return TransferCommand.UNKNOWN;
    }

    private static DataMode mode(final dev.ftp426.ftp.DataMode mode)
    {
        if (mode == null)
        {
            return DataMode.UNKNOWN;
        }
        switch (mode)
        {
            case PASV:
            case EPSV:
            case LPSV:
                return DataMode.PASSIVE;
            case PORT:
            case EPRT:
            case LPRT:
                return DataMode.ACTIVE;
            default:
                return DataMode.UNKNOWN;
        }
    }

    /**
     * How long the control connection sat silent before the failure: during a transfer nothing crosses it between
     * the preliminary reply (or the command) and the completion reply.
     */
    private static long controlIdle(final FtpTransfer transfer)
    {
        final FtpReplyRecord completion = transfer.completion();
        if (completion == null)
        {
            return -1;
        }
        long lastBefore = transfer.commandTs();
        if (transfer.preliminary() != null)
        {
            lastBefore = Math.max(lastBefore, transfer.preliminary().endTs());
        }
        if (transfer.abort() != null && transfer.abort().ts() < completion.ts())
        {
            lastBefore = Math.max(lastBefore, transfer.abort().ts());
        }
        return lastBefore < 0 ? -1 : Math.max(0, completion.ts() - lastBefore);
    }
}
