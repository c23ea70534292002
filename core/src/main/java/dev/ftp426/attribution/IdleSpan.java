package dev.ftp426.attribution;

/**
 * The longest silence of the data sender (no segment with payload, new or retransmitted) while its data
 * connection was open. Together with what was outstanding and the receiver's window it tells a sender that
 * stopped on its own (nothing outstanding, window open) from one waiting for ACKs.
 *
 * @param sender           FTP role of the data sender.
 * @param startFrame       its last data segment before the silence.
 * @param startNanos       its timestamp.
 * @param endFrame         its next data segment, FIN or RST; -1 when nothing followed.
 * @param endNanos         that frame's timestamp, or the last timestamp of the connection when nothing followed.
 * @param bytesOutstanding bytes the sender had sent that the receiver had still not acknowledged by the end of the
 *                         silence (as seen at the capture point): 0 means the sender was waiting for nothing.
 * @param peerWindowOpen   the receiver's last window advertised before the end of the silence was non-zero.
 */
public record IdleSpan(
    FtpRole sender,
    long startFrame,
    long startNanos,
    long endFrame,
    long endNanos,
    long bytesOutstanding,
    boolean peerWindowOpen)
{
    /** Length of the silence. */
    public long durationNanos()
    {
        return endNanos - startNanos;
    }

    /** True when the instant falls inside the silence. */
    public boolean contains(final long tsNanos)
    {
        return tsNanos >= startNanos && tsNanos <= endNanos;
    }
}
