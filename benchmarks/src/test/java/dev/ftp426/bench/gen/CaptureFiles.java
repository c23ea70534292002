package dev.ftp426.bench.gen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A minimal independent reader of the two little-endian formats the generator writes, for tests. */
final class CaptureFiles
{
    /** One record: capture time in nanoseconds since the epoch and the frame bytes. */
    static final class Record
    {
        final long timeNs;
        final byte[] frame;

        Record(final long timeNs, final byte[] frame)
        {
            this.timeNs = timeNs;
            this.frame = frame;
        }
    }

    private CaptureFiles()
    {
    }

    static List<Record> read(final Path path) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        final List<Record> records = new ArrayList<>();
        final int magic = b.getInt(0);
        if (magic == 0xa1b2c3d4)
        {
            if (b.getInt(20) != 1)
            {
                throw new IllegalStateException("link type " + b.getInt(20));
            }
            int p = 24;
            while (p < b.limit())
            {
                final long sec = b.getInt(p) & 0xffffffffL;
                final long usec = b.getInt(p + 4) & 0xffffffffL;
                final int incl = b.getInt(p + 8);
                final int orig = b.getInt(p + 12);
                if (incl != orig || usec >= 1_000_000)
                {
                    throw new IllegalStateException("bad record at " + p);
                }
                final byte[] frame = new byte[incl];
                b.get(p + 16, frame);
                records.add(new Record(sec * 1_000_000_000L + usec * 1000, frame));
                p += 16 + incl;
            }
            return records;
        }
        if (magic != 0x0A0D0D0A)
        {
            throw new IllegalStateException("not a capture: " + Integer.toHexString(magic));
        }
        int p = 0;
        while (p < b.limit())
        {
            final int type = b.getInt(p);
            final int length = b.getInt(p + 4);
            if (length < 12 || (length & 3) != 0 || b.getInt(p + length - 4) != length)
            {
                throw new IllegalStateException("bad block at " + p);
            }
            if (type == 1 && b.getShort(p + 8) != 1)
            {
                throw new IllegalStateException("link type " + b.getShort(p + 8));
            }
            if (type == 6)
            {
                final long ts = ((b.getInt(p + 12) & 0xffffffffL) << 32) | (b.getInt(p + 16) & 0xffffffffL);
                final int cap = b.getInt(p + 20);
                final byte[] frame = new byte[cap];
                b.get(p + 28, frame);
                records.add(new Record(ts, frame));
            }
            p += length;
        }
        return records;
    }
}
