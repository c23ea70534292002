package dev.ftp426.capture.pcap;

import jnr.ffi.types.intptr_t;

/**
 * Nanosecond time stamp functions, added in libpcap 1.5. Bound separately so that an older libpcap still loads and
 * simply captures with microsecond time stamps.
 */
interface LibPcapNano
{
    // int pcap_set_tstamp_precision(pcap_t *p, int tstamp_precision);
    int pcap_set_tstamp_precision(@intptr_t long p, int precision);

    // int pcap_get_tstamp_precision(pcap_t *p);
    int pcap_get_tstamp_precision(@intptr_t long p);

    // pcap_t *pcap_open_offline_with_tstamp_precision(const char *fname, u_int precision, char *errbuf);
    @intptr_t long pcap_open_offline_with_tstamp_precision(String fileName, int precision, @intptr_t long errbuf);

    // pcap_t *pcap_open_dead_with_tstamp_precision(int linktype, int snaplen, u_int precision);
    @intptr_t long pcap_open_dead_with_tstamp_precision(int dataLinkType, int snaplen, int precision);
}
