package dev.ftp426.attribution;

/**
 * Timing of a TCP three-way handshake, in TCP roles (the SYN sender is the TCP originator).
 * Δ1 = SYN-ACK − SYN and Δ2 = ACK − SYN-ACK place the capture: at the originator Δ2 ≈ 0, at the responder Δ1 ≈ 0,
 * in the middle both are fractions of the RTT.
 *
 * @param originator  FTP role of the SYN sender.
 * @param synFrame    SYN frame.
 * @param synNanos    SYN timestamp.
 * @param synAckNanos SYN-ACK timestamp.
 * @param ackNanos    timestamp of the originator's first ACK of the SYN-ACK; -1 when not seen.
 */
public record Handshake(FtpRole originator, long synFrame, long synNanos, long synAckNanos, long ackNanos)
{
    /** SYN-ACK − SYN. */
    public long delta1()
    {
        return synAckNanos - synNanos;
    }

    /** ACK − SYN-ACK, or -1 when the ACK was not seen. */
    public long delta2()
    {
        return ackNanos < 0 ? -1 : ackNanos - synAckNanos;
    }

    /** True when the three packets were all seen. */
    public boolean complete()
    {
        return synNanos >= 0 && synAckNanos >= 0 && ackNanos >= 0;
    }
}
