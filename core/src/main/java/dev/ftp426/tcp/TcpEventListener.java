package dev.ftp426.tcp;

/**
 * Receives TCP analysis events as they are detected, in capture order. Allocation-free by construction: primitive
 * arguments only; the {@link TcpFlow} is pooled and must not be retained beyond its {@code onClose}.
 */
@FunctionalInterface
public interface TcpEventListener
{
    TcpEventListener NONE = (flow, type, direction, frame, tsNanos, a, b) -> {};

    /**
     * @param flow      the connection instance.
     * @param type      a {@link TcpEventType} constant.
     * @param direction the direction of the packet that triggered it: 0 from the initiator, 1 from the responder.
     * @param frame     frame number of the triggering packet.
     * @param tsNanos   capture time of the triggering packet.
     * @param a         first type-specific argument (see {@link TcpEventType}).
     * @param b         second type-specific argument.
     */
    void onEvent(TcpFlow flow, int type, int direction, long frame, long tsNanos, long a, long b);
}
