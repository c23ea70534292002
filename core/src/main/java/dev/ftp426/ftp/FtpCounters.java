package dev.ftp426.ftp;

/** Counted limits and oddities, for the anomaly records (layer ftp). Plain fields, one writer thread. */
public final class FtpCounters
{
    long sessions;
    long sessionsRejected;
    long sessionsOverLimit;
    long candidatesOverLimit;
    long sessionsEncrypted;
    long commands;
    long replies;
    long linesTruncated;
    long linesDroppedAfterGap;
    long replyNotNumeric;
    long replyBlocksBounded;
    long replyBlocksEndedByForeignCode;
    long unsolicitedReplies;
    long repliesResynchronised;
    long repliesToLaterCommand;
    long abortRepliesReordered;
    long pendingCommandsOverflow;
    long controlGaps;
    long setupReplyUnparsed;
    long expectations;
    long expectationsMatched;
    long expectationsExpired;
    long expectationsReplaced;
    long expectationsOverLimit;
    long transfers;
    long dataOnlyRecords;
    long replyTextTruncated;

    /** ftp_reply_text_truncated: replies whose joined text reached maxReplyTextLength and was cut. */
    public long replyTextTruncated()
    {
        return replyTextTruncated;
    }

    public long sessions()
    {
        return sessions;
    }

    public long sessionsRejected()
    {
        return sessionsRejected;
    }

    public long sessionsOverLimit()
    {
        return sessionsOverLimit;
    }

    /** Connections on other ports not checked for FTP because {@link FtpTrackerConfig#maxPendingCandidates} was full. */
    public long candidatesOverLimit()
    {
        return candidatesOverLimit;
    }

    public long sessionsEncrypted()
    {
        return sessionsEncrypted;
    }

    public long commands()
    {
        return commands;
    }

    public long replies()
    {
        return replies;
    }

    /** ftp_line_truncated */
    public long linesTruncated()
    {
        return linesTruncated;
    }

    /** ftp_line_dropped_after_gap */
    public long linesDroppedAfterGap()
    {
        return linesDroppedAfterGap;
    }

    /** ftp_reply_not_numeric */
    public long replyNotNumeric()
    {
        return replyNotNumeric;
    }

    /** ftp_reply_block_bounded */
    public long replyBlocksBounded()
    {
        return replyBlocksBounded;
    }

    /** ftp_reply_block_foreign_end */
    public long replyBlocksEndedByForeignCode()
    {
        return replyBlocksEndedByForeignCode;
    }

    /** ftp_reply_unsolicited */
    public long unsolicitedReplies()
    {
        return unsolicitedReplies;
    }

    /** ftp_reply_resynchronised: waiting commands skipped because a reply could only answer a later one. */
    public long repliesResynchronised()
    {
        return repliesResynchronised;
    }

    /** ftp_reply_to_later_command: a syntax error during a transfer matched to the command sent during it. */
    public long repliesToLaterCommand()
    {
        return repliesToLaterCommand;
    }

    /** ftp_abort_replies_reordered: an ABOR answered before the 426 of the transfer it aborted (ProFTPD). */
    public long abortRepliesReordered()
    {
        return abortRepliesReordered;
    }

    /** ftp_pending_commands_overflow */
    public long pendingCommandsOverflow()
    {
        return pendingCommandsOverflow;
    }

    /** ftp_control_gap */
    public long controlGaps()
    {
        return controlGaps;
    }

    /** ftp_setup_reply_unparsed */
    public long setupReplyUnparsed()
    {
        return setupReplyUnparsed;
    }

    public long expectations()
    {
        return expectations;
    }

    public long expectationsMatched()
    {
        return expectationsMatched;
    }

    /** ftp_expectation_expired */
    public long expectationsExpired()
    {
        return expectationsExpired;
    }

    public long expectationsReplaced()
    {
        return expectationsReplaced;
    }

    /** ftp_expectation_limit */
    public long expectationsOverLimit()
    {
        return expectationsOverLimit;
    }

    public long transfers()
    {
        return transfers;
    }

    public long dataOnlyRecords()
    {
        return dataOnlyRecords;
    }
}
