package dev.ftp426.bench.gen;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes one Ethernet II (optionally 802.1Q-tagged) IPv4 or IPv6 TCP frame straight into the sink's buffer, with a
 * correct IPv4 header checksum and a correct TCP checksum. Per-packet fields are set on this object before
 * {@link #emit}; the one-shot overrides (TTL, IP ID, urgent pointer, text payload) reset after each frame.
 */
final class PacketBuilder
{
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    static final int OPT_NONE = 0;
    static final int OPT_TS = 1;
    static final int OPT_SYN = 2;

    static final int MSS_V4 = 1460;
    static final int MSS_V6 = 1440;
    /** Payload of a full-size segment when timestamps are on: 1514-byte frames on IPv4 and IPv6. */
    static final int SEGMENT_V4 = MSS_V4 - 12;
    static final int SEGMENT_V6 = MSS_V6 - 12;
    static final int WINDOW_SCALE = 7;

    private final CaptureSink sink;
    private final Hosts hosts;
    private final PayloadBlock block;

    private int ttlOverride = -1;
    private int ipIdOverride = -1;
    private int urgentPointer;
    private byte[] text;
    private int textOffset;
    private int textLength;

    PacketBuilder(final CaptureSink sink, final Hosts hosts, final PayloadBlock block)
    {
        this.sink = sink;
        this.hosts = hosts;
        this.block = block;
    }

    static int segmentSize(final boolean v6)
    {
        return v6 ? SEGMENT_V6 : SEGMENT_V4;
    }

    /** Next frame carries this TTL / hop limit and IPv4 ID instead of the source host's (a forged packet). */
    PacketBuilder forged(final int ttl, final int ipId)
    {
        ttlOverride = ttl;
        ipIdOverride = ipId;
        return this;
    }

    PacketBuilder urgent(final int pointer)
    {
        urgentPointer = pointer;
        return this;
    }

    /** Next frame's payload is the first {@code length} bytes of {@code bytes} instead of a block slice. */
    PacketBuilder text(final byte[] bytes, final int length)
    {
        return text(bytes, 0, length);
    }

    /** Next frame's payload is {@code length} bytes of {@code bytes} from {@code offset}. */
    PacketBuilder text(final byte[] bytes, final int offset, final int length)
    {
        text = bytes;
        textOffset = offset;
        textLength = length;
        return this;
    }

    /**
     * Writes one frame.
     *
     * @param vlan          802.1Q VLAN id, or 0 for an untagged frame.
     * @param payloadOffset even offset into the payload block (ignored for text payloads).
     * @param payloadLength payload bytes (ignored for text payloads).
     * @return the frame number.
     */
    long emit(
        final long timeNs,
        final int vlan,
        final int src,
        final int dst,
        final int srcPort,
        final int dstPort,
        final int seq,
        final int ack,
        final int flags,
        final int window,
        final int options,
        final int tsVal,
        final int tsEcr,
        final int payloadOffset,
        final int payloadLength) throws IOException
    {
        final ByteBuffer b = sink.buffer();
        final int start = sink.beginFrame();
        final boolean v6 = Hosts.isV6(src);
        final int length = text != null ? textLength : payloadLength;

        putMac(b, start, Hosts.mac(dst));
        putMac(b, start + 6, Hosts.mac(src));
        int p = start + 12;
        if (vlan != 0)
        {
            b.putShort(p, (short)0x8100);
            b.putShort(p + 2, (short)vlan);
            p += 4;
        }
        b.putShort(p, (short)(v6 ? 0x86dd : 0x0800));
        p += 2;

        final int optionBytes = options == OPT_TS ? 12 : options == OPT_SYN ? 20 : 0;
        final int tcpHeader = 20 + optionBytes;
        final int tcpLength = tcpHeader + length;
        final int ttl = ttlOverride >= 0 ? ttlOverride : hosts.ttl(src);
        long sum;
        final int ip = p;
        if (!v6)
        {
            final int id = ipIdOverride >= 0 ? ipIdOverride : hosts.nextIpId(src);
            b.putShort(ip, (short)0x4500);
            b.putShort(ip + 2, (short)(20 + tcpLength));
            b.putShort(ip + 4, (short)id);
            b.putShort(ip + 6, (short)0x4000);
            b.put(ip + 8, (byte)ttl);
            b.put(ip + 9, (byte)6);
            b.putShort(ip + 10, (short)0);
            b.putInt(ip + 12, Hosts.v4Address(src));
            b.putInt(ip + 16, Hosts.v4Address(dst));
            b.putShort(ip + 10, (short)~fold(sumWords(b, ip, 20)));
            sum = sumWords(b, ip + 12, 8);
            p = ip + 20;
        }
        else
        {
            b.putInt(ip, 0x60000000 | ((srcPort * 31 + dstPort * 17 + src) & 0xfffff));
            b.putShort(ip + 4, (short)tcpLength);
            b.put(ip + 6, (byte)6);
            b.put(ip + 7, (byte)ttl);
            b.putLong(ip + 8, Hosts.v6High(src));
            b.putLong(ip + 16, Hosts.v6Low(src));
            b.putLong(ip + 24, Hosts.v6High(dst));
            b.putLong(ip + 32, Hosts.v6Low(dst));
            sum = sumWords(b, ip + 8, 32);
            p = ip + 40;
        }
        sum += 6 + tcpLength;

        final int tcp = p;
        b.putShort(tcp, (short)srcPort);
        b.putShort(tcp + 2, (short)dstPort);
        b.putInt(tcp + 4, seq);
        b.putInt(tcp + 8, (flags & ACK) != 0 ? ack : 0);
        b.putShort(tcp + 12, (short)(((tcpHeader / 4) << 12) | flags));
        b.putShort(tcp + 14, (short)window);
        b.putShort(tcp + 16, (short)0);
        b.putShort(tcp + 18, (short)urgentPointer);
        int o = tcp + 20;
        if (options == OPT_SYN)
        {
            b.putInt(o, 0x02040000 | (v6 ? MSS_V6 : MSS_V4));
            b.putShort(o + 4, (short)0x0402);
            b.putShort(o + 6, (short)0x080a);
            b.putInt(o + 8, tsVal);
            b.putInt(o + 12, tsEcr);
            b.putInt(o + 16, 0x01030300 | WINDOW_SCALE);
        }
        else if (options == OPT_TS)
        {
            b.putInt(o, 0x0101080a);
            b.putInt(o + 4, tsVal);
            b.putInt(o + 8, tsEcr);
        }
        o = tcp + tcpHeader;
        sum += sumWords(b, tcp, tcpHeader);
        if (text != null)
        {
            b.put(o, text, textOffset, length);
            sum += sumBytes(text, textOffset, length);
        }
        else if (length > 0)
        {
            b.put(o, block.bytes(), payloadOffset, length);
            sum += block.sum(payloadOffset, length);
        }
        b.putShort(tcp + 16, (short)~fold(sum));

        ttlOverride = -1;
        ipIdOverride = -1;
        urgentPointer = 0;
        text = null;
        return sink.endFrame(timeNs, o + length - start);
    }

    private static void putMac(final ByteBuffer b, final int at, final long mac)
    {
        b.putShort(at, (short)(mac >>> 32));
        b.putInt(at + 2, (int)mac);
    }

    private static long sumWords(final ByteBuffer b, final int at, final int length)
    {
        long s = 0;
        for (int i = 0; i < length; i += 2)
        {
            s += b.getShort(at + i) & 0xffff;
        }
        return s;
    }

    private static long sumBytes(final byte[] bytes, final int offset, final int length)
    {
        long s = 0;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            s += ((bytes[offset + i] & 0xff) << 8) | (bytes[offset + i + 1] & 0xff);
        }
        if (i < length)
        {
            s += (bytes[offset + i] & 0xff) << 8;
        }
        return s;
    }

    private static int fold(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int)s;
    }
}
