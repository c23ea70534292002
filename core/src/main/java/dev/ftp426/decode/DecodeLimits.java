package dev.ftp426.decode;

import java.util.concurrent.TimeUnit;

/**
 * Bounds and switches for {@link PacketDecoder}: every structure whose size a packet could drive is capped here, so a
 * hostile or damaged capture costs counted drops, never memory.
 * <p>
 * Defaults: 64 datagrams under reassembly at once (each may reserve one 64 KiB buffer, reused, so at most 4 MiB),
 * 2 MiB of fragment data held in total, fragments expire 30 s of capture time after the first one arrived, VLAN stacks
 * up to 8 tags (MPLS stacks up to 8 labels), IPv6 chains up to 16 extension headers, TCP checksums not verified
 * (offload makes them wrong on the sending host).
 */
public final class DecodeLimits
{
    public static final int DEFAULT_MAX_PENDING_DATAGRAMS = 64;
    public static final int DEFAULT_MAX_PENDING_BYTES = 2 * 1024 * 1024;
    public static final long DEFAULT_FRAGMENT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    public static final int DEFAULT_MAX_VLAN_DEPTH = 8;
    public static final int DEFAULT_MAX_EXTENSION_HEADERS = 16;

    private int maxPendingDatagrams = DEFAULT_MAX_PENDING_DATAGRAMS;
    private int maxPendingBytes = DEFAULT_MAX_PENDING_BYTES;
    private long fragmentTimeoutNanos = DEFAULT_FRAGMENT_TIMEOUT_NANOS;
    private int maxVlanDepth = DEFAULT_MAX_VLAN_DEPTH;
    private int maxExtensionHeaders = DEFAULT_MAX_EXTENSION_HEADERS;
    private boolean verifyChecksums;

    /** Datagrams that may be under reassembly at the same time; a fragment of one more is dropped and counted. */
    public int maxPendingDatagrams()
    {
        return maxPendingDatagrams;
    }

    public DecodeLimits maxPendingDatagrams(final int value)
    {
        maxPendingDatagrams = requirePositive(value, "maxPendingDatagrams");
        return this;
    }

    /** Fragment payload bytes held across all pending datagrams; a fragment that would exceed it is dropped. */
    public int maxPendingBytes()
    {
        return maxPendingBytes;
    }

    public DecodeLimits maxPendingBytes(final int value)
    {
        maxPendingBytes = requirePositive(value, "maxPendingBytes");
        return this;
    }

    /** Capture time after a datagram's first fragment at which an incomplete datagram is dropped. */
    public long fragmentTimeoutNanos()
    {
        return fragmentTimeoutNanos;
    }

    public DecodeLimits fragmentTimeoutNanos(final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException("fragmentTimeoutNanos must be positive: " + value);
        }
        fragmentTimeoutNanos = value;
        return this;
    }

    /** 802.1Q/802.1ad tags (and, separately, MPLS labels) followed before a frame is counted as non-IP. */
    public int maxVlanDepth()
    {
        return maxVlanDepth;
    }

    public DecodeLimits maxVlanDepth(final int value)
    {
        maxVlanDepth = requirePositive(value, "maxVlanDepth");
        return this;
    }

    /** IPv6 extension headers followed before the packet is counted as a bad IP header. */
    public int maxExtensionHeaders()
    {
        return maxExtensionHeaders;
    }

    public DecodeLimits maxExtensionHeaders(final int value)
    {
        maxExtensionHeaders = requirePositive(value, "maxExtensionHeaders");
        return this;
    }

    /** When set, the TCP checksum of fully captured segments is computed into {@link DecodedPacket#checksumValid()}. */
    public boolean verifyChecksums()
    {
        return verifyChecksums;
    }

    public DecodeLimits verifyChecksums(final boolean value)
    {
        verifyChecksums = value;
        return this;
    }

    private static int requirePositive(final int value, final String name)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
