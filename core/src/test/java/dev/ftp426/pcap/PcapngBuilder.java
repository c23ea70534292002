package dev.ftp426.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes pcapng files for tests, block by block: sections in either byte order, interfaces with link type, snaplen,
 * if_tsresol, if_tsoffset and if_name, enhanced, simple and obsolete packet blocks, statistics and arbitrary blocks.
 * Starts empty: call {@link #section(ByteOrder)} first.
 */
public final class PcapngBuilder
{
    /** if_tsresol byte for microseconds (the default when the option is absent). */
    public static final int TSRESOL_MICROS = 6;
    public static final int TSRESOL_MILLIS = 3;
    public static final int TSRESOL_NANOS = 9;

    private final ByteWriter out = new ByteWriter();
    private final List<Long> blockOffsets = new ArrayList<>();

    /** if_tsresol byte for 2^-exponent units. */
    public static int tsresolPowerOfTwo(final int exponent)
    {
        return 0x80 | exponent;
    }

    /** Starts a section (Section Header Block) written in the given byte order. */
    public PcapngBuilder section(final ByteOrder order)
    {
        out.order(order);
        final ByteWriter body = new ByteWriter().order(order);
        body.u32(PcapngReader.BYTE_ORDER_MAGIC).u16(1).u16(0).u64(-1L);
        return block(PcapngReader.SECTION_HEADER, body.toByteArray());
    }

    public PcapngBuilder interfaceBlock(final int linkType, final int snapLength)
    {
        return interfaceBlock(linkType, snapLength, -1, null, null);
    }

    /**
     * @param tsresol  if_tsresol byte, or -1 to leave the option out (microseconds).
     * @param tsoffset if_tsoffset seconds, or null to leave it out.
     * @param name     if_name, or null.
     */
    public PcapngBuilder interfaceBlock(
        final int linkType, final int snapLength, final int tsresol, final Long tsoffset, final String name)
    {
        final ByteWriter body = new ByteWriter().order(out.order());
        body.u16(linkType).u16(0).u32(snapLength);
        if (null != name)
        {
            final byte[] text = name.getBytes(StandardCharsets.UTF_8);
            body.u16(2).u16(text.length).bytes(text).pad4();
        }
        if (tsresol >= 0)
        {
            body.u16(9).u16(1).u8(tsresol).pad4();
        }
        if (null != tsoffset)
        {
            body.u16(14).u16(8).u64(tsoffset);
        }
        body.u16(0).u16(0);
        return block(PcapngReader.INTERFACE_DESCRIPTION, body.toByteArray());
    }

    /** Enhanced Packet Block; {@code timestamp} is in the interface's units. */
    public PcapngBuilder enhancedPacket(
        final int interfaceId, final long timestamp, final byte[] data, final int originalLength)
    {
        final ByteWriter body = new ByteWriter().order(out.order());
        body.u32(interfaceId).u32(timestamp >>> 32).u32(timestamp).u32(data.length).u32(originalLength)
            .bytes(data).pad4();
        return block(PcapngReader.ENHANCED_PACKET, body.toByteArray());
    }

    /** The obsolete Packet Block (type 2). */
    public PcapngBuilder packetBlock(
        final int interfaceId, final long timestamp, final byte[] data, final int originalLength)
    {
        final ByteWriter body = new ByteWriter().order(out.order());
        body.u16(interfaceId).u16(0).u32(timestamp >>> 32).u32(timestamp).u32(data.length).u32(originalLength)
            .bytes(data).pad4();
        return block(PcapngReader.PACKET, body.toByteArray());
    }

    /** Simple Packet Block: no interface id, no timestamp, no captured length. */
    public PcapngBuilder simplePacket(final byte[] data, final int originalLength)
    {
        final ByteWriter body = new ByteWriter().order(out.order());
        body.u32(originalLength).bytes(data).pad4();
        return block(PcapngReader.SIMPLE_PACKET, body.toByteArray());
    }

    /** Interface Statistics Block; a negative counter is left out. */
    public PcapngBuilder statistics(
        final int interfaceId,
        final long timestamp,
        final long ifRecv,
        final long ifDrop,
        final long filterAccept,
        final long osDrop,
        final long usrDeliv)
    {
        final ByteWriter body = new ByteWriter().order(out.order());
        body.u32(interfaceId).u32(timestamp >>> 32).u32(timestamp);
        final long[] values = {ifRecv, ifDrop, filterAccept, osDrop, usrDeliv};
        for (int i = 0; i < values.length; i++)
        {
            if (values[i] >= 0)
            {
                body.u16(4 + i).u16(8).u64(values[i]);
            }
        }
        body.u16(0).u16(0);
        return block(PcapngReader.INTERFACE_STATISTICS, body.toByteArray());
    }

    /** Any block: type, then the body padded to 4 bytes, framed by the two lengths. */
    public PcapngBuilder block(final int type, final byte[] body)
    {
        blockOffsets.add((long)out.size());
        final int length = 12 + ((body.length + 3) & ~3);
        out.u32(type).u32(length).bytes(body).pad4().u32(length);
        return this;
    }

    /** File offsets of the blocks written so far. */
    public List<Long> blockOffsets()
    {
        return blockOffsets;
    }

    public byte[] toByteArray()
    {
        return out.toByteArray();
    }

    public Path write(final Path path) throws IOException
    {
        return Files.write(path, toByteArray());
    }
}
