package dev.ftp426.decode;

import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.FrameHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support only: a minimal classic-pcap and pcapng record iterator so decoder tests can run over real captures
 * without depending on the production readers. Reads the whole file into memory; no error recovery.
 */
final class TestCaptureFile
{
    private TestCaptureFile()
    {
    }

    static void forEach(final Path file, final FrameHandler handler) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int magic = buffer.getInt(0, ByteOrder.BIG_ENDIAN);
        if (magic == 0x0a0d0d0a)
        {
            pcapng(buffer, bytes.length, handler);
        }
        else
        {
            classic(buffer, bytes.length, magic, handler);
        }
    }

    private static void classic(
        final UnsafeBuffer buffer, final int length, final int magic, final FrameHandler handler)
    {
        final ByteOrder order;
        final boolean nanos;
        switch (magic)
        {
            case 0xa1b2c3d4: order = ByteOrder.BIG_ENDIAN; nanos = false; break;
            case 0xd4c3b2a1: order = ByteOrder.LITTLE_ENDIAN; nanos = false; break;
            case 0xa1b23c4d: order = ByteOrder.BIG_ENDIAN; nanos = true; break;
            case 0x4d3cb2a1: order = ByteOrder.LITTLE_ENDIAN; nanos = true; break;
            default: throw new IllegalArgumentException("not a capture file: magic " + Integer.toHexString(magic));
        }
        final int linkType = buffer.getInt(20, order) & 0x0fff_ffff;
        final Frame frame = new Frame();
        int offset = 24;
        long number = 0;
        while (offset + 16 <= length)
        {
            final long seconds = buffer.getInt(offset, order) & 0xffff_ffffL;
            final long fraction = buffer.getInt(offset + 4, order) & 0xffff_ffffL;
            final int captured = buffer.getInt(offset + 8, order);
            final int original = buffer.getInt(offset + 12, order);
            if (offset + 16 + captured > length)
            {
                break;
            }
            frame.wrap(buffer, offset + 16, captured, original, seconds * 1_000_000_000L +
                (nanos ? fraction : fraction * 1000), linkType, 0, ++number, offset);
            handler.onFrame(frame);
            offset += 16 + captured;
        }
    }

    private static void pcapng(final UnsafeBuffer buffer, final int length, final FrameHandler handler)
    {
        final Frame frame = new Frame();
        final List<Integer> linkTypes = new ArrayList<>();
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        int offset = 0;
        long number = 0;
        while (offset + 12 <= length)
        {
            if (buffer.getInt(offset, ByteOrder.BIG_ENDIAN) == 0x0a0d0d0a)
            {
                order = buffer.getInt(offset + 8, ByteOrder.BIG_ENDIAN) == 0x1a2b3c4d ?
                    ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                linkTypes.clear();
            }
            final int type = buffer.getInt(offset, order);
            final int blockLength = buffer.getInt(offset + 4, order);
            if (blockLength < 12 || offset + blockLength > length)
            {
                break;
            }
            if (type == 1)
            {
                linkTypes.add(buffer.getShort(offset + 8, order) & 0xffff);
            }
            else if (type == 6)
            {
                final int interfaceId = buffer.getInt(offset + 8, order);
                final long timestamp = ((buffer.getInt(offset + 12, order) & 0xffff_ffffL) << 32) |
                    (buffer.getInt(offset + 16, order) & 0xffff_ffffL);
                final int captured = buffer.getInt(offset + 20, order);
                final int original = buffer.getInt(offset + 24, order);
                frame.wrap(buffer, offset + 28, captured, original, timestamp * 1000, linkTypes.get(interfaceId),
                    interfaceId, ++number, offset);
                handler.onFrame(frame);
            }
            else if (type == 3)
            {
                final int original = buffer.getInt(offset + 8, order);
                final int captured = Math.min(original, blockLength - 16);
                frame.wrap(buffer, offset + 12, captured, original, 0, linkTypes.get(0), 0, ++number, offset);
                handler.onFrame(frame);
            }
            offset += blockLength;
        }
    }
}
