/**
 * Capture reading: classic pcap and pcapng files, plain or gzip, from files or streams, delivered as {@link
 * dev.ftp426.pcap.Frame} flyweights without copying or allocating per packet.
 * <p>
 * Entry point: {@link dev.ftp426.pcap.CaptureReaders#open(java.nio.file.Path)} or
 * {@link dev.ftp426.pcap.CaptureReaders#open(java.io.InputStream, String)}, then
 * {@link dev.ftp426.pcap.CaptureReader#readAll(dev.ftp426.pcap.FrameHandler)}. Input that is not a capture at all fails
 * with {@link dev.ftp426.pcap.BadCaptureException} when opening; damage inside a capture is read around and reported
 * in {@link dev.ftp426.pcap.CaptureStats}.
 */
package dev.ftp426.pcap;
