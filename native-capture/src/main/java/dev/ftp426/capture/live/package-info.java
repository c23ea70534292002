/**
 * Live capture: {@link dev.ftp426.capture.live.LiveCapture} runs a capture thread that copies each frame once from
 * libpcap's buffer into an off-heap {@link dev.ftp426.capture.live.FrameRing} per worker (sharded by a symmetric
 * {@link dev.ftp426.capture.live.FlowSharder}); {@link dev.ftp426.capture.live.RingFrameSource} re-wraps the ring slots
 * as {@link dev.ftp426.pcap.Frame}s for the same {@link dev.ftp426.pcap.FrameHandler} pipeline as offline runs.
 * Losses are counted in {@link dev.ftp426.capture.live.CaptureStatistics}.
 */
package dev.ftp426.capture.live;
