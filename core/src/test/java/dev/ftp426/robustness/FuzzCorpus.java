package dev.ftp426.robustness;

import dev.ftp426.decode.PacketBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The stored fuzz corpus under {@code core/src/test/resources/fuzz/<target>/}: generated seeds (written by
 * {@link #main}) plus inputs that once broke a parser (kept as regression cases, named {@code regress-*}).
 */
public final class FuzzCorpus
{
    public static final List<String> TARGETS =
        List.of("capture", "decoder", "defragmenter", "ftp-control", "reply-parsers", "pipeline");

    private FuzzCorpus()
    {
    }

    /** The corpus root: the test resources in the source tree when run from the module, else the classpath copy. */
    public static Path root()
    {
        final Path source = Paths.get("src/test/resources/fuzz");
        if (Files.isDirectory(source))
        {
            return source;
        }
        try
        {
            return Paths.get(FuzzCorpus.class.getResource("/fuzz").toURI());
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("fuzz corpus not found", ex);
        }
    }

    /** Every stored input of one target, sorted by name. */
    public static List<Path> inputs(final String target)
    {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(root().resolve(target)))
        {
            list.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    /** Runs one target on one input. */
    public static void run(final String target, final byte[] input)
    {
        switch (target)
        {
            case "capture" -> FuzzTargets.captureReader(input);
            case "decoder" -> FuzzTargets.decoder(input);
            case "defragmenter" -> FuzzTargets.defragmenter(input);
            case "ftp-control" -> FuzzTargets.ftpControl(input);
            case "reply-parsers" -> FuzzTargets.replyParsers(input);
            case "pipeline" -> FuzzTargets.pipeline(input);
            default -> throw new IllegalArgumentException(target);
        }
    }

    /** Writes the generated seeds into the directory given (default: the source tree's corpus). */
    public static void main(final String[] args) throws IOException
    {
        final Path root = args.length > 0 ? Paths.get(args[0]) : Paths.get("core/src/test/resources/fuzz");
        final byte[] pcap = FtpCaptures.smallCapture();
        final byte[] pcapng = PcapRecords.toPcapng(pcap);
        for (final String target : List.of("capture", "pipeline"))
        {
            write(root.resolve(target), "seed-ftp-426.pcap", pcap);
            write(root.resolve(target), "seed-ftp-426.pcapng", pcapng);
            write(root.resolve(target), "seed-ftp-426.pcap.gz", gzip(pcap));
            write(root.resolve(target), "seed-fragments.pcap", fragmentCapture());
        }

        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.write(0);
        final List<Integer> records = PcapRecords.pcapRecordOffsets(pcap);
        for (int i = 0; i < 24; i++)
        {
            final int offset = records.get(i);
            final int length = PcapRecords.getInt(pcap, offset + 8, true);
            frames.write(length >> 8);
            frames.write(length);
            frames.write(pcap, offset + 16, length);
        }
        write(root.resolve("decoder"), "seed-ethernet-ftp.bin", frames.toByteArray());
        write(root.resolve("decoder"), "seed-mixed-links.bin", mixedLinkFrames());

        write(root.resolve("defragmenter"), "seed-in-order.bin", fragmentsInput(false));
        write(root.resolve("defragmenter"), "seed-overlapping.bin", fragmentsInput(true));

        final String session = "220-hi\r\n220 ok\r\nUSER a\r\n331 pw\r\nPASS b\r\n230 in\r\nPASV\r\n" +
            "227 Entering Passive Mode (203,0,113,10,4,1).\r\nRETR x\r\n150 Opening (5 bytes)\r\n426 no\r\n" +
            "EPSV\r\n229 (|||6446|)\r\nEPRT |2|2001:db8::1|5282|\r\n200 ok\r\nPORT 198,51,100,10,7,138\r\n200 ok\r\n" +
            "211-a\r\n b\r\n211 c\r\nAUTH TLS\r\n234 go\r\n";
        write(root.resolve("ftp-control"), "seed-session-port21.bin", concat(new byte[]{(byte)0x3c}, session));
        write(root.resolve("ftp-control"), "seed-session-detected.bin", concat(new byte[]{(byte)0x95}, session));

        final String[] texts = {"Entering Passive Mode (203,0,113,10,4,1).", "=203,0,113,10,4,1",
            "Entering Extended Passive Mode (|||6446|)", "|2|2001:db8::1|5282|", "|1|203.0.113.10|21|",
            "Entering Long Passive Mode (6,16,32,1,13,184,0,0,0,0,0,0,0,0,0,0,0,1,2,4,1)",
            "Opening BINARY mode data connection for f (1048576 bytes).", " 4096"};
        for (int i = 0; i < texts.length; i++)
        {
            write(root.resolve("reply-parsers"), "seed-" + i + ".txt", texts[i].getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static byte[] fragmentCapture()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureSink sink = CaptureSink.memory(bytes))
        {
            final byte[] payload = "227 Entering Passive Mode (203,0,113,10,4,1).\r\n".repeat(4)
                .getBytes(StandardCharsets.US_ASCII);
            long ts = FtpCaptures.START_NANOS;
            for (final int[] f : new int[][]{{0, 64}, {64, 96}, {32, 64}})
            {
                sink.packet(ts += 1000, new PacketBuilder().ipv4(FtpCaptures.SERVER, FtpCaptures.CLIENT).tcp(21, 40001)
                    .seq(1).ack(1).payload(payload).fragment(f[0], f[1]).build());
            }
            sink.packet(ts + 1000, new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").tcp(21, 40001)
                .payload(payload).fragment(0, 48).build());
        }
        return bytes.toByteArray();
    }

    private static byte[] mixedLinkFrames()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        final byte[][] frames = {
            new PacketBuilder().sll().ipv6("2001:db8::1", "2001:db8::2").hopByHop(8).tcp(40000, 21).payload("PASV\r\n")
                .build(),
            new PacketBuilder().sll().tcp(21, 40000).payload("ab".repeat(40)).fragment(0, 48).build(),
            new PacketBuilder().sll().tcp(21, 40000).payload("ab".repeat(40)).fragment(48, 52).build(),
            new PacketBuilder().sll().icmpError(3, 4, 1400,
                new PacketBuilder().tcp(20, 9).payload(new byte[8]).buildIp()).build()};
        for (final byte[] frame : frames)
        {
            out.write(frame.length >> 8);
            out.write(frame.length);
            out.write(frame, 0, frame.length);
        }
        return out.toByteArray();
    }

    private static byte[] fragmentsInput(final boolean overlapping)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(3);
        out.write(64);
        final int[][] fragments = overlapping ? new int[][]{{0, 64, 1}, {4, 64, 1}, {8, 32, 0}} :
            new int[][]{{0, 64, 1}, {8, 64, 1}, {16, 20, 0}};
        for (final int[] f : fragments)
        {
            out.write(f[2] == 1 ? 2 : 0);
            out.write(1);
            out.write(f[0] >> 8);
            out.write(f[0]);
            out.write(f[1] >> 8);
            out.write(f[1]);
            out.write(1);
            out.write(0);
            for (int i = 0; i < 16; i++)
            {
                out.write('a' + i);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(final byte[] head, final String text)
    {
        final byte[] tail = text.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static byte[] gzip(final byte[] bytes) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out))
        {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static void write(final Path dir, final String name, final byte[] bytes) throws IOException
    {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }

}
