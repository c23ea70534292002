package dev.ftp426.decode;

import dev.ftp426.pcap.Frame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The packet path allocates nothing once the reassembly slots have their buffers. */
class DecodeAllocationTest
{
    @Test
    void decodingAllocatesNothingPerPacket()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final List<Frame> frames = new ArrayList<>();
        frames.add(new PacketBuilder().vlan(7).tcp(1, 21).mss(1460).sackPermitted().timestamps(1, 2).frame(1));
        frames.add(new PacketBuilder().ipv6("2001:db8::1", "2001:db8::2").hopByHop(8).tcp(21, 2).payload("x").frame(2));
        frames.add(new PacketBuilder().sll2().tcp(1, 2).nop().nop().sack(1, 2, 3, 4).frame(3));
        frames.add(new PacketBuilder().icmpError(3, 4, 1400, Arrays.copyOf(new PacketBuilder().tcp(20, 9)
            .payload(new byte[64]).buildIp(), 48)).frame(4));
        frames.add(new PacketBuilder().tcp(1, 2).payload(new byte[100]).fragment(0, 64).frame(5));
        frames.add(new PacketBuilder().tcp(1, 2).payload(new byte[100]).fragment(64, 100).frame(6));
        frames.add(new PacketBuilder().udp(53, 53).nflog().frame(7));
        final PacketDecoder decoder = new PacketDecoder();
        final DecodedPacket out = new DecodedPacket();
        long decoded = 0;
        for (int i = 0; i < 21_000; i++)
        {
            decoded += decoder.decode(frames.get(i % frames.size()), out) ? 1 : 0;
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 70_000; i++)
        {
            decoded += decoder.decode(frames.get(i % frames.size()), out) ? 1 : 0;
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(decoded).isEqualTo(91_000L * 6 / 7);
        assertThat(decoder.counters().datagramsReassembled()).isEqualTo(91_000 / 7);
        assertThat(allocated).as("bytes allocated for 70000 frames").isLessThan(4096);
    }
}
