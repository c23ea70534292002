package dev.ftp426.decode;

import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.LinkType;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: writes the bytes of one frame, link layer to payload, so tests can craft packets.
 * <pre>
 * Frame frame = new PacketBuilder().vlan(100).ipv4("203.0.113.1", "198.51.100.2")
 *     .tcp(40000, 21).seq(1000).flags(DecodedPacket.TCP_SYN).mss(1460).payload("USER x\r\n").frame(1);
 * byte[] quoted = new PacketBuilder().ipv4(...).tcp(...).seq(...).buildIp();
 * Frame icmp = new PacketBuilder().ipv4(router, host).icmpError(3, 4, 1400, quoted).frame(2);
 * </pre>
 * Defaults: Ethernet, IPv4 TTL 64 with DF, TCP window 65535 with ACK; checksums are correct.
 * {@link #fragment(int, int)} emits one fragment of the datagram the builder describes.
 */
public final class PacketBuilder
{
    private static final int PROTO_UDP = 17;

    private int linkType = LinkType.ETHERNET;
    private final List<int[]> vlanTags = new ArrayList<>();
    private int nullFamily;
    private boolean nullBigEndian;
    private int sllProtocolOverride = -1;
    private int etherTypeOverride = -1;
    private boolean pppoe;
    private boolean nflogBigEndian;
    private int[] mplsLabels = new int[0];
    private int padding;

    private int ipVersion = 4;
    private byte[] src = address("203.0.113.1");
    private byte[] dst = address("198.51.100.2");
    private int ttl = 64;
    private int ipId = 1;
    private boolean dontFragment = true;
    private byte[] ipv4Options = new byte[0];
    private int totalLengthOverride = -1;
    private final List<byte[]> unfragmentable = new ArrayList<>();
    private final List<byte[]> fragmentable = new ArrayList<>();
    private int fragmentOffset = -1;
    private int fragmentLength;
    private Boolean moreFragments;
    private boolean atomicFragment;
    private long fragmentId = 0x12345678L;

    private int protocol = DecodedPacket.PROTO_TCP;
    private int srcPort = 40000;
    private int dstPort = 21;
    private long seq;
    private long ack;
    private int flags = DecodedPacket.TCP_ACK;
    private int window = 65535;
    private int urgent;
    private final ByteArrayOutputStream tcpOptions = new ByteArrayOutputStream();
    private int dataOffsetOverride = -1;
    private boolean corruptChecksum;
    private int icmpType;
    private int icmpCode;
    private int icmpMtu;
    private byte[] quoted;
    private byte[] payload = new byte[0];

    private long timestampNanos = 1_700_000_000_000_000_000L;
    private int snap = -1;

    // ---------------------------------------------------------------- link

    public PacketBuilder ethernet()
    {
        linkType = LinkType.ETHERNET;
        return this;
    }

    /** Adds an 802.1Q tag (outermost first). */
    public PacketBuilder vlan(final int vid)
    {
        return vlanTag(0x8100, vid);
    }

    /** Adds an 802.1ad service tag (outermost first). */
    public PacketBuilder qinq(final int vid)
    {
        return vlanTag(0x88a8, vid);
    }

    public PacketBuilder vlanTag(final int tpid, final int vid)
    {
        vlanTags.add(new int[]{tpid, vid});
        return this;
    }

    /** Replaces the EtherType (or SLL protocol) of the network layer, e.g. 0x0806 for ARP. */
    public PacketBuilder etherType(final int etherType)
    {
        etherTypeOverride = etherType;
        return this;
    }

    /** Ethernet PPPoE session carrying the IP packet over PPP. */
    public PacketBuilder pppoe()
    {
        pppoe = true;
        return this;
    }

    /** Ethernet MPLS label stack (outermost first) before the IP packet. */
    public PacketBuilder mpls(final int... labels)
    {
        mplsLabels = labels.clone();
        return this;
    }

    public PacketBuilder sll()
    {
        linkType = LinkType.LINUX_SLL;
        return this;
    }

    public PacketBuilder sll2()
    {
        linkType = LinkType.LINUX_SLL2;
        return this;
    }

    /** BSD null/loopback with an AF value (2 IPv4; 24, 28, 30 IPv6), in the given byte order. */
    public PacketBuilder nullLoopback(final int family, final boolean bigEndian)
    {
        linkType = LinkType.NULL;
        nullFamily = family;
        nullBigEndian = bigEndian;
        return this;
    }

    /** OpenBSD loop: AF value in network byte order. */
    public PacketBuilder loop(final int family)
    {
        linkType = LinkType.LOOP;
        nullFamily = family;
        nullBigEndian = true;
        return this;
    }

    /** Raw IP under the given link type (101, 12, 14, 228, 229). */
    public PacketBuilder raw(final int rawLinkType)
    {
        linkType = rawLinkType;
        return this;
    }

    /** NFLOG with a prefix TLV before the payload TLV, TLV fields little-endian (host order of the capturer). */
    public PacketBuilder nflog()
    {
        linkType = LinkType.NFLOG;
        nflogBigEndian = false;
        return this;
    }

    /** NFLOG as captured on a big-endian host: TLV length and type big-endian. */
    public PacketBuilder nflogBigEndian()
    {
        linkType = LinkType.NFLOG;
        nflogBigEndian = true;
        return this;
    }

    /** Trailing bytes after the IP packet (Ethernet minimum-size padding). */
    public PacketBuilder padding(final int bytes)
    {
        padding = bytes;
        return this;
    }

    // ---------------------------------------------------------------- ip

    public PacketBuilder ipv4(final String source, final String destination)
    {
        ipVersion = 4;
        src = address(source);
        dst = address(destination);
        return this;
    }

    public PacketBuilder ipv6(final String source, final String destination)
    {
        ipVersion = 6;
        src = address(source);
        dst = address(destination);
        return this;
    }

    public PacketBuilder ttl(final int ttl)
    {
        this.ttl = ttl;
        return this;
    }

    public PacketBuilder ipId(final int ipId)
    {
        this.ipId = ipId;
        return this;
    }

    public PacketBuilder dontFragment(final boolean value)
    {
        dontFragment = value;
        return this;
    }

    /** IPv4 options, padded with EOL to a multiple of 4 (at most 40 bytes for a valid header). */
    public PacketBuilder ipv4Options(final byte[] options)
    {
        ipv4Options = options.clone();
        return this;
    }

    /** Overrides the IPv4 total length / IPv6 payload length field. */
    public PacketBuilder ipLengthField(final int value)
    {
        totalLengthOverride = value;
        return this;
    }

    /** IPv6 hop-by-hop options header of {@code length} bytes (multiple of 8), padded with PadN. */
    public PacketBuilder hopByHop(final int length)
    {
        unfragmentable.add(extensionHeader(IpDecoder.NH_HOP_BY_HOP, length));
        return this;
    }

    /** IPv6 routing header (type 0 style, segments left 0) of {@code length} bytes. */
    public PacketBuilder routing(final int length)
    {
        unfragmentable.add(extensionHeader(IpDecoder.NH_ROUTING, length));
        return this;
    }

    /** IPv6 destination options header (in the fragmentable part). */
    public PacketBuilder destinationOptions(final int length)
    {
        fragmentable.add(extensionHeader(IpDecoder.NH_DEST_OPTIONS, length));
        return this;
    }

    /** IPv6 authentication header (in the fragmentable part) of {@code length} bytes (multiple of 4, >= 12). */
    public PacketBuilder authenticationHeader(final int length)
    {
        final byte[] header = new byte[length + 1];
        header[0] = (byte)IpDecoder.NH_AH;
        header[2] = (byte)(length / 4 - 2);
        fragmentable.add(header);
        return this;
    }

    /**
     * Emits only the fragment carrying bytes [offset, offset + length) of the fragmentable part (IPv4 payload, or
     * what follows the IPv6 fragment header); more-fragments is set unless it reaches the end.
     */
    public PacketBuilder fragment(final int offset, final int length)
    {
        fragmentOffset = offset;
        fragmentLength = length;
        return this;
    }

    public PacketBuilder moreFragments(final boolean value)
    {
        moreFragments = value;
        return this;
    }

    /** IPv6: a fragment header with offset 0 and no more fragments. */
    public PacketBuilder atomicFragment()
    {
        atomicFragment = true;
        return this;
    }

    public PacketBuilder fragmentId(final long id)
    {
        fragmentId = id;
        return this;
    }

    // ---------------------------------------------------------------- transport

    public PacketBuilder tcp(final int sourcePort, final int destinationPort)
    {
        protocol = DecodedPacket.PROTO_TCP;
        srcPort = sourcePort;
        dstPort = destinationPort;
        return this;
    }

    public PacketBuilder udp(final int sourcePort, final int destinationPort)
    {
        protocol = PROTO_UDP;
        srcPort = sourcePort;
        dstPort = destinationPort;
        return this;
    }

    /** Any other upper-layer protocol: the payload follows the IP header as is. */
    public PacketBuilder protocol(final int value)
    {
        protocol = value;
        return this;
    }

    public PacketBuilder seq(final long value)
    {
        seq = value;
        return this;
    }

    public PacketBuilder ack(final long value)
    {
        ack = value;
        return this;
    }

    public PacketBuilder flags(final int value)
    {
        flags = value;
        return this;
    }

    public PacketBuilder window(final int value)
    {
        window = value;
        return this;
    }

    public PacketBuilder urgent(final int value)
    {
        urgent = value;
        return this;
    }

    public PacketBuilder mss(final int value)
    {
        return tcpOption(2, value >> 8, value);
    }

    public PacketBuilder windowScale(final int shift)
    {
        return tcpOption(3, shift);
    }

    public PacketBuilder sackPermitted()
    {
        return tcpOption(4);
    }

    public PacketBuilder sack(final long... edges)
    {
        final int[] bytes = new int[edges.length * 4];
        for (int i = 0; i < edges.length; i++)
        {
            for (int b = 0; b < 4; b++)
            {
                bytes[i * 4 + b] = (int)(edges[i] >>> (24 - 8 * b));
            }
        }
        return tcpOption(5, bytes);
    }

    public PacketBuilder timestamps(final long tsVal, final long tsEcr)
    {
        return tcpOption(8, (int)(tsVal >>> 24), (int)(tsVal >>> 16), (int)(tsVal >>> 8), (int)tsVal,
            (int)(tsEcr >>> 24), (int)(tsEcr >>> 16), (int)(tsEcr >>> 8), (int)tsEcr);
    }

    public PacketBuilder nop()
    {
        tcpOptions.write(1);
        return this;
    }

    public PacketBuilder eol()
    {
        tcpOptions.write(0);
        return this;
    }

    /** An option with kind, length (2 + data) and data. */
    public PacketBuilder tcpOption(final int kind, final int... data)
    {
        tcpOptions.write(kind);
        tcpOptions.write(2 + data.length);
        for (final int b : data)
        {
            tcpOptions.write(b);
        }
        return this;
    }

    /** Raw option bytes appended as they are (e.g. malformed lengths). */
    public PacketBuilder rawTcpOptions(final int... bytes)
    {
        for (final int b : bytes)
        {
            tcpOptions.write(b);
        }
        return this;
    }

    /** Overrides the data offset field (in 32-bit words). */
    public PacketBuilder dataOffset(final int words)
    {
        dataOffsetOverride = words;
        return this;
    }

    public PacketBuilder corruptChecksum()
    {
        corruptChecksum = true;
        return this;
    }

    /** An ICMP (IPv4) or ICMPv6 error quoting {@code quotedIp} (an IP packet from {@link #buildIp()}). */
    public PacketBuilder icmpError(final int type, final int code, final int mtu, final byte[] quotedIp)
    {
        protocol = ipVersion == 4 ? DecodedPacket.PROTO_ICMP : DecodedPacket.PROTO_ICMPV6;
        icmpType = type;
        icmpCode = code;
        icmpMtu = mtu;
        quoted = quotedIp.clone();
        return this;
    }

    public PacketBuilder payload(final byte[] bytes)
    {
        payload = bytes.clone();
        return this;
    }

    public PacketBuilder payload(final String text)
    {
        return payload(text.getBytes(StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------- frame

    public PacketBuilder timestampNanos(final long value)
    {
        timestampNanos = value;
        return this;
    }

    /** Keeps only the first {@code capturedLength} bytes in the frame, as a snaplen would. */
    public PacketBuilder snap(final int capturedLength)
    {
        snap = capturedLength;
        return this;
    }

    public int linkType()
    {
        return linkType;
    }

    /** The frame bytes, link layer included, never cut by {@link #snap}. */
    public byte[] build()
    {
        final byte[] ip = buildIp();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int etherType = etherTypeOverride >= 0 ? etherTypeOverride : ipVersion == 4 ? 0x0800 : 0x86dd;
        switch (linkType)
        {
            case LinkType.ETHERNET:
                write(out, 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01);
                for (final int[] tag : vlanTags)
                {
                    short16(out, tag[0]);
                    short16(out, tag[1]);
                }
                if (pppoe)
                {
                    short16(out, 0x8864);
                    write(out, 0x11, 0, 0x12, 0x34);
                    short16(out, ip.length + 2);
                    short16(out, ipVersion == 4 ? 0x0021 : 0x0057);
                }
                else if (mplsLabels.length > 0)
                {
                    short16(out, 0x8847);
                    for (int i = 0; i < mplsLabels.length; i++)
                    {
                        final int entry = (mplsLabels[i] << 12) | (i == mplsLabels.length - 1 ? 0x100 : 0) | 64;
                        write(out, entry >>> 24, entry >>> 16, entry >>> 8, entry);
                    }
                }
                else
                {
                    short16(out, etherType);
                }
                break;
            case LinkType.LINUX_SLL:
                short16(out, 0);
                short16(out, 1);
                short16(out, 6);
                write(out, 0x02, 0, 0, 0, 0, 0x01, 0, 0);
                short16(out, etherType);
                break;
            case LinkType.LINUX_SLL2:
                short16(out, etherType);
                short16(out, 0);
                write(out, 0, 0, 0, 2);
                short16(out, 1);
                write(out, 0, 6);
                write(out, 0x02, 0, 0, 0, 0, 0x01, 0, 0);
                break;
            case LinkType.NULL:
            case LinkType.LOOP:
                if (nullBigEndian)
                {
                    write(out, nullFamily >>> 24, nullFamily >>> 16, nullFamily >>> 8, nullFamily);
                }
                else
                {
                    write(out, nullFamily, nullFamily >>> 8, nullFamily >>> 16, nullFamily >>> 24);
                }
                break;
            case LinkType.NFLOG:
                write(out, ipVersion == 4 ? 2 : 10, 0, 0, 1);
                final int tlv = 4 + ip.length;
                if (nflogBigEndian)
                {
                    write(out, 0, 8, 0, 10, 'f', 't', 'p', 0); // NFULA_PREFIX "ftp"
                    write(out, tlv >>> 8, tlv, 0, 9);
                }
                else
                {
                    write(out, 8, 0, 10, 0, 'f', 't', 'p', 0);
                    write(out, tlv, tlv >>> 8, 9, 0);
                }
                break;
            default:
                break;
        }
        out.writeBytes(ip);
        if (linkType == LinkType.NFLOG)
        {
            out.writeBytes(new byte[(4 - (ip.length & 3)) & 3]);
        }
        out.writeBytes(new byte[padding]);
        return out.toByteArray();
    }

    /** A frame flyweight over fresh bytes, captured length cut by {@link #snap} if set. */
    public Frame frame(final long frameNumber)
    {
        final byte[] bytes = build();
        final int captured = snap >= 0 ? Math.min(snap, bytes.length) : bytes.length;
        return new Frame().wrap(new UnsafeBuffer(bytes), 0, captured, bytes.length, timestampNanos, linkType, 0,
            frameNumber, -1);
    }

    /** Wraps ready-made frame bytes. */
    public static Frame frame(final byte[] bytes, final int captured, final int linkType, final long frameNumber,
        final long timestampNanos)
    {
        return new Frame().wrap(new UnsafeBuffer(bytes), 0, captured, bytes.length, timestampNanos, linkType, 0,
            frameNumber, -1);
    }

    /** The IP packet (or the fragment, when {@link #fragment} is set), without link layer. */
    public byte[] buildIp()
    {
        final byte[] transport = buildTransport();
        return ipVersion == 4 ? buildIpv4(transport) : buildIpv6(transport);
    }

    private byte[] buildIpv4(final byte[] transport)
    {
        final int optionsLength = (ipv4Options.length + 3) & ~3;
        final int headerLength = 20 + optionsLength;
        byte[] body = transport;
        int offsetField = 0;
        boolean more = false;
        if (fragmentOffset >= 0)
        {
            final int length = Math.min(fragmentLength, transport.length - fragmentOffset);
            body = java.util.Arrays.copyOfRange(transport, fragmentOffset, fragmentOffset + length);
            more = moreFragments != null ? moreFragments : fragmentOffset + length < transport.length;
            offsetField = fragmentOffset >> 3;
        }
        final byte[] ip = new byte[headerLength + body.length];
        ip[0] = (byte)(0x40 | (headerLength >> 2));
        final int total = totalLengthOverride >= 0 ? totalLengthOverride : ip.length;
        put16(ip, 2, total);
        put16(ip, 4, ipId);
        put16(ip, 6, (dontFragment ? 0x4000 : 0) | (more ? 0x2000 : 0) | offsetField);
        ip[8] = (byte)ttl;
        ip[9] = (byte)protocol;
        System.arraycopy(src, 0, ip, 12, 4);
        System.arraycopy(dst, 0, ip, 16, 4);
        System.arraycopy(ipv4Options, 0, ip, 20, ipv4Options.length);
        put16(ip, 10, checksum(ip, 0, headerLength, 0));
        System.arraycopy(body, 0, ip, headerLength, body.length);
        return ip;
    }

    private byte[] buildIpv6(final byte[] transport)
    {
        final ByteArrayOutputStream fragmentablePart = new ByteArrayOutputStream();
        int next = chain(fragmentable, protocol, fragmentablePart);
        final byte[] upper = concat(fragmentablePart.toByteArray(), transport);
        final ByteArrayOutputStream afterFixed = new ByteArrayOutputStream();
        final boolean fragmented = fragmentOffset >= 0 || atomicFragment;
        byte[] fragmentData = upper;
        int offsetField = 0;
        boolean more = false;
        if (fragmentOffset >= 0)
        {
            final int length = Math.min(fragmentLength, upper.length - fragmentOffset);
            fragmentData = java.util.Arrays.copyOfRange(upper, fragmentOffset, fragmentOffset + length);
            more = moreFragments != null ? moreFragments : fragmentOffset + length < upper.length;
            offsetField = fragmentOffset;
        }
        final ByteArrayOutputStream unfragmentablePart = new ByteArrayOutputStream();
        if (fragmented)
        {
            final byte[] header = new byte[8];
            header[0] = (byte)next;
            put16(header, 2, (offsetField & 0xfff8) | (more ? 1 : 0));
            put32(header, 4, fragmentId);
            next = chain(unfragmentable, IpDecoder.NH_FRAGMENT, unfragmentablePart);
            unfragmentablePart.writeBytes(header);
        }
        else
        {
            next = chain(unfragmentable, next, unfragmentablePart);
        }
        afterFixed.writeBytes(unfragmentablePart.toByteArray());
        afterFixed.writeBytes(fragmentData);
        final byte[] body = afterFixed.toByteArray();
        final byte[] ip = new byte[40 + body.length];
        ip[0] = 0x60;
        put16(ip, 4, totalLengthOverride >= 0 ? totalLengthOverride : body.length);
        ip[6] = (byte)next;
        ip[7] = (byte)ttl;
        System.arraycopy(src, 0, ip, 8, 16);
        System.arraycopy(dst, 0, ip, 24, 16);
        System.arraycopy(body, 0, ip, 40, body.length);
        return ip;
    }

    /** Writes the headers (each stored as [type, bytes...]) linked in order, the last naming {@code last}. */
    private static int chain(final List<byte[]> headers, final int last, final ByteArrayOutputStream out)
    {
        for (int i = 0; i < headers.size(); i++)
        {
            final byte[] header = headers.get(i).clone();
            header[1] = (byte)(i + 1 < headers.size() ? headers.get(i + 1)[0] : last);
            out.write(header, 1, header.length - 1);
        }
        return headers.isEmpty() ? last : headers.get(0)[0] & 0xff;
    }

    private static byte[] extensionHeader(final int type, final int length)
    {
        final byte[] header = new byte[length + 1];
        header[0] = (byte)type;
        header[2] = (byte)(length / 8 - 1);
        if (length - 2 >= 2)
        {
            header[3] = 1; // PadN
            header[4] = (byte)(length - 4);
        }
        return header;
    }

    private byte[] buildTransport()
    {
        if (protocol == DecodedPacket.PROTO_TCP)
        {
            final byte[] options = tcpOptions.toByteArray();
            final int optionsLength = (options.length + 3) & ~3;
            final int headerLength = 20 + optionsLength;
            final byte[] tcp = new byte[headerLength + payload.length];
            put16(tcp, 0, srcPort);
            put16(tcp, 2, dstPort);
            put32(tcp, 4, seq);
            put32(tcp, 8, ack);
            tcp[12] = (byte)((dataOffsetOverride >= 0 ? dataOffsetOverride : headerLength >> 2) << 4);
            tcp[13] = (byte)flags;
            put16(tcp, 14, window);
            put16(tcp, 18, urgent);
            System.arraycopy(options, 0, tcp, 20, options.length);
            System.arraycopy(payload, 0, tcp, headerLength, payload.length);
            put16(tcp, 16, checksum(tcp, 0, tcp.length, pseudoHeaderSum(tcp.length)) ^ (corruptChecksum ? 1 : 0));
            return tcp;
        }
        if (protocol == PROTO_UDP)
        {
            final byte[] udp = new byte[8 + payload.length];
            put16(udp, 0, srcPort);
            put16(udp, 2, dstPort);
            put16(udp, 4, udp.length);
            System.arraycopy(payload, 0, udp, 8, payload.length);
            return udp;
        }
        if (quoted != null)
        {
            final byte[] icmp = new byte[8 + quoted.length];
            icmp[0] = (byte)icmpType;
            icmp[1] = (byte)icmpCode;
            if (ipVersion == 6)
            {
                put32(icmp, 4, icmpMtu);
            }
            else
            {
                put16(icmp, 6, icmpMtu);
            }
            System.arraycopy(quoted, 0, icmp, 8, quoted.length);
            put16(icmp, 2, checksum(icmp, 0, icmp.length, 0));
            return icmp;
        }
        return payload.clone();
    }

    private long pseudoHeaderSum(final int length)
    {
        long sum = protocol + length;
        for (int i = 0; i < src.length; i += 2)
        {
            sum += ((src[i] & 0xff) << 8) | (src[i + 1] & 0xff);
            sum += ((dst[i] & 0xff) << 8) | (dst[i + 1] & 0xff);
        }
        return sum;
    }

    private static int checksum(final byte[] bytes, final int offset, final int length, final long initial)
    {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2)
        {
            sum += ((bytes[offset + i] & 0xff) << 8) | (bytes[offset + i + 1] & 0xff);
        }
        if ((length & 1) != 0)
        {
            sum += (bytes[offset + length - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int)(~sum & 0xffff);
    }

    static byte[] address(final String text)
    {
        try
        {
            final byte[] bytes = InetAddress.getByName(text).getAddress();
            if (text.indexOf(':') >= 0 && bytes.length == 4)
            {
                final byte[] mapped = new byte[16];
                mapped[10] = (byte)0xff;
                mapped[11] = (byte)0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(text, ex);
        }
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void write(final ByteArrayOutputStream out, final int... bytes)
    {
        for (final int b : bytes)
        {
            out.write(b);
        }
    }

    private static void short16(final ByteArrayOutputStream out, final int value)
    {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void put16(final byte[] bytes, final int offset, final int value)
    {
        bytes[offset] = (byte)(value >>> 8);
        bytes[offset + 1] = (byte)value;
    }

    private static void put32(final byte[] bytes, final int offset, final long value)
    {
        bytes[offset] = (byte)(value >>> 24);
        bytes[offset + 1] = (byte)(value >>> 16);
        bytes[offset + 2] = (byte)(value >>> 8);
        bytes[offset + 3] = (byte)value;
    }
}
