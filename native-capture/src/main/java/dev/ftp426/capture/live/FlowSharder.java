package dev.ftp426.capture.live;

import org.agrona.DirectBuffer;

/**
 * Chooses the worker (ring) a frame goes to. It must be symmetric, so both directions of a conversation reach the
 * same worker, and it runs on the capture thread for every frame, so it must be cheap and allocation-free.
 */
@FunctionalInterface
public interface FlowSharder
{
    /**
     * @param frame          frame bytes (link-layer header first).
     * @param offset         first byte of the frame.
     * @param capturedLength bytes present.
     * @param linkType       LINKTYPE_ value.
     * @param shardCount     number of workers, at least 2.
     * @return a shard in {@code [0, shardCount)}.
     */
    int shard(DirectBuffer frame, int offset, int capturedLength, int linkType, int shardCount);
}
