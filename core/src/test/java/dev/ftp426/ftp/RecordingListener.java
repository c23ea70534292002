package dev.ftp426.ftp;

import java.util.ArrayList;
import java.util.List;

/** Keeps what the tracker reported, as plain strings and records, for assertions. */
final class RecordingListener implements FtpEventListener
{
    final List<FtpTransfer> transfers = new ArrayList<>();
    final List<String> commands = new ArrayList<>();
    final List<String> replies = new ArrayList<>();
    final List<Long> replyFrames = new ArrayList<>();
    final List<Object[]> replySpans = new ArrayList<>();
    final List<FtpSession> started = new ArrayList<>();
    final List<FtpSession> ended = new ArrayList<>();
    final List<FtpSession> encrypted = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    @Override
    public void onSessionStarted(final FtpSession session)
    {
        started.add(session);
        events.add("start " + session.id());
    }

    @Override
    public void onCommand(final FtpSession session, final FtpCommand command)
    {
        final String text = command.line() + (command.telnetIp() ? " [IP]" : "") + (command.telnetDm() ? " [DM]" : "") +
            (command.urgent() ? " [URG]" : "") + (command.truncated() ? " [TRUNC]" : "") + " @" + command.frame();
        commands.add(text);
        events.add("C " + text);
    }

    @Override
    public void onReply(final FtpSession session, final FtpReply reply)
    {
        final String text = reply.code() + " " + reply.textString().replace("\n", "|") + " lines=" +
            reply.lineCount() + (reply.damaged() ? " [DAMAGED]" : "") + " @" + reply.frame();
        replies.add(text);
        replyFrames.add(reply.frame());
        replySpans.add(new Object[]{reply.code(), reply.frame(), reply.endFrame()});
        events.add("R " + text);
    }

    @Override
    public void onSessionEncrypted(final FtpSession session)
    {
        encrypted.add(session);
        events.add("encrypted " + session.id());
    }

    @Override
    public void onTransfer(final FtpTransfer transfer)
    {
        transfers.add(transfer);
        events.add("T " + transfer);
    }

    @Override
    public void onSessionEnded(final FtpSession session)
    {
        ended.add(session);
        events.add("end " + session.id());
    }

    List<Integer> replyCodes()
    {
        final List<Integer> codes = new ArrayList<>();
        for (final String r : replies)
        {
            codes.add(Integer.parseInt(r.substring(0, 3)));
        }
        return codes;
    }
}
