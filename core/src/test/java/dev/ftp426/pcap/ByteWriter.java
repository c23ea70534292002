package dev.ftp426.pcap;

import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable byte array written in a chosen byte order; the common part of the capture builders. */
final class ByteWriter
{
    private byte[] bytes = new byte[256];
    private int size;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    ByteWriter order(final ByteOrder order)
    {
        this.order = order;
        return this;
    }

    ByteOrder order()
    {
        return order;
    }

    int size()
    {
        return size;
    }

    ByteWriter u8(final int value)
    {
        ensure(1);
        bytes[size++] = (byte)value;
        return this;
    }

    ByteWriter u16(final int value)
    {
        if (ByteOrder.BIG_ENDIAN == order)
        {
            return u8(value >>> 8).u8(value);
        }
        return u8(value).u8(value >>> 8);
    }

    ByteWriter u32(final long value)
    {
        if (ByteOrder.BIG_ENDIAN == order)
        {
            return u16((int)(value >>> 16)).u16((int)value);
        }
        return u16((int)value).u16((int)(value >>> 16));
    }

    ByteWriter u64(final long value)
    {
        if (ByteOrder.BIG_ENDIAN == order)
        {
            return u32(value >>> 32).u32(value);
        }
        return u32(value).u32(value >>> 32);
    }

    ByteWriter bytes(final byte[] data)
    {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
        return this;
    }

    ByteWriter pad4()
    {
        while (0 != (size & 3))
        {
            u8(0);
        }
        return this;
    }

    /** Overwrites a 32-bit value at an earlier offset. */
    ByteWriter putU32(final int offset, final long value)
    {
        final int saved = size;
        size = offset;
        u32(value);
        size = saved;
        return this;
    }

    byte[] toByteArray()
    {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(final int more)
    {
        if (size + more > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
