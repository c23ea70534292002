/*
 * pcap_next_ex: the capture thread's per-packet loop in C, the reference for LivePcapCallBenchmark.
 *
 * Opens a capture file with libpcap (pcap_open_offline), and for every packet calls pcap_next_ex, reads the header
 * and copies the packet out, as ftp426's capture thread copies it into its ring: with RING_MIB 0 (the default) into
 * a small buffer that stays in cache, otherwise one record after the other through a RING_MIB MiB area, as into
 * ftp426's ring (16 MiB by default). Repeats the file PASSES times and prints the process CPU time per packet.
 *
 * Build: gcc -O2 -o pcap_next_ex pcap_next_ex.c -lpcap
 * Usage: pcap_next_ex FILE [PASSES] [RING_MIB]
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
    char errbuf[PCAP_ERRBUF_SIZE];
    long packets = 0;
    unsigned long checksum = 0;
    const int passes = argc > 2 ? atoi(argv[2]) : 10;
    const size_t ring_bytes = argc > 3 ? (size_t)atol(argv[3]) << 20 : 0;
    const size_t area = ring_bytes > 0 ? ring_bytes : 32 * 2048;
    unsigned char *copy = malloc(area);
    size_t position = 0;
    if (argc < 2 || NULL == copy)
    {
        fprintf(stderr, "usage: %s FILE [PASSES] [RING_MIB]\n", argv[0]);
        return 2;
    }
    memset(copy, 0, area);

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
            const unsigned caplen = header->caplen > 2048 ? 2048 : header->caplen; /* small-buffer case only */
            packets++;
            checksum += header->len + header->ts.tv_usec;
            if (0 == ring_bytes)
            {
                memcpy(copy + (packets & 31) * 2048, data, caplen);
            }
            else
            {
                /* a 40-byte record header and 8-byte alignment, as in ftp426's ring */
                if (position + 40 + header->caplen > ring_bytes)
                {
                    position = 0;
                }
                memcpy(copy + position, header, 16);
                memcpy(copy + position + 40, data, header->caplen);
                position += (40 + header->caplen + 7) & ~(size_t)7;
            }
        }
        pcap_close(p);
    }
    const double seconds = cpu_seconds() - start;
    free(copy);
    printf("packets=%ld cpu_seconds=%.3f ns_per_packet=%.1f packets_per_cpu_second=%.0f (checksum %lu)\n",
        packets, seconds, seconds * 1e9 / packets, packets / seconds, checksum & 1);
    return 0;
}
