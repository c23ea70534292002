package dev.ftp426.decode;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The facts later stages need from one frame's link, IP and TCP (or ICMP error) headers.
 * <p>
 * A reusable flyweight filled by {@code PacketDecoder}: one instance per pipeline, overwritten for every frame.
 * Addresses are held as 128 bits ({@code hi}, {@code lo}); an IPv4 address is stored IPv4-mapped
 * ({@code ::ffff:a.b.c.d}) so one flow key serves both families. The payload view points into the frame (or into
 * the defragmenter's buffer for a reassembled datagram) and is only valid during the call that handed it over.
 */
public final class DecodedPacket
{
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    public static final int TCP_URG = 0x20;
    public static final int TCP_ECE = 0x40;
    public static final int TCP_CWR = 0x80;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;

    public static final int MAX_SACK_BLOCKS = 4;

    /** IPv4-mapped IPv6 prefix in the high 64 bits and bits 32..63 of the low half. */
    public static final long V4_MAPPED_HI = 0L;
    public static final long V4_MAPPED_LO_PREFIX = 0x0000_ffff_0000_0000L;

    // frame
    private long frameNumber;
    private long timestampNanos;
    private int frameLength;
    private boolean truncated;

    // link
    private int vlanId = -1;
    private int outerVlanId = -1;

    // ip
    private int ipVersion;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int ttl;
    private int ipId;
    private boolean dontFragment;
    private int protocol;
    private boolean reassembledFromFragments;

    // tcp
    private int srcPort;
    private int dstPort;
    private long seq;
    private long ack;
    private int tcpFlags;
    private int window;
    private int urgentPointer;
    private int mss = -1;
    private int windowScale = -1;
    private boolean sackPermitted;
    private int sackCount;
    private final long[] sackLeft = new long[MAX_SACK_BLOCKS];
    private final long[] sackRight = new long[MAX_SACK_BLOCKS];
    private boolean hasTimestamps;
    private long tsVal;
    private long tsEcr;
    private boolean checksumValid = true;

    // payload
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private int payloadLength;
    private int payloadWireLength;

    // icmp error quoting a TCP packet
    private boolean icmpError;
    private int icmpType;
    private int icmpCode;
    private int icmpMtu;

    /** Forgets everything from the previous frame. */
    public DecodedPacket reset(final long frameNumber, final long timestampNanos, final int frameLength)
    {
        this.frameNumber = frameNumber;
        this.timestampNanos = timestampNanos;
        this.frameLength = frameLength;
        truncated = false;
        vlanId = -1;
        outerVlanId = -1;
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        ttl = 0;
        ipId = 0;
        dontFragment = false;
        protocol = 0;
        reassembledFromFragments = false;
        srcPort = dstPort = 0;
        seq = ack = 0;
        tcpFlags = 0;
        window = 0;
        urgentPointer = 0;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        sackCount = 0;
        hasTimestamps = false;
        tsVal = tsEcr = 0;
        checksumValid = true;
        payload.wrap(0, 0);
        payloadLength = 0;
        payloadWireLength = 0;
        icmpError = false;
        icmpType = icmpCode = 0;
        icmpMtu = 0;
        return this;
    }

    public long frameNumber() { return frameNumber; }
    public long timestampNanos() { return timestampNanos; }
    public int frameLength() { return frameLength; }
    /** True when the capture cut this frame short (snaplen): a capture artefact, never network loss. */
    public boolean truncated() { return truncated; }
    public void truncated(final boolean truncated) { this.truncated = truncated; }

    /** Innermost 802.1Q VLAN id, or -1. */
    public int vlanId() { return vlanId; }
    /** Outermost (802.1ad service) VLAN id when the frame had a stack, or -1. */
    public int outerVlanId() { return outerVlanId; }
    public void vlan(final int outerVlanId, final int vlanId)
    {
        this.outerVlanId = outerVlanId;
        this.vlanId = vlanId;
    }

    /** 4 or 6, or 0 when the frame carried no IP packet. */
    public int ipVersion() { return ipVersion; }
    public long srcHi() { return srcHi; }
    public long srcLo() { return srcLo; }
    public long dstHi() { return dstHi; }
    public long dstLo() { return dstLo; }
    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() { return ttl; }
    /** IPv4 identification, or the IPv6 fragment identification's low 16 bits when present, else 0. */
    public int ipId() { return ipId; }
    public boolean dontFragment() { return dontFragment; }
    /** Upper-layer protocol after the IPv6 extension chain. */
    public int protocol() { return protocol; }
    public boolean reassembledFromFragments() { return reassembledFromFragments; }

    public void ipv4(final int src, final int dst, final int ttl, final int ipId, final boolean dontFragment,
        final int protocol)
    {
        ipVersion = 4;
        srcHi = V4_MAPPED_HI;
        srcLo = V4_MAPPED_LO_PREFIX | (src & 0xffff_ffffL);
        dstHi = V4_MAPPED_HI;
        dstLo = V4_MAPPED_LO_PREFIX | (dst & 0xffff_ffffL);
        this.ttl = ttl;
        this.ipId = ipId;
        this.dontFragment = dontFragment;
        this.protocol = protocol;
    }

    public void ipv6(final long srcHi, final long srcLo, final long dstHi, final long dstLo, final int hopLimit,
        final int protocol)
    {
        ipVersion = 6;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.ttl = hopLimit;
        this.protocol = protocol;
        this.dontFragment = true;
    }

    public void ipId(final int ipId) { this.ipId = ipId; }
    /** Sets the upper-layer protocol, e.g. once the IPv6 extension chain has been walked. */
    public void protocol(final int protocol) { this.protocol = protocol; }
    public void reassembledFromFragments(final boolean value) { this.reassembledFromFragments = value; }

    public boolean isTcp() { return protocol == PROTO_TCP && !icmpError && ipVersion != 0; }

    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    /** Sequence number, unsigned 32 bits. */
    public long seq() { return seq; }
    /** Acknowledgement number, unsigned 32 bits (meaningful only with ACK set). */
    public long ack() { return ack; }
    public int tcpFlags() { return tcpFlags; }
    public boolean syn() { return (tcpFlags & TCP_SYN) != 0; }
    public boolean fin() { return (tcpFlags & TCP_FIN) != 0; }
    public boolean rst() { return (tcpFlags & TCP_RST) != 0; }
    public boolean hasAck() { return (tcpFlags & TCP_ACK) != 0; }
    public boolean urg() { return (tcpFlags & TCP_URG) != 0; }
    /** The raw 16-bit window field, not yet scaled. */
    public int window() { return window; }
    public int urgentPointer() { return urgentPointer; }

    public void tcp(final int srcPort, final int dstPort, final long seq, final long ack, final int flags,
        final int window, final int urgentPointer)
    {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq;
        this.ack = ack;
        this.tcpFlags = flags;
        this.window = window;
        this.urgentPointer = urgentPointer;
    }

    /** MSS option value, or -1. */
    public int mss() { return mss; }
    public void mss(final int mss) { this.mss = mss; }
    /** Window-scale option shift count, or -1. */
    public int windowScale() { return windowScale; }
    public void windowScale(final int shift) { this.windowScale = shift; }
    public boolean sackPermitted() { return sackPermitted; }
    public void sackPermitted(final boolean value) { this.sackPermitted = value; }
    public int sackCount() { return sackCount; }
    public long sackLeft(final int i) { return sackLeft[i]; }
    public long sackRight(final int i) { return sackRight[i]; }
    public void addSack(final long left, final long right)
    {
        if (sackCount < MAX_SACK_BLOCKS)
        {
            sackLeft[sackCount] = left;
            sackRight[sackCount] = right;
            sackCount++;
        }
    }
    public boolean hasTimestamps() { return hasTimestamps; }
    public long tsVal() { return tsVal; }
    public long tsEcr() { return tsEcr; }
    public void timestamps(final long tsVal, final long tsEcr)
    {
        this.hasTimestamps = true;
        this.tsVal = tsVal;
        this.tsEcr = tsEcr;
    }
    public boolean checksumValid() { return checksumValid; }
    public void checksumValid(final boolean value) { this.checksumValid = value; }

    /** Payload bytes present in the capture (may be fewer than {@link #payloadWireLength()}). */
    public DirectBuffer payload() { return payload; }
    public int payloadLength() { return payloadLength; }
    /** Payload length the segment had on the wire, from the IP length fields. */
    public int payloadWireLength() { return payloadWireLength; }

    public void payload(final DirectBuffer buffer, final int offset, final int capturedLength, final int wireLength)
    {
        if (capturedLength > 0)
        {
            payload.wrap(buffer, offset, capturedLength);
        }
        else
        {
            payload.wrap(0, 0);
        }
        this.payloadLength = capturedLength;
        this.payloadWireLength = wireLength;
    }

    /**
     * An ICMP/ICMPv6 error whose quoted packet was TCP. The addresses and ports set by {@link #ipv4}/{@link #ipv6}
     * and {@link #tcp} then describe the quoted packet (as it was sent by its source), so the error can be tied to
     * the flow it refers to; {@link #ttl()} stays the ICMP packet's own. {@link #protocol()}, {@link #ipId()} and
     * {@link #dontFragment()} are the quoted packet's; the sequence number (and flags, ack and window when the router
     * quoted that much) come from the quoted TCP header. A quoted UDP/SCTP packet gives its ports and nothing else.
     * The payload is empty.
     */
    public boolean icmpError() { return icmpError; }
    public int icmpType() { return icmpType; }
    public int icmpCode() { return icmpCode; }
    /** Next-hop MTU of a "fragmentation needed" / "packet too big", else 0. */
    public int icmpMtu() { return icmpMtu; }
    public void icmpError(final int type, final int code, final int mtu)
    {
        this.icmpError = true;
        this.icmpType = type;
        this.icmpCode = code;
        this.icmpMtu = mtu;
    }
}
