package dev.ftp426.capture.pcap;

import jnr.ffi.types.intptr_t;
import jnr.ffi.types.u_int32_t;

/**
 * The JNR-FFI bindings. The interfaces are public only for the JVM: JNR generates their implementations in its own
 * class loader, which cannot implement a package-private interface. Being members of this package-private class,
 * they cannot be named outside the package; the safe wrappers ({@link PcapHandle}, {@link Interfaces},
 * {@link OfflineFilter}, {@link PcapDumper}, {@link Pcap}) are the API.
 */
final class Bindings
{
    private Bindings()
    {
    }

    /**
     * The libpcap functions every supported version (1.0 and later) exports, bound through JNR-FFI.
     * <p>
     * Every C pointer is passed as a raw address ({@code @intptr_t long}) so the per-packet calls marshal nothing and
     * allocate nothing; memory for out-parameters is owned by the Java side and allocated once per handle. Only
     * {@code const char *} inputs and results use {@link String}, on set-up paths.
     */
    public interface LibPcap
    {
        // int pcap_findalldevs(pcap_if_t **alldevsp, char *errbuf);
        int pcap_findalldevs(@intptr_t long alldevsOut, @intptr_t long errbuf);

        // void pcap_freealldevs(pcap_if_t *alldevs);
        void pcap_freealldevs(@intptr_t long alldevs);

        // pcap_t *pcap_create(const char *source, char *errbuf);
        @intptr_t long pcap_create(String source, @intptr_t long errbuf);

        // int pcap_set_snaplen(pcap_t *p, int snaplen);
        int pcap_set_snaplen(@intptr_t long p, int snaplen);

        // int pcap_set_promisc(pcap_t *p, int promisc);
        int pcap_set_promisc(@intptr_t long p, int promisc);

        // int pcap_set_timeout(pcap_t *p, int to_ms);
        int pcap_set_timeout(@intptr_t long p, int timeoutMillis);

        // int pcap_set_buffer_size(pcap_t *p, int buffer_size);
        int pcap_set_buffer_size(@intptr_t long p, int bufferSizeBytes);

        // int pcap_activate(pcap_t *p);
        int pcap_activate(@intptr_t long p);

        // const char *pcap_statustostr(int error);
        String pcap_statustostr(int status);

        // char *pcap_geterr(pcap_t *p);
        String pcap_geterr(@intptr_t long p);

        // int pcap_lookupnet(const char *device, bpf_u_int32 *netp, bpf_u_int32 *maskp, char *errbuf);
        int pcap_lookupnet(String device, @intptr_t long netOut, @intptr_t long maskOut, @intptr_t long errbuf);

        // int pcap_compile(pcap_t *p, struct bpf_program *fp, const char *str, int optimize, bpf_u_int32 netmask);
        int pcap_compile(@intptr_t long p, @intptr_t long program, String expression, int optimize, @u_int32_t int netmask);

        // int pcap_setfilter(pcap_t *p, struct bpf_program *fp);
        int pcap_setfilter(@intptr_t long p, @intptr_t long program);

        // void pcap_freecode(struct bpf_program *fp);
        void pcap_freecode(@intptr_t long program);

        // int pcap_offline_filter(const struct bpf_program *fp, const struct pcap_pkthdr *h, const u_char *pkt);
        int pcap_offline_filter(@intptr_t long program, @intptr_t long header, @intptr_t long packet);

        // int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **pkt_header, const u_char **pkt_data);
        int pcap_next_ex(@intptr_t long p, @intptr_t long headerOut, @intptr_t long dataOut);

        // int pcap_setnonblock(pcap_t *p, int nonblock, char *errbuf);
        int pcap_setnonblock(@intptr_t long p, int nonblock, @intptr_t long errbuf);

        // int pcap_get_selectable_fd(pcap_t *p);
        int pcap_get_selectable_fd(@intptr_t long p);

        // int pcap_stats(pcap_t *p, struct pcap_stat *ps);
        int pcap_stats(@intptr_t long p, @intptr_t long statOut);

        // void pcap_breakloop(pcap_t *p);
        void pcap_breakloop(@intptr_t long p);

        // void pcap_close(pcap_t *p);
        void pcap_close(@intptr_t long p);

        // int pcap_datalink(pcap_t *p);
        int pcap_datalink(@intptr_t long p);

        // int pcap_snapshot(pcap_t *p);
        int pcap_snapshot(@intptr_t long p);

        // const char *pcap_lib_version(void);
        String pcap_lib_version();

        // pcap_t *pcap_open_offline(const char *fname, char *errbuf);
        @intptr_t long pcap_open_offline(String fileName, @intptr_t long errbuf);

        // pcap_t *pcap_open_dead(int linktype, int snaplen);
        @intptr_t long pcap_open_dead(int dataLinkType, int snaplen);

        // pcap_dumper_t *pcap_dump_open(pcap_t *p, const char *fname);
        @intptr_t long pcap_dump_open(@intptr_t long p, String fileName);

        // void pcap_dump(u_char *user, const struct pcap_pkthdr *h, const u_char *sp);
        void pcap_dump(@intptr_t long dumper, @intptr_t long header, @intptr_t long packet);

        // int pcap_dump_flush(pcap_dumper_t *p);
        int pcap_dump_flush(@intptr_t long dumper);

        // void pcap_dump_close(pcap_dumper_t *p);
        void pcap_dump_close(@intptr_t long dumper);
    }

    /**
     * Nanosecond time stamp functions, added in libpcap 1.5. Bound separately so that an older libpcap still loads and
     * simply captures with microsecond time stamps.
     */
    public interface LibPcapNano
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

    /** The C library's {@code poll}, to wait for a non-blocking capture handle. */
    public interface LibC
    {
        // int poll(struct pollfd *fds, nfds_t nfds, int timeout);
        int poll(@intptr_t long fds, long count, int timeoutMillis);
    }

    /** Immediate mode, added in libpcap 1.5; bound separately so an older libpcap still loads. */
    public interface LibPcapImmediate
    {
        // int pcap_set_immediate_mode(pcap_t *p, int immediate_mode);
        int pcap_set_immediate_mode(@intptr_t long p, int immediate);
    }
}
