package dev.ftp426.pipeline.facts;

import java.lang.management.ManagementFactory;

import dev.ftp426.decode.DecodedPacket;
import dev.ftp426.tcp.TcpEventType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The recorder's per-packet and per-event path allocates nothing. */
class RecorderAllocationTest
{
    @Test
    void recordingAllocatesNothingPerPacket()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final Rig rig = new Rig().handshake();
        final DataFlowRecorder recorder = rig.recorder;
        final DecodedPacket p = new DecodedPacket();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[1500]);
        payload.putByte(0, (byte)23);
        payload.putByte(1, (byte)3);
        payload.putByte(2, (byte)3);
        payload.putShort(3, (short)0x0400, java.nio.ByteOrder.BIG_ENDIAN);

        feed(recorder, rig, p, payload, 0, 20_000);
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        feed(recorder, rig, p, payload, 20_000, 100_000);
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(recorder.rawPackets()).isGreaterThan(200_000);
        assertThat(allocated).as("bytes allocated for 160000 packets").isLessThan(4096);
    }

    private static void feed(
        final DataFlowRecorder recorder, final Rig rig, final DecodedPacket p, final UnsafeBuffer payload,
        final int from, final int to)
    {
        long frame = 1_000 + 3L * from;
        for (int i = from; i < to; i++)
        {
            final long ts = Rig.nanos(20 + i);
            final boolean retransmit = i % 10 == 9;
            final long seq = 1001 + 1000L * (retransmit ? i - 1 : i);
            p.reset(++frame, ts, 1054);
            p.ipv4(Rig.SERVER_IP, Rig.CLIENT_IP, 52, i, true, DecodedPacket.PROTO_TCP);
            p.tcp(Rig.SERVER_PORT, Rig.CLIENT_PORT, seq & 0xffff_ffffL, 101, Rig.ACK, 502, 0);
            p.payload(payload, 0, 1000, 1000);
            if (retransmit)
            {
                recorder.onEvent(rig.flow, TcpEventType.RETRANSMISSION, 1, frame, ts, 0, 1000);
            }
            recorder.onPacket(rig.flow, 1, p);

            p.reset(++frame, ts + 50_000, 1054);
            p.ipv4(Rig.SERVER_IP, Rig.CLIENT_IP, 51, i, true, DecodedPacket.PROTO_TCP);
            p.tcp(Rig.SERVER_PORT, Rig.CLIENT_PORT, seq & 0xffff_ffffL, 101, Rig.ACK, 502, 0);
            p.payload(payload, 0, 1000, 1000);
            recorder.onPacket(rig.flow, 1, p);

            p.reset(++frame, ts + 100_000, 54);
            p.ipv4(Rig.CLIENT_IP, Rig.SERVER_IP, 64, i, true, DecodedPacket.PROTO_TCP);
            p.tcp(Rig.CLIENT_PORT, Rig.SERVER_PORT, 101, (seq + 1000) & 0xffff_ffffL, Rig.ACK, i % 7 == 0 ? 0 : 502,
                0);
            p.payload(payload, 0, 0, 0);
            p.addSack(seq, seq + 1);
            recorder.onEvent(rig.flow, TcpEventType.DUPLICATE_ACK, 0, frame, ts, 1, 0);
            recorder.onPacket(rig.flow, 0, p);
        }
    }
}
