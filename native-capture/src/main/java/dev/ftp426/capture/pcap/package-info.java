/**
 * The system libpcap through JNR-FFI, behind small safe wrappers: {@link dev.ftp426.capture.pcap.Pcap} (presence and
 * version), {@link dev.ftp426.capture.pcap.Interfaces} ({@code pcap_findalldevs}),
 * {@link dev.ftp426.capture.pcap.PcapHandle} (a {@code pcap_t}), {@link dev.ftp426.capture.pcap.OfflineFilter} and
 * {@link dev.ftp426.capture.pcap.OfflineFilterSet} (BPF on frames read without libpcap),
 * {@link dev.ftp426.capture.pcap.PcapDumper} ({@code -w}). Every native resource is owned by an
 * {@link java.lang.AutoCloseable}. Failures are {@link dev.ftp426.capture.pcap.PcapException}s whose message reads
 * {@code what: why} and whose {@code hint()} adds advice.
 */
package dev.ftp426.capture.pcap;
