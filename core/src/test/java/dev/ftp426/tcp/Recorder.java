package dev.ftp426.tcp;

import org.agrona.DirectBuffer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Records everything a tracker reports, for assertions. */
final class Recorder implements StreamListener, TcpEventListener
{
    /** One delivered piece: data (gap == -1) or a gap of {@code gap} bytes. */
    static final class Piece
    {
        final byte[] data;
        final long gap;

        Piece(final byte[] data, final long gap)
        {
            this.data = data;
            this.gap = gap;
        }
    }

    static final class Event
    {
        final long flowId;
        final int type;
        final int dir;
        final long frame;
        final long a;
        final long b;

        Event(final long flowId, final int type, final int dir, final long frame, final long a, final long b)
        {
            this.flowId = flowId;
            this.type = type;
            this.dir = dir;
            this.frame = frame;
            this.a = a;
            this.b = b;
        }

        public String toString()
        {
            return TcpEventType.name(type) + "(dir=" + dir + ", frame=" + frame + ", a=" + a + ", b=" + b + ")";
        }
    }

    final List<List<Piece>> pieces = List.of(new ArrayList<>(), new ArrayList<>());
    final List<Event> events = new ArrayList<>();
    final List<String> lifecycle = new ArrayList<>();
    final List<TcpFlow> opened = new ArrayList<>();
    boolean deliver = true;
    int closes;

    public boolean onOpen(final TcpFlow flow)
    {
        opened.add(flow);
        lifecycle.add("open " + flow.id());
        return deliver;
    }

    public void onData(
        final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset, final int length,
        final long frame, final long tsNanos)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        pieces.get(direction).add(new Piece(bytes, -1));
    }

    public void onGap(final TcpFlow flow, final int direction, final long bytes, final long frame, final long tsNanos)
    {
        pieces.get(direction).add(new Piece(null, bytes));
    }

    public void onFin(final TcpFlow flow, final int direction, final long frame, final long tsNanos)
    {
        lifecycle.add("fin " + flow.id() + " dir=" + direction + " frame=" + frame);
    }

    public void onRst(final TcpFlow flow, final int direction, final long frame, final long tsNanos)
    {
        lifecycle.add("rst " + flow.id() + " dir=" + direction + " frame=" + frame);
    }

    public void onClose(final TcpFlow flow, final int reason)
    {
        closes++;
        lifecycle.add("close " + flow.id() + " " + CloseReason.name(reason));
    }

    public void onEvent(
        final TcpFlow flow, final int type, final int direction, final long frame, final long tsNanos, final long a,
        final long b)
    {
        events.add(new Event(flow.id(), type, direction, frame, a, b));
    }

    byte[] dataOf(final int dir)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final Piece piece : pieces.get(dir))
        {
            if (null != piece.data)
            {
                out.writeBytes(piece.data);
            }
        }
        return out.toByteArray();
    }

    long gapBytes(final int dir)
    {
        long total = 0;
        for (final Piece piece : pieces.get(dir))
        {
            total += Math.max(0, piece.gap);
        }
        return total;
    }

    List<Event> events(final int type)
    {
        final List<Event> out = new ArrayList<>();
        for (final Event e : events)
        {
            if (e.type == type)
            {
                out.add(e);
            }
        }
        return out;
    }

    List<Long> framesOf(final int type)
    {
        final List<Long> out = new ArrayList<>();
        for (final Event e : events(type))
        {
            out.add(e.frame);
        }
        return out;
    }
}
