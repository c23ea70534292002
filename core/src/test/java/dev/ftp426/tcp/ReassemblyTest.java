package dev.ftp426.tcp;

import dev.ftp426.decode.DecodedPacket;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.ftp426.tcp.Harness.CISN;
import static dev.ftp426.tcp.Harness.SISN;
import static dev.ftp426.tcp.TestPackets.ACK;
import static dev.ftp426.tcp.TestPackets.FIN;
import static dev.ftp426.tcp.TestPackets.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/** Reassembly behaviours the property test does not pin down: zero copy, first-wins conflicts, truncation, FIN. */
class ReassemblyTest
{
    private static final int PA = PSH | ACK;

    private static byte[] fill(final int length, final char c)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)c);
        return bytes;
    }

    private static long send(final Harness h, final double tMs, final long seq, final byte[] data)
    {
        h.tracker.onPacket(h.packets.tcp(Harness.nanos(tMs), true, seq, SISN + 1, PA, 65535, data, 0, data.length));
        return h.packets.frame;
    }

    @Test
    void inOrderBytesArePassedWithoutCopyAndReorderedOnesFromThePool()
    {
        final List<DirectBuffer> buffers = new ArrayList<>();
        final Harness h = new Harness();
        final TcpTracker tracker = new TcpTracker(new TcpConfig(), new StreamListener()
        {
            public boolean onOpen(final TcpFlow flow)
            {
                return true;
            }

            public void onData(
                final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset,
                final int length, final long frame, final long tsNanos)
            {
                buffers.add(buffer);
            }
        }, null);
        final DecodedPacket p = h.packets.tcp(Harness.nanos(0), true, CISN + 1, SISN + 1, PA, 65535, 10);
        tracker.onPacket(p);
        assertThat(buffers).hasSize(1);
        assertThat(buffers.get(0)).isSameAs(p.payload());

        tracker.onPacket(h.packets.tcp(Harness.nanos(1), true, CISN + 21, SISN + 1, PA, 65535, 10));
        assertThat(buffers).hasSize(1);
        final DecodedPacket filler = h.packets.tcp(Harness.nanos(2), true, CISN + 11, SISN + 1, PA, 65535, 10);
        tracker.onPacket(filler);
        assertThat(buffers).hasSize(3);
        assertThat(buffers.get(1)).isSameAs(filler.payload());
        assertThat(buffers.get(2)).isNotSameAs(filler.payload());
    }

    @Test
    void overlapsAreFirstWinsAndConflictsReported()
    {
        final Harness h = new Harness().handshake();
        send(h, 10, CISN + 201, fill(100, 'B'));
        send(h, 11, CISN + 151, fill(100, 'C'));
        final long late = send(h, 12, CISN + 1, fill(300, 'A'));
        final byte[] expected = new byte[300];
        Arrays.fill(expected, 0, 150, (byte)'A');
        Arrays.fill(expected, 150, 200, (byte)'C');
        Arrays.fill(expected, 200, 300, (byte)'B');
        assertThat(new String(h.recorder.dataOf(0))).isEqualTo(new String(expected));

        final List<Recorder.Event> conflicts = h.recorder.events(TcpEventType.OVERLAP_CONFLICT);
        assertThat(conflicts).hasSize(2);
        assertThat(conflicts.get(0).frame).isEqualTo(late - 1);
        assertThat(conflicts.get(0).a).as("relative offset").isEqualTo(201);
        assertThat(conflicts.get(0).b).isEqualTo(50);
        assertThat(conflicts.get(1).frame).isEqualTo(late);
        assertThat(h.tracker.overlapConflicts()).isEqualTo(2);
    }

    @Test
    void identicalOverlapsAreNotConflicts()
    {
        final Harness h = new Harness().handshake();
        send(h, 10, CISN + 101, fill(100, 'A'));
        send(h, 11, CISN + 51, fill(100, 'A'));
        send(h, 12, CISN + 1, fill(200, 'A'));
        assertThat(h.recorder.dataOf(0)).hasSize(200);
        assertThat(h.recorder.events(TcpEventType.OVERLAP_CONFLICT)).isEmpty();
    }

    @Test
    void snaplenTruncationIsAGapOfItsOwnKind()
    {
        final Harness h = new Harness().handshake();
        final DecodedPacket p = h.packets.tcp(Harness.nanos(10), true, CISN + 1, SISN + 1, PA, 65535, 100);
        p.payload(p.payload(), 0, 40, 100);
        p.truncated(true);
        h.tracker.onPacket(p);
        send(h, 11, CISN + 101, fill(10, 'x'));
        assertThat(h.recorder.dataOf(0)).hasSize(50);
        assertThat(h.recorder.gapBytes(0)).isEqualTo(60);
        assertThat(h.recorder.events(TcpEventType.STREAM_GAP).get(0).b).isEqualTo(TcpEventType.GAP_TRUNCATED);
        assertThat(h.flow().initiator().missedBytes()).as("truncation is not capture loss").isZero();
    }

    @Test
    void finWaitsForTheBytesBeforeItAndEndOfCaptureClosesHoles()
    {
        final Harness h = new Harness().handshake();
        send(h, 10, CISN + 1, fill(10, 'a'));
        h.tracker.onPacket(h.packets.tcp(Harness.nanos(11), true, CISN + 21, SISN + 1, FIN | ACK, 65535,
            fill(10, 'c'), 0, 10));
        assertThat(h.recorder.lifecycle).noneMatch(s -> s.startsWith("fin "));
        h.tracker.closeAll();
        assertThat(h.recorder.gapBytes(0)).isEqualTo(10);
        assertThat(new String(h.recorder.dataOf(0))).isEqualTo("aaaaaaaaaacccccccccc");
        assertThat(h.recorder.lifecycle).anyMatch(s -> s.startsWith("fin "));
        assertThat(h.recorder.lifecycle.get(h.recorder.lifecycle.size() - 1)).endsWith("end_of_capture");
        assertThat(h.recorder.events(TcpEventType.STREAM_GAP).get(0).b).isEqualTo(TcpEventType.GAP_FLOW_END);
    }

    @Test
    void midStreamFlowStartsAtTheFirstByteSeen()
    {
        final Harness h = new Harness();
        send(h, 0, 5_000_000, fill(10, 'm'));
        h.tracker.onPacket(h.packets.tcp(Harness.nanos(1), false, 9, 5_000_010, PA, 65535, fill(5, 'r'), 0, 5));
        h.tracker.closeAll();
        assertThat(new String(h.recorder.dataOf(0))).isEqualTo("mmmmmmmmmm");
        assertThat(new String(h.recorder.dataOf(1))).isEqualTo("rrrrr");
        assertThat(h.flow().connState()).isEqualTo("OTH");
    }
}
