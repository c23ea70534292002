package dev.ftp426.attribution;

/**
 * The first RST claiming to come from one endpoint of the data connection.
 *
 * @param frame         frame number.
 * @param tsNanos       timestamp.
 * @param ttl           TTL / hop limit it arrived with.
 * @param seq           its sequence number (absolute).
 * @param inWindow      the sequence number fell inside the receiver's window (an out-of-window RST is dropped).
 * @param copies        how many copies the capture holds (a forwarding capture shows a forwarded packet twice,
 *                      a packet the capture host itself injected only once); 1 on an ordinary capture.
 * @param challengeAcked the receiver answered with a challenge ACK (RFC 5961), so it did not accept the RST.
 */
public record ResetFacts(
    long frame, long tsNanos, int ttl, long seq, boolean inWindow, int copies, boolean challengeAcked)
{
    /** A plain in-window RST seen once. */
    public static ResetFacts of(final long frame, final long tsNanos, final int ttl)
    {
        return new ResetFacts(frame, tsNanos, ttl, 0, true, 1, false);
    }

    /** The mark of this RST. */
    public PacketMark mark()
    {
        return new PacketMark(frame, tsNanos, ttl);
    }
}
