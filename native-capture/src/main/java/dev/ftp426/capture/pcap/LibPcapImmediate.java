package dev.ftp426.capture.pcap;

import jnr.ffi.types.intptr_t;

/** Immediate mode, added in libpcap 1.5; bound separately so an older libpcap still loads. */
interface LibPcapImmediate
{
    // int pcap_set_immediate_mode(pcap_t *p, int immediate_mode);
    int pcap_set_immediate_mode(@intptr_t long p, int immediate);
}
