package dev.ftp426.pcap;

import java.io.IOException;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * pcapng: a sequence of sections, each a Section Header Block with its own byte order, Interface Description Blocks
 * (link type, snaplen, timestamp resolution and offset per interface) and packet blocks.
 * <p>
 * Interfaces are numbered over the whole input: a later section's interfaces follow the earlier ones, so
 * {@link Frame#interfaceId()} always indexes {@link CaptureStats#interfaces()}. Every block repeats its length at its
 * end; a block whose lengths disagree is damage, and the reader scans forward byte by byte for the next block whose
 * type is known and whose two lengths agree.
 */
final class PcapngReader extends AbstractCaptureReader
{
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int NAME_RESOLUTION = 4;
    static final int INTERFACE_STATISTICS = 5;
    static final int ENHANCED_PACKET = 6;
    static final int DECRYPTION_SECRETS = 0x0A;
    static final int CUSTOM_COPIABLE = 0x00000BAD;
    static final int CUSTOM_NOT_COPIABLE = 0x40000BAD;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    /** No block is trusted beyond this length (Wireshark's largest packets fit well below it). */
    static final int MAX_BLOCK_LENGTH = 16 * 1024 * 1024;
    /** Interfaces kept over the whole input; later descriptions are skipped, so memory stays bounded. */
    static final int MAX_INTERFACES = 65_536;
    static final int MIN_BLOCK_LENGTH = 12;

    private static final int RESOLUTION_MULTIPLY = 0;
    private static final int RESOLUTION_DIVIDE = 1;
    private static final int RESOLUTION_POWER_OF_TWO = 2;

    private static final int OPT_END = 0;
    private static final int IF_NAME = 2;
    private static final int IF_TSRESOL = 9;
    private static final int IF_FCSLEN = 13;
    private static final int IF_TSOFFSET = 14;
    private static final int ISB_IFRECV = 4;
    private static final int ISB_IFDROP = 5;
    private static final int ISB_FILTERACCEPT = 6;
    private static final int ISB_OSDROP = 7;
    private static final int ISB_USRDELIV = 8;

    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private long position;
    private int section = -1;
    private int sectionFirstInterface;
    private int sectionInterfaces;
    private long lastTimestampNanos;
    private long scanEnd;

    PcapngReader(final ByteSource source, final CaptureStats stats, final long inputSize) throws IOException
    {
        super(source, stats, inputSize);
        checkFirstSection();
    }

    private void checkFirstSection() throws IOException
    {
        final int available = source.request(0, MIN_BLOCK_LENGTH);
        if (available < MIN_BLOCK_LENGTH)
        {
            throw new BadCaptureException(name, 0, "pcapng section header cut short (" + available + " bytes)");
        }
        final ByteOrder blockOrder = sectionOrder(0);
        if (null == blockOrder)
        {
            throw new BadCaptureException(name, 8, "pcapng section header without byte-order magic: found " +
                hex(source.buffer().getInt(source.index(8), ByteOrder.BIG_ENDIAN) & 0xffff_ffffL));
        }
        final int length = source.buffer().getInt(source.index(4), blockOrder);
        if (!possibleLength(SECTION_HEADER, length))
        {
            throw new BadCaptureException(name, 4, "pcapng section header with impossible length " +
                Integer.toUnsignedString(length));
        }
        final int blockAvailable = source.request(0, length);
        if (blockAvailable < length)
        {
            throw new BadCaptureException(name, 0, "pcapng section header cut short (" + blockAvailable + " of " +
                length + " bytes)");
        }
        final int trailer = source.buffer().getInt(source.index(length - 4), blockOrder);
        if (trailer != length)
        {
            throw new BadCaptureException(name, length - 4, "pcapng section header length " + length +
                " does not match its trailing length " + Integer.toUnsignedString(trailer));
        }
    }

    @Override
    boolean step(final FrameHandler handler) throws IOException
    {
        while (true)
        {
            final long blockOffset = position;
            final int headerAvailable = source.request(blockOffset, MIN_BLOCK_LENGTH);
            if (0 == headerAvailable)
            {
                return end();
            }
            if (headerAvailable < MIN_BLOCK_LENGTH)
            {
                return endInsideRecord(blockOffset, headerAvailable, "block header");
            }

            final int type = source.buffer().getInt(source.index(blockOffset), order);
            final ByteOrder blockOrder = SECTION_HEADER == type ? sectionOrder(blockOffset) : order;
            if (null == blockOrder)
            {
                if (!damaged(blockOffset, "section header with a bad byte-order magic"))
                {
                    return false;
                }
                continue;
            }

            final int length = source.buffer().getInt(source.index(blockOffset) + 4, blockOrder);
            if (!possibleLength(type, length))
            {
                if (!damaged(blockOffset, "impossible length " + Integer.toUnsignedString(length) +
                    " for block type " + hex(type & 0xffff_ffffL)))
                {
                    return false;
                }
                continue;
            }

            final int available = source.request(blockOffset, length);
            if (available < length)
            {
                final long next = findBlock(blockOffset + 1);
                if (next < 0)
                {
                    return endInsideRecord(blockOffset, available, "block");
                }
                stats.skipped(blockOffset, next - blockOffset, "block of length " + length + " at offset " +
                    blockOffset + " runs past the end of the input");
                position = next;
                continue;
            }

            final UnsafeBuffer buffer = source.buffer();
            final int index = source.index(blockOffset);
            final int trailer = buffer.getInt(index + length - 4, blockOrder);
            if (trailer != length)
            {
                if (!damaged(blockOffset, "block length " + length + " does not match its trailing length " +
                    Integer.toUnsignedString(trailer)))
                {
                    return false;
                }
                continue;
            }

            position = blockOffset + length;
            switch (type)
            {
                case SECTION_HEADER:
                    startSection(blockOrder, buffer, index, blockOffset);
                    break;

                case INTERFACE_DESCRIPTION:
                    addInterface(buffer, index, length, blockOffset);
                    break;

                case ENHANCED_PACKET:
                case PACKET:
                    if (packet(handler, type, buffer, index, length, blockOffset))
                    {
                        return true;
                    }
                    break;

                case SIMPLE_PACKET:
                    if (simplePacket(handler, buffer, index, length, blockOffset))
                    {
                        return true;
                    }
                    break;

                case INTERFACE_STATISTICS:
                    interfaceStatistics(buffer, index, length, blockOffset);
                    break;

                case NAME_RESOLUTION:
                case DECRYPTION_SECRETS:
                case CUSTOM_COPIABLE:
                case CUSTOM_NOT_COPIABLE:
                    break;

                default:
                    if (!stats.repeatWarning("unknown-block"))
                    {
                        stats.warn("unknown-block", blockOffset, "skipped block(s) of unknown type, first " +
                            hex(type & 0xffff_ffffL));
                    }
                    break;
            }
        }
    }

    /** The byte order a section header at {@code offset} declares (its first 12 bytes requested), or null. */
    private ByteOrder sectionOrder(final long offset)
    {
        final int magic = source.buffer().getInt(source.index(offset) + 8, ByteOrder.LITTLE_ENDIAN);
        if (BYTE_ORDER_MAGIC == magic)
        {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (BYTE_ORDER_MAGIC == Integer.reverseBytes(magic))
        {
            return ByteOrder.BIG_ENDIAN;
        }
        return null;
    }

    private static boolean possibleLength(final int type, final int length)
    {
        if (length < MIN_BLOCK_LENGTH || length > MAX_BLOCK_LENGTH || 0 != (length & 3))
        {
            return false;
        }
        switch (type)
        {
            case SECTION_HEADER: return length >= 28;
            case INTERFACE_DESCRIPTION: return length >= 20;
            case ENHANCED_PACKET:
            case PACKET: return length >= 32;
            case SIMPLE_PACKET: return length >= 16;
            case INTERFACE_STATISTICS: return length >= 24;
            default: return true;
        }
    }

    private static boolean knownType(final int type)
    {
        return SECTION_HEADER == type || (type >= INTERFACE_DESCRIPTION && type <= DECRYPTION_SECRETS) ||
            CUSTOM_COPIABLE == type || CUSTOM_NOT_COPIABLE == type;
    }

    /**
     * Records damage at {@code offset} and continues at the next plausible block.
     *
     * @return true to go on reading, false when nothing usable follows (reader done).
     */
    private boolean damaged(final long offset, final String reason) throws IOException
    {
        final long next = findBlock(offset + 1);
        if (next < 0)
        {
            stats.skipped(offset, scanEnd - offset, reason + " at offset " + offset + "; no later block found");
            done = true;
            return false;
        }
        stats.skipped(offset, next - offset, reason + " at offset " + offset);
        position = next;
        return true;
    }

    /**
     * Offset of the next block at or after {@code from} with a known type and agreeing lengths. Steps one byte at a
     * time: damage may have added or lost bytes, so 4-byte alignment is not trusted.
     */
    private long findBlock(final long from) throws IOException
    {
        long candidate = from;
        while (true)
        {
            final int available = source.request(candidate, MIN_BLOCK_LENGTH);
            if (available < MIN_BLOCK_LENGTH)
            {
                scanEnd = candidate + available;
                return -1;
            }
            if (plausibleBlock(candidate))
            {
                return candidate;
            }
            candidate++;
        }
    }

    private boolean plausibleBlock(final long offset) throws IOException
    {
        int index = source.index(offset);
        final int type = source.buffer().getInt(index, order);
        if (!knownType(type))
        {
            return false;
        }
        final ByteOrder blockOrder = SECTION_HEADER == type ? sectionOrder(offset) : order;
        if (null == blockOrder)
        {
            return false;
        }
        final int length = source.buffer().getInt(index + 4, blockOrder);
        if (!possibleLength(type, length) || source.request(offset, length) < length)
        {
            return false;
        }
        final UnsafeBuffer buffer = source.buffer();
        index = source.index(offset);
        if (buffer.getInt(index + length - 4, blockOrder) != length)
        {
            return false;
        }
        if (ENHANCED_PACKET == type)
        {
            final int interfaceId = buffer.getInt(index + 8, blockOrder);
            final int capturedLength = buffer.getInt(index + 20, blockOrder);
            return interfaceId >= 0 && interfaceId < sectionInterfaces && capturedLength >= 0 &&
                capturedLength <= length - 32;
        }
        return true;
    }

    private void startSection(final ByteOrder blockOrder, final UnsafeBuffer buffer, final int index, final long offset)
    {
        order = blockOrder;
        section++;
        sectionFirstInterface = stats.interfaceCount();
        sectionInterfaces = 0;
        final int major = buffer.getShort(index + 12, blockOrder) & 0xffff;
        if (1 != major)
        {
            stats.warn("section-version", offset, "pcapng section of unknown major version " + major);
        }
    }

    private void addInterface(final UnsafeBuffer buffer, final int index, final int length, final long offset)
    {
        if (section < 0)
        {
            stats.skipped(offset, length, "interface description before any section header");
            return;
        }
        if (stats.interfaceCount() >= MAX_INTERFACES)
        {
            stats.skipped(offset, length, "interface description beyond " + MAX_INTERFACES + " interfaces");
            return;
        }
        final int linkType = buffer.getShort(index + 8, order) & 0xffff;
        final int snapLength = buffer.getInt(index + 12, order);
        String interfaceName = "";
        int fcsLength = -1;
        int resolutionByte = 6;
        long offsetSeconds = 0;

        final int end = index + length - 4;
        int option = index + 16;
        while (option + 4 <= end)
        {
            final int code = buffer.getShort(option, order) & 0xffff;
            final int optionLength = buffer.getShort(option + 2, order) & 0xffff;
            final int value = option + 4;
            if (OPT_END == code)
            {
                break;
            }
            if (value + optionLength > end)
            {
                stats.warn("bad-option", option, "option runs past the end of its block");
                break;
            }
            if (IF_NAME == code)
            {
                interfaceName = buffer.getStringWithoutLengthUtf8(value, optionLength);
            }
            else if (IF_TSRESOL == code && optionLength >= 1)
            {
                resolutionByte = buffer.getByte(value) & 0xff;
            }
            else if (IF_FCSLEN == code && optionLength >= 1)
            {
                fcsLength = (buffer.getByte(value) & 0xff) / 8;
            }
            else if (IF_TSOFFSET == code && optionLength >= 8)
            {
                offsetSeconds = buffer.getLong(value, order);
            }
            option = value + ((optionLength + 3) & ~3);
        }

        int kind;
        long resolutionValue;
        String resolution;
        final int exponent = resolutionByte & 0x7f;
        if (0 == (resolutionByte & 0x80) && exponent <= 9)
        {
            kind = RESOLUTION_MULTIPLY;
            resolutionValue = pow10(9 - exponent);
            resolution = "10^-" + exponent;
        }
        else if (0 == (resolutionByte & 0x80) && exponent <= 18)
        {
            kind = RESOLUTION_DIVIDE;
            resolutionValue = pow10(exponent - 9);
            resolution = "10^-" + exponent;
        }
        else if (0 != (resolutionByte & 0x80) && exponent <= 62)
        {
            kind = RESOLUTION_POWER_OF_TWO;
            resolutionValue = exponent;
            resolution = "2^-" + exponent;
        }
        else
        {
            stats.warn("bad-tsresol", offset, "unusable if_tsresol " + hex(resolutionByte) + ", using 10^-6");
            kind = RESOLUTION_MULTIPLY;
            resolutionValue = 1000;
            resolution = "10^-6";
        }

        stats.addInterface(new CaptureStats.InterfaceStats(
            stats.interfaceCount(), section, linkType, snapLength, interfaceName, fcsLength, resolution, offsetSeconds,
            kind, resolutionValue));
        sectionInterfaces++;
    }

    private static long pow10(final int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }
        return value;
    }

    private boolean packet(
        final FrameHandler handler,
        final int type,
        final UnsafeBuffer buffer,
        final int index,
        final int length,
        final long offset)
    {
        final int interfaceId = ENHANCED_PACKET == type ?
            buffer.getInt(index + 8, order) : buffer.getShort(index + 8, order) & 0xffff;
        if (interfaceId < 0 || interfaceId >= sectionInterfaces)
        {
            stats.skipped(offset, length, "packet block for undefined interface " +
                Integer.toUnsignedString(interfaceId));
            return false;
        }
        final int capturedLength = buffer.getInt(index + 20, order);
        if (capturedLength < 0 || capturedLength > length - 32 || capturedLength > MAX_CAPTURED_LENGTH)
        {
            stats.skipped(offset, length, "captured length " + Integer.toUnsignedString(capturedLength) +
                " impossible in a packet block of length " + length);
            return false;
        }
        final int originalLength = buffer.getInt(index + 24, order);
        final long timestamp = ((buffer.getInt(index + 12, order) & 0xffff_ffffL) << 32) |
            (buffer.getInt(index + 16, order) & 0xffff_ffffL);
        final CaptureStats.InterfaceStats iface = stats.interfaceAt(sectionFirstInterface + interfaceId);
        final long timestampNanos = toNanos(iface, timestamp);
        lastTimestampNanos = timestampNanos;
        deliver(handler, buffer, index + 28, capturedLength, originalLength, timestampNanos, iface, offset);
        return true;
    }

    private boolean simplePacket(
        final FrameHandler handler,
        final UnsafeBuffer buffer,
        final int index,
        final int length,
        final long offset)
    {
        if (0 == sectionInterfaces)
        {
            stats.skipped(offset, length, "simple packet block without an interface");
            return false;
        }
        final CaptureStats.InterfaceStats iface = stats.interfaceAt(sectionFirstInterface);
        final int originalLength = buffer.getInt(index + 8, order);
        long capturedLength = Math.min(originalLength & 0xffff_ffffL, length - 16);
        if (iface.snapLength() > 0)
        {
            capturedLength = Math.min(capturedLength, iface.snapLength());
        }
        if (capturedLength > MAX_CAPTURED_LENGTH)
        {
            stats.skipped(offset, length, "simple packet block of impossible length " + length);
            return false;
        }
        stats.warn("spb-without-timestamp", offset,
            "simple packet blocks carry no timestamp: they get the previous packet's time");
        deliver(handler, buffer, index + 12, (int)capturedLength, originalLength, lastTimestampNanos, iface, offset);
        return true;
    }

    private void interfaceStatistics(final UnsafeBuffer buffer, final int index, final int length, final long offset)
    {
        final int interfaceId = buffer.getInt(index + 8, order);
        if (interfaceId < 0 || interfaceId >= sectionInterfaces)
        {
            stats.warn("isb-undefined-interface", offset, "interface statistics for an undefined interface");
            return;
        }
        final CaptureStats.InterfaceStats iface = stats.interfaceAt(sectionFirstInterface + interfaceId);
        final int end = index + length - 4;
        int option = index + 20;
        while (option + 4 <= end)
        {
            final int code = buffer.getShort(option, order) & 0xffff;
            final int optionLength = buffer.getShort(option + 2, order) & 0xffff;
            final int value = option + 4;
            if (OPT_END == code)
            {
                break;
            }
            if (value + optionLength > end)
            {
                stats.warn("bad-option", option, "option runs past the end of its block");
                break;
            }
            if (8 == optionLength)
            {
                final long counter = buffer.getLong(value, order);
                switch (code)
                {
                    case ISB_IFRECV: iface.ifRecv = counter; break;
                    case ISB_IFDROP: iface.ifDrop = counter; break;
                    case ISB_FILTERACCEPT: iface.filterAccept = counter; break;
                    case ISB_OSDROP: iface.osDrop = counter; break;
                    case ISB_USRDELIV: iface.usrDeliv = counter; break;
                    default: break;
                }
            }
            option = value + ((optionLength + 3) & ~3);
        }
    }

    /** Converts a timestamp in the interface's units to nanoseconds since the epoch, adding if_tsoffset. */
    static long toNanos(final CaptureStats.InterfaceStats iface, final long units)
    {
        final long nanos;
        switch (iface.resolutionKind)
        {
            case RESOLUTION_MULTIPLY:
                nanos = units * iface.resolutionValue;
                break;

            case RESOLUTION_DIVIDE:
                nanos = Long.divideUnsigned(units, iface.resolutionValue);
                break;

            default:
                final int shift = (int)iface.resolutionValue;
                final long seconds = units >>> shift;
                final long fraction = units & ((1L << shift) - 1);
                final long low = fraction * NANOS_PER_SECOND;
                final long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
                final long fractionNanos = 0 == shift ? low : (low >>> shift) | (high << (64 - shift));
                nanos = seconds * NANOS_PER_SECOND + fractionNanos;
                break;
        }
        return nanos + iface.timestampOffsetSeconds() * NANOS_PER_SECOND;
    }
}
