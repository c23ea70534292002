package dev.ftp426.bench.gen;

import java.nio.file.Path;
import java.util.Locale;

/** Command-line options of {@link CaptureGenerator}: plain {@code --key value} pairs, parsed by hand. */
final class GeneratorOptions
{
    static final String HELP = String.join(System.lineSeparator(),
        "Usage: CaptureGenerator --out FILE [options]",
        "Writes a deterministic synthetic capture (bulk TCP flows with FTP sessions mixed in) and, beside it,",
        "FILE.truth.jsonl with one JSON object per FTP transfer (endpoints, command, mode, final reply code and frame,",
        "expected party and cause).",
        "",
        "  --out FILE              output capture (required)",
        "  --format pcap|pcapng    classic pcap with microsecond stamps, or pcapng (one IDB, if_tsresol 9) [pcap]",
        "  --seed N                random seed; the same seed and options give a byte-identical file [1]",
        "  --size BYTES            target capture size, with k/m/g suffixes (e.g. 512m, 2g) [64m unless --packets]",
        "  --packets N             target number of frames instead of --size",
        "  --concurrent-flows N    bulk TCP flows open at any time, 1..1000000 [1000]",
        "  --total-flows N         stop starting new bulk flows after N (default: unlimited until the target)",
        "  --flow-bytes BYTES      mean bulk-flow transfer size [256k, or size/total-flows when both are given]",
        "  --ftp-sessions N        FTP sessions, spread over the capture [50]",
        "  --transfers-per-session N",
        "                          each session makes 1..N transfers (the first may be a LIST); only the last",
        "                          one can fail [3]",
        "  --ftp-file-bytes BYTES  mean FTP file size [512k]",
        "  --fail-fraction F       fraction of FTP sessions whose last transfer fails; failures cycle through",
        "                          client_early_close, client_abort, network_forged_reset, network_loss_timeout,",
        "                          client_receive_stall, server_abort [0.5]",
        "  --reorder F             per data segment of bulk flows: probability of swapping it with the next [0]",
        "  --retransmit F          per data segment of bulk flows: probability of a spurious resend [0]",
        "  --loss F                per data segment of bulk flows: probability it is lost before the capture point",
        "                          (receiver dup-ACKs, sender retransmits) [0]",
        "  --vlan F                fraction of flows with an 802.1Q tag [0.1]",
        "  --ipv6 F                fraction of flows over IPv6 [0.2]",
        "  --rate-mbps N           aggregate rate the timestamps imply [1000]",
        "  --help                  this text",
        "",
        "TCP checksums and IPv4 header checksums are correct. When the target is reached, bulk flows stop and the",
        "FTP sessions still open run to their final reply, so the file can end above the target (by up to the FTP",
        "bytes: sessions x transfers x file size).");

    Path out;
    CaptureSink.Format format = CaptureSink.Format.PCAP;
    long seed = 1;
    long sizeBytes = -1;
    long packets = -1;
    int concurrentFlows = 1000;
    long totalFlows = -1;
    long flowBytes = -1;
    int ftpSessions = 50;
    long ftpFileBytes = 512 * 1024;
    int maxTransfersPerSession = 3;
    double failFraction = 0.5;
    double reorder;
    double retransmit;
    double loss;
    double vlan = 0.1;
    double ipv6 = 0.2;
    long rateMbps = 1000;
    boolean help;

    static GeneratorOptions parse(final String... args)
    {
        final GeneratorOptions o = new GeneratorOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String key = args[i];
            if ("--help".equals(key) || "-h".equals(key))
            {
                o.help = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value for " + key);
            }
            final String v = args[++i];
            switch (key)
            {
                case "--out": o.out = Path.of(v); break;
                case "--format": o.format = parseFormat(v); break;
                case "--seed": o.seed = Long.parseLong(v); break;
                case "--size": o.sizeBytes = parseBytes(v); break;
                case "--packets": o.packets = parseBytes(v); break;
                case "--concurrent-flows": o.concurrentFlows = (int)range(key, parseBytes(v), 1, 1_000_000); break;
                case "--total-flows": o.totalFlows = range(key, parseBytes(v), 0, Long.MAX_VALUE); break;
                case "--flow-bytes": o.flowBytes = range(key, parseBytes(v), 1, 1L << 30); break;
                case "--ftp-sessions": o.ftpSessions = (int)range(key, parseBytes(v), 0, 10_000_000); break;
                case "--transfers-per-session":
                    o.maxTransfersPerSession = (int)range(key, parseBytes(v), 1, 1000);
                    break;
                case "--ftp-file-bytes": o.ftpFileBytes = range(key, parseBytes(v), 1, 1L << 30); break;
                case "--fail-fraction": o.failFraction = fraction(key, v); break;
                case "--reorder": o.reorder = fraction(key, v); break;
                case "--retransmit": o.retransmit = fraction(key, v); break;
                case "--loss": o.loss = fraction(key, v); break;
                case "--vlan": o.vlan = fraction(key, v); break;
                case "--ipv6": o.ipv6 = fraction(key, v); break;
                case "--rate-mbps": o.rateMbps = range(key, parseBytes(v), 1, 1_000_000); break;
                default: throw new IllegalArgumentException("unknown option " + key);
            }
        }
        if (!o.help && o.out == null)
        {
            throw new IllegalArgumentException("--out is required");
        }
        if (o.sizeBytes < 0 && o.packets < 0 && o.totalFlows < 0)
        {
            o.sizeBytes = 64L << 20;
        }
        if (o.flowBytes < 0)
        {
            o.flowBytes = o.sizeBytes > 0 && o.totalFlows > 0 ?
                Math.max(1, o.sizeBytes / o.totalFlows - 700) : 256 * 1024;
        }
        return o;
    }

    private static CaptureSink.Format parseFormat(final String v)
    {
        switch (v.toLowerCase(Locale.ROOT))
        {
            case "pcap": return CaptureSink.Format.PCAP;
            case "pcapng": return CaptureSink.Format.PCAPNG;
            default: throw new IllegalArgumentException("--format must be pcap or pcapng: " + v);
        }
    }

    /** Parses a count with an optional k/m/g suffix (binary multiples). */
    static long parseBytes(final String v)
    {
        final String s = v.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = s;
        if (s.endsWith("k") || s.endsWith("m") || s.endsWith("g"))
        {
            final char unit = s.charAt(s.length() - 1);
            multiplier = unit == 'k' ? 1L << 10 : unit == 'm' ? 1L << 20 : 1L << 30;
            digits = s.substring(0, s.length() - 1);
        }
        if (digits.contains("."))
        {
            return (long)(Double.parseDouble(digits) * multiplier);
        }
        return Math.multiplyExact(Long.parseLong(digits), multiplier);
    }

    private static long range(final String key, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    private static double fraction(final String key, final String v)
    {
        final double d = Double.parseDouble(v);
        if (!(d >= 0 && d <= 1))
        {
            throw new IllegalArgumentException(key + " must be in [0, 1]: " + v);
        }
        return d;
    }
}
