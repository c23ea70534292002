/**
 * Link, IP, TCP and ICMP-error decoding into the reusable {@link dev.ftp426.decode.DecodedPacket} flyweight.
 * <p>
 * Entry point: {@link dev.ftp426.decode.PacketDecoder#decode}, one instance per decoding thread, configured by
 * {@link dev.ftp426.decode.DecodeLimits}; what happened to each frame is counted in
 * {@link dev.ftp426.decode.DecodeCounters} under a {@link dev.ftp426.decode.DecodeOutcome}. IPv4/IPv6 fragments are
 * reassembled in bounded memory by {@link dev.ftp426.decode.Defragmenter}. {@link dev.ftp426.decode.IpAddress} turns
 * the 128-bit address representation into text for reports.
 */
package dev.ftp426.decode;
