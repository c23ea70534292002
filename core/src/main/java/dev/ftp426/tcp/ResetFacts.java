package dev.ftp426.tcp;

/**
 * The RSTs one endpoint sent (how many, and the first one's details) and how it answered an in-window RST of its
 * peer: created on the first such RST, so a flow that sees none pays nothing. Frames are -1 when not seen.
 */
final class ResetFacts
{
    /** Heap bytes of one instance (12-byte header, 6 longs, 3 ints, 1 short, 8-byte aligned). */
    static final int BYTES = 80;

    long count;
    long frame;
    long tsNanos;
    /** First frame after its first RST in which it still sent something other than a RST. */
    long postActivityFrame;
    /** The peer's latest in-window, inexact RST, until this side's next packet shows whether it challenged it. */
    long pendingChallengeRstFrame;
    long challengeAckFrame;
    /** Raw seq of the first RST (valid when frame >= 0). */
    int seq;
    int flags;
    int ipIdDelta;
    short ttl;

    ResetFacts reset()
    {
        count = 0;
        frame = -1;
        tsNanos = 0;
        postActivityFrame = -1;
        pendingChallengeRstFrame = -1;
        challengeAckFrame = -1;
        seq = 0;
        flags = 0;
        ipIdDelta = -1;
        ttl = -1;
        return this;
    }
}
