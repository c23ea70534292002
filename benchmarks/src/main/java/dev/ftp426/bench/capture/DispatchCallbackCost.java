package dev.ftp426.bench.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.types.intptr_t;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Whether batching the native calls would pay: reads a capture file through libpcap once per packet
 * ({@code pcap_next_ex}, as the capture thread does) and in batches ({@code pcap_dispatch} with a JNR-FFI callback
 * per packet), both through this class's own minimal binding with the same call options as the project's, copying
 * each packet into a small buffer. Prints thread CPU time per packet.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.ftp426.bench.capture.DispatchCallbackCost --pcap FILE [--passes 10] [--rounds 5]
 * </pre>
 */
public final class DispatchCallbackCost
{
    /** The few libpcap functions needed here. */
    public interface Lib
    {
        @intptr_t long pcap_open_offline(String fileName, @intptr_t long errbuf);

        int pcap_next_ex(@intptr_t long p, @intptr_t long headerOut, @intptr_t long dataOut);

        int pcap_dispatch(@intptr_t long p, int count, Handler callback, @intptr_t long user);

        void pcap_close(@intptr_t long p);
    }

    /** {@code pcap_handler}. */
    public interface Handler
    {
        @Delegate
        void onPacket(@intptr_t long user, @intptr_t long header, @intptr_t long data);
    }

    private final Lib lib = LibraryLoader.create(Lib.class).failImmediately()
        .option(LibraryOption.IgnoreError, true).load("pcap");
    private final UnsafeBuffer memory = new UnsafeBuffer(BufferUtil.allocateDirectAligned(4096, 64));
    private final UnsafeBuffer header = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer packet = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer copy = new UnsafeBuffer(BufferUtil.allocateDirectAligned(65536 + 64, 64));
    private final Handler handler = this::onPacket;
    private final String file;
    private long packets;
    private long checksum;

    private DispatchCallbackCost(final String file)
    {
        this.file = file;
    }

    public static void main(final String[] args)
    {
        String file = null;
        int passes = 10;
        int rounds = 5;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--pcap" -> file = args[++i];
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (null == file)
        {
            throw new IllegalArgumentException("--pcap FILE is required");
        }
        final DispatchCallbackCost cost = new DispatchCallbackCost(file);
        cost.time("pcap_next_ex", false, passes, rounds);
        cost.time("pcap_dispatch", true, passes, rounds);
    }

    private void time(final String name, final boolean dispatch, final int passes, final int rounds)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] nanos = new double[rounds];
        for (int round = -2; round < rounds; round++)
        {
            packets = 0;
            final long start = threads.getCurrentThreadCpuTime();
            for (int pass = 0; pass < passes; pass++)
            {
                final long p = lib.pcap_open_offline(file, memory.addressOffset() + 1024);
                if (0 == p)
                {
                    throw new IllegalStateException("cannot open " + file);
                }
                if (dispatch)
                {
                    while (lib.pcap_dispatch(p, 64, handler, 0) > 0)
                    {
                        // until end of file
                    }
                }
                else
                {
                    while (1 == lib.pcap_next_ex(p, memory.addressOffset(), memory.addressOffset() + 8))
                    {
                        onPacket(0, memory.getLong(0), memory.getLong(8));
                    }
                }
                lib.pcap_close(p);
            }
            if (round >= 0)
            {
                nanos[round] = (double)(threads.getCurrentThreadCpuTime() - start) / packets;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-14s min %7.1f  median %7.1f ns/packet CPU  (%,d packets per round) [%d]%n",
            name, nanos[0], nanos[rounds / 2], packets, checksum & 1);
    }

    private void onPacket(final long user, final long headerAddress, final long dataAddress)
    {
        header.wrap(headerAddress, 24);
        final int capturedLength = Math.min(header.getInt(16), 65536);
        packet.wrap(dataAddress, capturedLength);
        copy.putBytes(0, packet, 0, capturedLength);
        checksum += header.getInt(20);
        packets++;
    }
}
