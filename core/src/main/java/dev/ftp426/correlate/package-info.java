/**
 * Cross-capture correlation: two captures of the same incident taken at different points (the client's host, the
 * server's, a router) are aligned by the TCP connections they share, and each RST and each lost packet is placed:
 * sent and delivered, sent and lost between the capture points, or never sent by its claimed sender (born on the
 * path). Reads packets through its own TCP-only pass ({@link dev.ftp426.pipeline.FlowInspection}); the analysis
 * path is not involved. Not a hot path: it keeps a compact record of every TCP packet, within counted limits.
 */
package dev.ftp426.correlate;
