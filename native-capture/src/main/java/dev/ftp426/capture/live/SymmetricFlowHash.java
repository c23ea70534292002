package dev.ftp426.capture.live;

import java.nio.ByteOrder;

import dev.ftp426.pipeline.parallel.HostPairHash;
import org.agrona.DirectBuffer;

import static dev.ftp426.pipeline.parallel.HostPairHash.fold;
import static dev.ftp426.pipeline.parallel.HostPairHash.mix;

/**
 * Symmetric hashes over the IP header for {@link FlowSharder}. {@link #HOST_PAIR} (the default) is the offline
 * parallel pipeline's {@link HostPairHash}: only the two addresses (of the quoted packet for an ICMP error), so an FTP
 * control connection and all its data connections (other ports, opened in either direction) land on the same worker,
 * which the association of data connections to commands needs, and live and offline analysis shard alike.
 * {@link #FIVE_TUPLE} also mixes in the protocol and ports, for pipelines that need only one connection at a time.
 * Frames that are not IP (or too short) go to shard 0.
 */
public final class SymmetricFlowHash implements FlowSharder
{
    public static final SymmetricFlowHash HOST_PAIR = new SymmetricFlowHash(false);
    public static final SymmetricFlowHash FIVE_TUPLE = new SymmetricFlowHash(true);

    private final boolean withPorts;

    private SymmetricFlowHash(final boolean withPorts)
    {
        this.withPorts = withPorts;
    }

    @Override
    public int shard(
        final DirectBuffer frame, final int offset, final int capturedLength, final int linkType, final int shardCount)
    {
        final int hash = hash(frame, offset, capturedLength, linkType);
        return (int)((hash & 0xFFFF_FFFFL) % shardCount);
    }

    /** The symmetric hash, 0 for frames that are not IP. */
    public int hash(final DirectBuffer frame, final int offset, final int capturedLength, final int linkType)
    {
        return withPorts ?
            fiveTuple(frame, offset, capturedLength, linkType) :
            HostPairHash.hash(frame, offset, capturedLength, linkType);
    }

    private static int fiveTuple(final DirectBuffer frame, final int offset, final int capturedLength,
        final int linkType)
    {
        final int end = offset + capturedLength;
        final int ip = HostPairHash.ipHeader(frame, offset, capturedLength, linkType);
        if (ip < 0)
        {
            return 0;
        }
        final int version = (frame.getByte(ip) & 0xF0) >> 4;
        int a;
        int b;
        final int protocol;
        final int l4;
        if (4 == version && ip + 20 <= end)
        {
            a = mix(frame.getInt(ip + 12, ByteOrder.BIG_ENDIAN));
            b = mix(frame.getInt(ip + 16, ByteOrder.BIG_ENDIAN));
            protocol = frame.getByte(ip + 9) & 0xFF;
            final boolean fragment = 0 != (frame.getShort(ip + 6, ByteOrder.BIG_ENDIAN) & 0x1FFF);
            l4 = fragment ? -1 : ip + ((frame.getByte(ip) & 0x0F) << 2);
        }
        else if (6 == version && ip + 40 <= end)
        {
            a = mix(fold(frame, ip + 8));
            b = mix(fold(frame, ip + 24));
            protocol = frame.getByte(ip + 6) & 0xFF;
            l4 = ip + 40;
        }
        else
        {
            return 0;
        }

        if (l4 >= 0 && l4 + 4 <= end && (6 == protocol || 17 == protocol || 132 == protocol))
        {
            a = mix(a ^ (frame.getShort(l4, ByteOrder.BIG_ENDIAN) & 0xFFFF));
            b = mix(b ^ (frame.getShort(l4 + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF));
            return mix((a + b) ^ protocol);
        }
        return mix(a + b);
    }
}
