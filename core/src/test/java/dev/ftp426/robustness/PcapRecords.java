package dev.ftp426.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the length fields are in a capture file, found by walking its structure (little- or big-endian pcap, or
 * pcapng blocks), so a mutator can aim at them; and pcap to pcapng conversion for the seed corpus.
 */
public final class PcapRecords
{
    private PcapRecords()
    {
    }

    /** Offsets of 32-bit length fields: pcap incl_len/orig_len, pcapng block total lengths and EPB captured lengths. */
    public static List<Integer> lengthFields(final byte[] file)
    {
        final List<Integer> fields = new ArrayList<>();
        if (file.length < 24)
        {
            return fields;
        }
        final int magic = getInt(file, 0, true);
        if (magic == 0x0a0d0d0a)
        {
            final boolean little = getInt(file, 8, true) == 0x1a2b3c4d;
            int offset = 0;
            while (offset + 12 <= file.length)
            {
                final int type = getInt(file, offset, little);
                final int length = getInt(file, offset + 4, little);
                fields.add(offset + 4);
                if (type == 6 && offset + 24 <= file.length)
                {
                    fields.add(offset + 20);
                    fields.add(offset + 24);
                }
                if (length < 12 || offset + (long)length > file.length)
                {
                    break;
                }
                fields.add(offset + length - 4);
                offset += length;
            }
            return fields;
        }
        final boolean little = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
        final boolean big = Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d;
        if (!little && !big)
        {
            return fields;
        }
        fields.add(16);
        int offset = 24;
        while (offset + 16 <= file.length)
        {
            fields.add(offset + 8);
            fields.add(offset + 12);
            final long captured = getInt(file, offset + 8, little) & 0xffff_ffffL;
            offset += 16 + (int)Math.min(captured, Integer.MAX_VALUE - 16);
            if (captured > file.length)
            {
                break;
            }
        }
        return fields;
    }

    /** Record boundaries (offsets of record headers) of a classic pcap. */
    public static List<Integer> pcapRecordOffsets(final byte[] file)
    {
        final List<Integer> offsets = new ArrayList<>();
        final boolean little = getInt(file, 0, true) == 0xa1b2c3d4 || getInt(file, 0, true) == 0xa1b23c4d;
        int offset = 24;
        while (offset + 16 <= file.length)
        {
            offsets.add(offset);
            offset += 16 + getInt(file, offset + 8, little);
        }
        return offsets;
    }

    /** The records of a little-endian nanosecond pcap as one pcapng section (one interface, nanosecond times). */
    public static byte[] toPcapng(final byte[] pcap)
    {
        final dev.ftp426.pcap.PcapngBuilder ng = new dev.ftp426.pcap.PcapngBuilder()
            .section(java.nio.ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(getInt(pcap, 20, true), 262_144, 9, null, "eth0");
        for (final int offset : pcapRecordOffsets(pcap))
        {
            final long ts = (getInt(pcap, offset, true) & 0xffff_ffffL) * 1_000_000_000L +
                (getInt(pcap, offset + 4, true) & 0xffff_ffffL);
            final int length = getInt(pcap, offset + 8, true);
            final byte[] data = new byte[length];
            System.arraycopy(pcap, offset + 16, data, 0, length);
            ng.enhancedPacket(0, ts, data, getInt(pcap, offset + 12, true));
        }
        ng.statistics(0, 0, 100, 0, 100, 0, 100);
        return ng.toByteArray();
    }

    static int getInt(final byte[] b, final int i, final boolean little)
    {
        final int v = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
        return little ? v : Integer.reverseBytes(v);
    }

    static void putInt(final byte[] b, final int i, final int value, final boolean little)
    {
        final int v = little ? value : Integer.reverseBytes(value);
        b[i] = (byte)v;
        b[i + 1] = (byte)(v >>> 8);
        b[i + 2] = (byte)(v >>> 16);
        b[i + 3] = (byte)(v >>> 24);
    }
}
