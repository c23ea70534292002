package dev.ftp426.capture.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Small pieces of off-heap memory handed to libpcap (error buffers, out-parameters, structs). The direct
 * {@link ByteBuffer} is kept reachable by this object, so the memory lives exactly as long as its owner.
 */
final class NativeMemory
{
    static final int POINTER_SIZE = 8;

    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;

    NativeMemory(final int length)
    {
        byteBuffer = BufferUtil.allocateDirectAligned(Math.max(16, (length + 15) & ~15), 16)
            .order(ByteOrder.nativeOrder());
        buffer = new UnsafeBuffer(byteBuffer);
        buffer.setMemory(0, buffer.capacity(), (byte)0);
    }

    long address()
    {
        return buffer.addressOffset();
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** The NUL-terminated string at the start of this memory (an error buffer). */
    String string()
    {
        return cString(new UnsafeBuffer(0, 0), address(), buffer.capacity());
    }

    /** Reads a NUL-terminated string that libpcap owns, or null for a NULL pointer. */
    static String cString(final UnsafeBuffer view, final long address, final int maxLength)
    {
        if (0 == address)
        {
            return null;
        }
        view.wrap(address, maxLength);
        int length = 0;
        while (length < maxLength && 0 != view.getByte(length))
        {
            length++;
        }
        final byte[] bytes = new byte[length];
        view.getBytes(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void checkPointerSize()
    {
        if (8 != jnr.ffi.Runtime.getSystemRuntime().addressSize())
        {
            throw new PcapException("libpcap: only 64-bit platforms are supported by this binding");
        }
    }
}
