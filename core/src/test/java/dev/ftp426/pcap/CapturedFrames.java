package dev.ftp426.pcap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A test handler that copies the fields of every frame it sees (tests may allocate; the reader may not). */
final class CapturedFrames implements FrameHandler
{
    /** One frame's fields and a copy of its bytes; equal when all fields and bytes are. */
    record Row(long number, long timestampNanos, int capturedLength, int originalLength, int linkType,
        int interfaceId, long fileOffset, byte[] data)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Row row && number == row.number && timestampNanos == row.timestampNanos &&
                capturedLength == row.capturedLength && originalLength == row.originalLength &&
                linkType == row.linkType && interfaceId == row.interfaceId && fileOffset == row.fileOffset &&
                Arrays.equals(data, row.data);
        }

        @Override
        public int hashCode()
        {
            return Long.hashCode(number) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString()
        {
            return "frame " + number + " t=" + timestampNanos + " caplen=" + capturedLength + " len=" +
                originalLength + " linktype=" + linkType + " if=" + interfaceId + " @" + fileOffset;
        }
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
