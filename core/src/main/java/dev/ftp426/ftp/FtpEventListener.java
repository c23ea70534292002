package dev.ftp426.ftp;

/**
 * What the tracker reports. Views passed to the per-line callbacks are valid during the call only; transfer records
 * are new objects the receiver may keep. All callbacks run on the thread that feeds the tracker.
 */
public interface FtpEventListener
{
    /** A control session was recognised (port 21/990 at open, or detected from its first lines elsewhere). */
    default void onSessionStarted(final FtpSession session)
    {
    }

    /** A client command (for the optional jsonl {@code ftp} record). */
    default void onCommand(final FtpSession session, final FtpCommand command)
    {
    }

    /** A complete server reply (for the optional jsonl {@code ftp} record). */
    default void onReply(final FtpSession session, final FtpReply reply)
    {
    }

    /** The control channel became unreadable (AUTH TLS answered 234, implicit TLS, or a TLS record). */
    default void onSessionEncrypted(final FtpSession session)
    {
    }

    /** A finished transfer, or a data connection reported without its command. */
    void onTransfer(FtpTransfer transfer);

    /** The control connection closed (or the run ended); no more events for this session. */
    default void onSessionEnded(final FtpSession session)
    {
    }
}
