/*
 * flowcount: header-only reference reader for the ftp426 performance targets.
 *
 * Maps a capture file (classic pcap in either byte order, microsecond or nanosecond stamps, or pcapng with EPB/SPB
 * blocks), walks every record, decodes Ethernet (with 802.1Q/802.1ad tags), IPv4 and IPv6 and the TCP/UDP ports,
 * and counts packets per flow in an open-addressing hash table keyed by the canonical (direction-independent)
 * 5-tuple. Payload bytes are never touched. Prints packets, bytes, flows, seconds, MB/s and packets/s.
 *
 * Build: gcc -O2 -o flowcount flowcount.c
 * Usage: flowcount FILE
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct
{
    uint8_t a[16];
    uint8_t b[16];
    uint16_t port_a;
    uint16_t port_b;
    uint8_t proto;
    uint8_t used;
    uint8_t pad[2];
    uint64_t packets;
} flow_t;

static flow_t *table;
static size_t capacity = 1 << 16;
static size_t flows;

static uint64_t packets_total, bytes_total, ip_packets, tcp_packets, udp_packets, skipped;

static inline uint16_t rd16be(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t rd32(const uint8_t *p, int swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

static inline uint64_t hash_key(const flow_t *k)
{
    uint64_t w[4];
    memcpy(w, k->a, 16);
    memcpy(w + 2, k->b, 16);
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)k->port_a << 24 | (uint64_t)k->port_b << 8 | k->proto);
    for (int i = 0; i < 4; i++)
    {
        h ^= w[i];
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
    }
    return h;
}

static void grow(void)
{
    flow_t *old = table;
    size_t old_capacity = capacity;
    capacity *= 2;
    table = calloc(capacity, sizeof(flow_t));
    if (!table)
    {
        perror("calloc");
        exit(1);
    }
    for (size_t i = 0; i < old_capacity; i++)
    {
        if (old[i].used)
        {
            size_t j = hash_key(&old[i]) & (capacity - 1);
            while (table[j].used)
            {
                j = (j + 1) & (capacity - 1);
            }
            table[j] = old[i];
        }
    }
    free(old);
}

static inline void count_flow(const uint8_t *src, const uint8_t *dst, int alen, uint16_t sport, uint16_t dport,
    uint8_t proto)
{
    flow_t key;
    memset(&key, 0, sizeof key);
    int c = memcmp(src, dst, alen);
    if (c < 0 || (c == 0 && sport <= dport))
    {
        memcpy(key.a, src, alen);
        memcpy(key.b, dst, alen);
        key.port_a = sport;
        key.port_b = dport;
    }
    else
    {
        memcpy(key.a, dst, alen);
        memcpy(key.b, src, alen);
        key.port_a = dport;
        key.port_b = sport;
    }
    key.proto = proto;
    size_t j = hash_key(&key) & (capacity - 1);
    for (;;)
    {
        flow_t *f = &table[j];
        if (!f->used)
        {
            key.used = 1;
            key.packets = 1;
            *f = key;
            if (++flows * 2 > capacity)
            {
                grow();
            }
            return;
        }
        if (f->port_a == key.port_a && f->port_b == key.port_b && f->proto == key.proto &&
            memcmp(f->a, key.a, 16) == 0 && memcmp(f->b, key.b, 16) == 0)
        {
            f->packets++;
            return;
        }
        j = (j + 1) & (capacity - 1);
    }
}

static void l4(const uint8_t *p, const uint8_t *end, const uint8_t *src, const uint8_t *dst, int alen, uint8_t proto)
{
    if (proto == 6)
    {
        if (end - p < 20)
        {
            skipped++;
            return;
        }
        tcp_packets++;
    }
    else if (proto == 17)
    {
        if (end - p < 8)
        {
            skipped++;
            return;
        }
        udp_packets++;
    }
    else
    {
        count_flow(src, dst, alen, 0, 0, proto);
        return;
    }
    count_flow(src, dst, alen, rd16be(p), rd16be(p + 2), proto);
}

static void ethernet(const uint8_t *p, uint32_t len)
{
    const uint8_t *end = p + len;
    if (len < 14)
    {
        skipped++;
        return;
    }
    uint16_t type = rd16be(p + 12);
    p += 14;
    while ((type == 0x8100 || type == 0x88a8) && end - p >= 4)
    {
        type = rd16be(p + 2);
        p += 4;
    }
    if (type == 0x0800)
    {
        if (end - p < 20 || (p[0] >> 4) != 4)
        {
            skipped++;
            return;
        }
        int ihl = (p[0] & 0x0f) * 4;
        uint16_t frag = rd16be(p + 6);
        if (ihl < 20 || end - p < ihl)
        {
            skipped++;
            return;
        }
        ip_packets++;
        if (frag & 0x1fff)
        {
            count_flow(p + 12, p + 16, 4, 0, 0, p[9]);
            return;
        }
        l4(p + ihl, end, p + 12, p + 16, 4, p[9]);
    }
    else if (type == 0x86dd)
    {
        if (end - p < 40)
        {
            skipped++;
            return;
        }
        ip_packets++;
        uint8_t next = p[6];
        const uint8_t *h = p + 40;
        /* hop-by-hop, routing, destination options: skip them */
        while ((next == 0 || next == 43 || next == 60) && end - h >= 8)
        {
            next = h[0];
            h += (h[1] + 1) * 8;
        }
        if (h > end)
        {
            skipped++;
            return;
        }
        l4(h, end, p + 8, p + 24, 16, next);
    }
    else
    {
        skipped++;
    }
}

static void frame(const uint8_t *p, uint32_t caplen, uint32_t linktype)
{
    packets_total++;
    bytes_total += caplen;
    if (linktype == 1)
    {
        ethernet(p, caplen);
    }
    else
    {
        skipped++;
    }
}

static int walk_pcap(const uint8_t *base, size_t size)
{
    uint32_t magic;
    memcpy(&magic, base, 4);
    int swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
    uint32_t linktype = rd32(base + 20, swap) & 0x0fffffff;
    size_t off = 24;
    while (off + 16 <= size)
    {
        uint32_t caplen = rd32(base + off + 8, swap);
        if (caplen > 262144 || off + 16 + caplen > size)
        {
            fprintf(stderr, "truncated or damaged record at offset %zu\n", off);
            return 1;
        }
        frame(base + off + 16, caplen, linktype);
        off += 16 + caplen;
    }
    return 0;
}

static int walk_pcapng(const uint8_t *base, size_t size)
{
    uint32_t linktypes[64];
    uint32_t interfaces = 0;
    int swap = 0;
    size_t off = 0;
    while (off + 12 <= size)
    {
        uint32_t type = rd32(base + off, swap);
        if (type == 0x0A0D0D0A)
        {
            uint32_t bom;
            memcpy(&bom, base + off + 8, 4);
            swap = bom == 0x4D3C2B1A;
            interfaces = 0;
        }
        uint32_t length = rd32(base + off + 4, swap);
        if (length < 12 || (length & 3) || off + length > size)
        {
            fprintf(stderr, "truncated or damaged block at offset %zu\n", off);
            return 1;
        }
        const uint8_t *b = base + off;
        if (type == 1 && length >= 20)
        {
            if (interfaces < 64)
            {
                linktypes[interfaces] = rd32(b + 8, swap) & 0xffff;
            }
            interfaces++;
        }
        else if (type == 6 && length >= 32)
        {
            uint32_t ifc = rd32(b + 8, swap);
            uint32_t caplen = rd32(b + 20, swap);
            if (caplen <= length - 32)
            {
                frame(b + 28, caplen, ifc < interfaces && ifc < 64 ? linktypes[ifc] : 0);
            }
        }
        else if (type == 3 && length >= 16)
        {
            uint32_t orig = rd32(b + 8, swap);
            uint32_t caplen = orig < length - 16 ? orig : length - 16;
            frame(b + 12, caplen, interfaces > 0 ? linktypes[0] : 0);
        }
        off += length;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2)
    {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0)
    {
        perror(argv[1]);
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 24)
    {
        fprintf(stderr, "%s: too small\n", argv[1]);
        return 1;
    }
    size_t size = (size_t)st.st_size;
    const uint8_t *base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (base == MAP_FAILED)
    {
        perror("mmap");
        return 1;
    }
    madvise((void *)base, size, MADV_SEQUENTIAL);
    table = calloc(capacity, sizeof(flow_t));
    uint32_t magic;
    memcpy(&magic, base, 4);
    int rc;
    if (magic == 0x0A0D0D0A)
    {
        rc = walk_pcapng(base, size);
    }
    else if (magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1)
    {
        rc = walk_pcap(base, size);
    }
    else
    {
        fprintf(stderr, "%s: not a pcap or pcapng file\n", argv[1]);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    uint64_t max_packets = 0;
    for (size_t i = 0; i < capacity; i++)
    {
        if (table[i].used && table[i].packets > max_packets)
        {
            max_packets = table[i].packets;
        }
    }
    printf("packets=%llu bytes=%llu file_bytes=%zu ip=%llu tcp=%llu udp=%llu skipped=%llu flows=%zu "
           "max_flow_packets=%llu seconds=%.3f MB/s=%.1f packets/s=%.0f\n",
        (unsigned long long)packets_total, (unsigned long long)bytes_total, size, (unsigned long long)ip_packets,
        (unsigned long long)tcp_packets, (unsigned long long)udp_packets, (unsigned long long)skipped, flows,
        (unsigned long long)max_packets, seconds, size / 1e6 / seconds, packets_total / seconds);
    munmap((void *)base, size);
    close(fd);
    return rc;
}
