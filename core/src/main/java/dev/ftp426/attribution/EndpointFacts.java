package dev.ftp426.attribution;

import java.util.List;

/**
 * What one end of the data connection sent, keyed by FTP role (not TCP role). Optional parts are null when absent.
 *
 * @param role            FTP role of this endpoint.
 * @param payloadBytes    payload bytes it sent, in sequence space (highest seq + len − ISN − 1; retransmissions
 *                        and capture gaps do not change it).
 * @param packets         packets it sent.
 * @param ttl             TTL baseline of its non-RST packets.
 * @param fin             its first FIN, or null.
 * @param rst             its first RST (claimed source), or null.
 * @param rstCount        RSTs claiming to come from it.
 * @param afterRst        its non-RST packets after that first RST, or null when none.
 * @param retransmissions segments it retransmitted (all kinds but spurious).
 * @param lastRun         the last retransmission run of one sequence number (RTO back-off), or null.
 * @param zeroWindows     zero-window spans it advertised, in order.
 * @param lastDataFrame   its last segment with payload, -1 when it sent none.
 * @param lastDataNanos   that segment's timestamp.
 * @param dupAcks         duplicate ACKs it sent (it saw holes in the peer's data).
 * @param sackAcks        ACKs with SACK blocks it sent.
 * @param mss             MSS it announced, -1 when unknown.
 * @param tlsClose        how it ended its TLS stream.
 * @param firstUnforwardedNanos on a capture that shows forwarded packets twice: when the first of its non-RST
 *                        packets appeared only once (the forwarding host did not pass it on); -1 when none.
 */
public record EndpointFacts(
    FtpRole role,
    long payloadBytes,
    long packets,
    TtlBaseline ttl,
    PacketMark fin,
    ResetFacts rst,
    int rstCount,
    PostResetActivity afterRst,
    int retransmissions,
    RetransmissionRun lastRun,
    List<ZeroWindowSpan> zeroWindows,
    long lastDataFrame,
    long lastDataNanos,
    int dupAcks,
    int sackAcks,
    int mss,
    TlsClose tlsClose,
    long firstUnforwardedNanos)
{
    public EndpointFacts
    {
        zeroWindows = List.copyOf(zeroWindows);
        ttl = null == ttl ? TtlBaseline.NONE : ttl;
        tlsClose = null == tlsClose ? TlsClose.NOT_TLS : tlsClose;
    }

    /** Earliest of its FIN and RST, or null when it never closed. */
    public PacketMark firstClose()
    {
        if (null == fin)
        {
            return null == rst ? null : rst.mark();
        }
        if (null == rst)
        {
            return fin;
        }
        return rst.tsNanos() < fin.tsNanos() ? rst.mark() : fin;
    }

    /** A builder starting from an endpoint that sent nothing. */
    public static Builder builder(final FtpRole role)
    {
        return new Builder(role);
    }

    /** Fluent construction for tests and for the pipeline. */
    public static final class Builder
    {
        private final FtpRole role;
        private long payloadBytes;
        private long packets;
        private TtlBaseline ttl = TtlBaseline.NONE;
        private PacketMark fin;
        private ResetFacts rst;
        private int rstCount;
        private PostResetActivity afterRst;
        private int retransmissions;
        private RetransmissionRun lastRun;
        private List<ZeroWindowSpan> zeroWindows = List.of();
        private long lastDataFrame = -1;
        private long lastDataNanos = -1;
        private int dupAcks;
        private int sackAcks;
        private int mss = -1;
        private TlsClose tlsClose = TlsClose.NOT_TLS;
        private long firstUnforwardedNanos = -1;

        private Builder(final FtpRole role)
        {
            this.role = role;
        }

        public Builder payloadBytes(final long v)
        {
            payloadBytes = v;
            return this;
        }

        public Builder packets(final long v)
        {
            packets = v;
            return this;
        }

        public Builder ttl(final TtlBaseline v)
        {
            ttl = v;
            return this;
        }

        public Builder fin(final PacketMark v)
        {
            fin = v;
            return this;
        }

        public Builder rst(final ResetFacts v, final int count)
        {
            rst = v;
            rstCount = count;
            return this;
        }

        public Builder afterRst(final PostResetActivity v)
        {
            afterRst = v;
            return this;
        }

        public Builder retransmissions(final int v)
        {
            retransmissions = v;
            return this;
        }

        public Builder lastRun(final RetransmissionRun v)
        {
            lastRun = v;
            return this;
        }

        public Builder zeroWindows(final List<ZeroWindowSpan> v)
        {
            zeroWindows = v;
            return this;
        }

        public Builder lastData(final long frame, final long tsNanos)
        {
            lastDataFrame = frame;
            lastDataNanos = tsNanos;
            return this;
        }

        public Builder dupAcks(final int v)
        {
            dupAcks = v;
            return this;
        }

        public Builder sackAcks(final int v)
        {
            sackAcks = v;
            return this;
        }

        public Builder mss(final int v)
        {
            mss = v;
            return this;
        }

        public Builder tlsClose(final TlsClose v)
        {
            tlsClose = v;
            return this;
        }

        public Builder firstUnforwarded(final long tsNanos)
        {
            firstUnforwardedNanos = tsNanos;
            return this;
        }

        public EndpointFacts build()
        {
            return new EndpointFacts(role, payloadBytes, packets, ttl, fin, rst, rstCount, afterRst, retransmissions,
                lastRun, zeroWindows, lastDataFrame, lastDataNanos, dupAcks, sackAcks, mss, tlsClose,
                firstUnforwardedNanos);
        }
    }
}
