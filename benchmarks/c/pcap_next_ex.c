/*
 * pcap_next_ex: the capture thread's per-packet loop in C, the reference for LivePcapCallBenchmark.
 *
 * Opens a capture file with libpcap (pcap_open_offline), and for every packet calls pcap_next_ex, reads the header
 * and copies the packet into a small buffer, as ftp426's capture thread copies it into its ring. Repeats the file
 * PASSES times and prints the process CPU time per packet.
 *
 * Build: gcc -O2 -o pcap_next_ex pcap_next_ex.c -lpcap
 * Usage: pcap_next_ex FILE [PASSES]
 */
#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static unsigned char copy[32 * 2048];
    char errbuf[PCAP_ERRBUF_SIZE];
    long packets = 0;
    unsigned long checksum = 0;
    const int passes = argc > 2 ? atoi(argv[2]) : 10;
    if (argc < 2)
    {
        fprintf(stderr, "usage: %s FILE [PASSES]\n", argv[0]);
        return 2;
    }

    const double start = cpu_seconds();
    for (int pass = 0; pass < passes; pass++)
    {
        pcap_t *p = pcap_open_offline(argv[1], errbuf);
        if (NULL == p)
        {
            fprintf(stderr, "%s\n", errbuf);
            return 1;
        }
        struct pcap_pkthdr *header;
        const u_char *data;
        while (1 == pcap_next_ex(p, &header, &data))
        {
            const unsigned caplen = header->caplen > 2048 ? 2048 : header->caplen;
            packets++;
            checksum += header->len + header->ts.tv_usec;
            memcpy(copy + (packets & 31) * 2048, data, caplen);
        }
        pcap_close(p);
    }
    const double seconds = cpu_seconds() - start;
    printf("packets=%ld cpu_seconds=%.3f ns_per_packet=%.1f packets_per_cpu_second=%.0f (checksum %lu)\n",
        packets, seconds, seconds * 1e9 / packets, packets / seconds, checksum & 1);
    return 0;
}
