package dev.ftp426.attribution;

/**
 * A hole in the control connection: bytes the capture never saw (sequence gap), or a silence.
 *
 * @param startFrame last frame before the gap.
 * @param startNanos its timestamp.
 * @param endFrame   first frame after the gap.
 * @param endNanos   its timestamp.
 * @param missedBytes sequence-space bytes never captured; 0 for a plain silence.
 */
public record ControlGap(long startFrame, long startNanos, long endFrame, long endNanos, long missedBytes)
{
}
