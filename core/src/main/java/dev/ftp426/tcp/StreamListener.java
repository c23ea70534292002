package dev.ftp426.tcp;

import org.agrona.DirectBuffer;

/**
 * Consumer of reassembled TCP byte streams and connection life-cycle callbacks.
 * <p>
 * Every flow gets {@link #onOpen}, {@link #onFin}, {@link #onRst} and {@link #onClose}; only flows whose payload
 * delivery is on ({@link #onOpen} returned true, or {@link TcpFlow#deliverPayload(boolean)}) get {@link #onData}
 * and {@link #onGap}. Bytes arrive in sequence order per direction; a hole the capture cannot fill arrives as
 * {@link #onGap} with its length, so delivered bytes plus gaps always account for the whole stream. Buffers passed
 * to {@link #onData} are only valid during the call (often they are the captured frame itself).
 */
public interface StreamListener
{
    StreamListener NONE = new StreamListener()
    {
        public boolean onOpen(final TcpFlow flow)
        {
            return false;
        }
    };

    /**
     * A new connection instance (first packet, or a SYN reusing the 5-tuple).
     *
     * @return true to have its payload delivered, false for facts and events only.
     */
    boolean onOpen(TcpFlow flow);

    /** In-order bytes of one direction (0 from the initiator, 1 from the responder). */
    default void onData(
        final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset, final int length,
        final long frame, final long tsNanos)
    {
    }

    /** Bytes of one direction that the capture does not hold, at this point of the stream. */
    default void onGap(final TcpFlow flow, final int direction, final long bytes, final long frame, final long tsNanos)
    {
    }

    /** The stream of {@code direction} reached its FIN (after all bytes and gaps before it were delivered). */
    default void onFin(final TcpFlow flow, final int direction, final long frame, final long tsNanos)
    {
    }

    /** A RST from {@code direction}, reported when seen (see {@link TcpFlow#endpoint(int)} for its facts). */
    default void onRst(final TcpFlow flow, final int direction, final long frame, final long tsNanos)
    {
    }

    /**
     * The flow instance leaves the table; no more callbacks for it. Any hole still open was delivered as a gap just
     * before.
     *
     * @param reason a {@link CloseReason} constant.
     */
    default void onClose(final TcpFlow flow, final int reason)
    {
    }
}
