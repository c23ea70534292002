package dev.ftp426.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes classic pcap files for tests: any byte order, micro- or nanosecond timestamps, any snaplen and link type
 * field, and raw records with arbitrary (even impossible) lengths for damage tests.
 */
public final class PcapBuilder
{
    private final int linkTypeField;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private boolean nanos;
    private int snapLength = 262_144;
    private final ByteWriter records = new ByteWriter();
    private final List<Long> recordOffsets = new ArrayList<>();

    /** @param linkTypeField the header's link type field, e.g. {@link LinkType#ETHERNET}, with any FCS bits. */
    public PcapBuilder(final int linkTypeField)
    {
        this.linkTypeField = linkTypeField;
    }

    /** Byte order of the whole file; set before adding records. */
    public PcapBuilder order(final ByteOrder order)
    {
        this.order = order;
        records.order(order);
        return this;
    }

    /** Nanosecond magic (a1b23c4d) instead of microseconds; set before adding records. */
    public PcapBuilder nanos(final boolean nanos)
    {
        this.nanos = nanos;
        return this;
    }

    public PcapBuilder snapLength(final int snapLength)
    {
        this.snapLength = snapLength;
        return this;
    }

    /** Adds a record; the timestamp is truncated to the file's resolution. */
    public PcapBuilder packet(final long timestampNanos, final byte[] data)
    {
        return packet(timestampNanos, data, data.length);
    }

    public PcapBuilder packet(final long timestampNanos, final byte[] data, final int originalLength)
    {
        final long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
        final long nanosOfSecond = Math.floorMod(timestampNanos, 1_000_000_000L);
        return rawRecord(seconds, nanos ? nanosOfSecond : nanosOfSecond / 1000, data.length, originalLength, data);
    }

    /** Adds a record with header fields as given, whatever the data length. */
    public PcapBuilder rawRecord(
        final long seconds, final long fraction, final long capturedLength, final long originalLength, final byte[] data)
    {
        recordOffsets.add((long)(PcapReader.FILE_HEADER_LENGTH + records.size()));
        records.u32(seconds).u32(fraction).u32(capturedLength).u32(originalLength).bytes(data);
        return this;
    }

    /** File offsets of the records added so far. */
    public List<Long> recordOffsets()
    {
        return recordOffsets;
    }

    public byte[] toByteArray()
    {
        final ByteWriter file = new ByteWriter().order(order);
        file.u32(nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS).u16(2).u16(4).u32(0).u32(0)
            .u32(snapLength).u32(linkTypeField).bytes(records.toByteArray());
        return file.toByteArray();
    }

    public Path write(final Path path) throws IOException
    {
        return Files.write(path, toByteArray());
    }
}
