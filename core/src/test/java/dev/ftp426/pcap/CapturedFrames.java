package dev.ftp426.pcap;

import java.util.ArrayList;
import java.util.List;

/** A test handler that copies the fields of every frame it sees (tests may allocate; the reader may not). */
final class CapturedFrames implements FrameHandler
{
    record Row(long number, long timestampNanos, int capturedLength, int originalLength, int linkType,
        int interfaceId, long fileOffset, byte[] data)
    {
    }

    final List<Row> rows = new ArrayList<>();

    @Override
    public void onFrame(final Frame frame)
    {
        final byte[] data = new byte[frame.capturedLength()];
        frame.buffer().getBytes(0, data);
        rows.add(new Row(frame.frameNumber(), frame.timestampNanos(), frame.capturedLength(), frame.originalLength(),
            frame.linkType(), frame.interfaceId(), frame.fileOffset(), data));
    }

    int size()
    {
        return rows.size();
    }

    Row get(final int index)
    {
        return rows.get(index);
    }
}
