package dev.ftp426.correlate;

import java.util.Arrays;

/**
 * The packets of one TCP connection as one capture saw them: for each packet, who sent it, its sequence and
 * acknowledgement numbers, flags, payload length, time and frame. Enough to recognise the same packet in another
 * capture of the same connection. Bounded: packets beyond {@link #MAX_PACKETS} are counted, not kept.
 */
public final class FlowTrace
{
    /** Packets kept per connection. */
    public static final int MAX_PACKETS = 1 << 20;

    final long flowId;
    final String initiatorIp;
    final int initiatorPort;
    final String responderIp;
    final int responderPort;
    final String communityId;
    long initiatorIsn = -1;
    long synTsNanos = Long.MIN_VALUE;
    int initiatorTtl = -1;
    int responderTtl = -1;
    int size;
    long dropped;
    byte[] direction = new byte[64];
    long[] seq = new long[64];
    long[] ack = new long[64];
    int[] flags = new int[64];
    int[] length = new int[64];
    long[] ts = new long[64];
    long[] frame = new long[64];

    FlowTrace(final long flowId, final String initiatorIp, final int initiatorPort, final String responderIp,
        final int responderPort, final String communityId)
    {
        this.flowId = flowId;
        this.initiatorIp = initiatorIp;
        this.initiatorPort = initiatorPort;
        this.responderIp = responderIp;
        this.responderPort = responderPort;
        this.communityId = communityId;
    }

    /** @return false when the packet was not kept (the per-connection or the capture's limit). */
    boolean add(final int dir, final long seqValue, final long ackValue, final int flagBits, final int payload,
        final long tsNanos, final long frameNumber)
    {
        if (size == MAX_PACKETS)
        {
            dropped++;
            return false;
        }
        if (size == seq.length)
        {
            final int capacity = Math.min(MAX_PACKETS, size * 2);
            direction = Arrays.copyOf(direction, capacity);
            seq = Arrays.copyOf(seq, capacity);
            ack = Arrays.copyOf(ack, capacity);
            flags = Arrays.copyOf(flags, capacity);
            length = Arrays.copyOf(length, capacity);
            ts = Arrays.copyOf(ts, capacity);
            frame = Arrays.copyOf(frame, capacity);
        }
        direction[size] = (byte)dir;
        seq[size] = seqValue;
        ack[size] = ackValue;
        flags[size] = flagBits;
        length[size] = payload;
        ts[size] = tsNanos;
        frame[size] = frameNumber;
        size++;
        return true;
    }

    public long flowId() { return flowId; }
    public String initiatorIp() { return initiatorIp; }
    public int initiatorPort() { return initiatorPort; }
    public String responderIp() { return responderIp; }
    public int responderPort() { return responderPort; }
    public String communityId() { return communityId; }
    /** Initiator's SYN sequence number, or -1 when the SYN was not captured. */
    public long initiatorIsn() { return initiatorIsn; }
    public int packets() { return size; }

    /** Address of the sender of direction 0 (initiator) or 1. */
    String sender(final int dir)
    {
        return dir == 0 ? initiatorIp : responderIp;
    }

    /** The same connection by its endpoints, whatever the capture. */
    String tupleKey()
    {
        return initiatorIp + "|" + initiatorPort + "|" + responderIp + "|" + responderPort;
    }

    @Override
    public String toString()
    {
        return "FlowTrace{" + tupleKey() + ", isn=" + initiatorIsn + ", packets=" + size + "}";
    }
}
