package dev.ftp426.attribution;

import java.util.List;

/**
 * What the TCP engine saw on the data connection of one transfer, in FTP roles. Absent (null) when no data
 * connection was seen for the transfer.
 *
 * @param client                     facts about the FTP client's end.
 * @param server                     facts about the FTP server's end.
 * @param clientEndpoint             address and port of the client's end of the data connection.
 * @param serverEndpoint             address and port of the server's end.
 * @param tcpOriginator              FTP role that sent the SYN (CLIENT for passive, SERVER for active mode).
 * @param handshake                  handshake timing, or null when the capture started after it.
 * @param firstFrame                 first frame of the connection.
 * @param firstNanos                 its timestamp.
 * @param lastFrame                  last frame of the connection.
 * @param lastNanos                  its timestamp.
 * @param ackedUnseen                ACKs for data the capture never saw ("ACKed unseen segment"): capture loss.
 * @param previousSegmentNotCaptured sequence gaps ("previous segment not captured"): loss upstream of the capture
 *                                   point, or capture loss when ACKs above the gap are seen too.
 * @param truncatedFrames            frames cut by the snap length (a capture artefact, never loss).
 * @param resetPairs                 RSTs towards both endpoints within a few ms.
 * @param icmpFragNeeded             ICMP "fragmentation needed" / ICMPv6 "packet too big" quoting this connection.
 * @param fullSizeOnlyLost           the last retransmission run repeats full-size segments while smaller segments
 *                                   from the same sender got through (a PMTU black hole shape).
 * @param senderIdle                 the data sender's longest silence while the connection was open, or null.
 */
public record DataFlowFacts(
    EndpointFacts client,
    EndpointFacts server,
    Endpoint clientEndpoint,
    Endpoint serverEndpoint,
    FtpRole tcpOriginator,
    Handshake handshake,
    long firstFrame,
    long firstNanos,
    long lastFrame,
    long lastNanos,
    CaptureGaps ackedUnseen,
    CaptureGaps previousSegmentNotCaptured,
    long truncatedFrames,
    List<ResetPair> resetPairs,
    CaptureGaps icmpFragNeeded,
    boolean fullSizeOnlyLost,
    IdleSpan senderIdle)
{
    public DataFlowFacts
    {
        resetPairs = List.copyOf(resetPairs);
        ackedUnseen = null == ackedUnseen ? CaptureGaps.NONE : ackedUnseen;
        previousSegmentNotCaptured = null == previousSegmentNotCaptured ? CaptureGaps.NONE : previousSegmentNotCaptured;
        icmpFragNeeded = null == icmpFragNeeded ? CaptureGaps.NONE : icmpFragNeeded;
    }

    /** Facts of the endpoint with this FTP role. */
    public EndpointFacts endpoint(final FtpRole role)
    {
        return role == FtpRole.CLIENT ? client : server;
    }

    /** A builder; both endpoints default to ones that sent nothing. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Fluent construction for tests and for the pipeline. */
    public static final class Builder
    {
        private EndpointFacts client = EndpointFacts.builder(FtpRole.CLIENT).build();
        private EndpointFacts server = EndpointFacts.builder(FtpRole.SERVER).build();
        private Endpoint clientEndpoint;
        private Endpoint serverEndpoint;
        private FtpRole tcpOriginator = FtpRole.CLIENT;
        private Handshake handshake;
        private long firstFrame = -1;
        private long firstNanos = -1;
        private long lastFrame = -1;
        private long lastNanos = -1;
        private CaptureGaps ackedUnseen = CaptureGaps.NONE;
        private CaptureGaps previousSegmentNotCaptured = CaptureGaps.NONE;
        private long truncatedFrames;
        private List<ResetPair> resetPairs = List.of();
        private CaptureGaps icmpFragNeeded = CaptureGaps.NONE;
        private boolean fullSizeOnlyLost;
        private IdleSpan senderIdle;

        public Builder client(final EndpointFacts v)
        {
            client = v;
            return this;
        }

        public Builder server(final EndpointFacts v)
        {
            server = v;
            return this;
        }

        public Builder endpoints(final Endpoint clientSide, final Endpoint serverSide)
        {
            clientEndpoint = clientSide;
            serverEndpoint = serverSide;
            return this;
        }

        public Builder tcpOriginator(final FtpRole v)
        {
            tcpOriginator = v;
            return this;
        }

        public Builder handshake(final Handshake v)
        {
            handshake = v;
            return this;
        }

        public Builder span(final long firstFrame, final long firstNanos, final long lastFrame, final long lastNanos)
        {
            this.firstFrame = firstFrame;
            this.firstNanos = firstNanos;
            this.lastFrame = lastFrame;
            this.lastNanos = lastNanos;
            return this;
        }

        public Builder ackedUnseen(final CaptureGaps v)
        {
            ackedUnseen = v;
            return this;
        }

        public Builder previousSegmentNotCaptured(final CaptureGaps v)
        {
            previousSegmentNotCaptured = v;
            return this;
        }

        public Builder truncatedFrames(final long v)
        {
            truncatedFrames = v;
            return this;
        }

        public Builder resetPairs(final List<ResetPair> v)
        {
            resetPairs = v;
            return this;
        }

        public Builder icmpFragNeeded(final CaptureGaps v)
        {
            icmpFragNeeded = v;
            return this;
        }

        public Builder fullSizeOnlyLost(final boolean v)
        {
            fullSizeOnlyLost = v;
            return this;
        }

        public Builder senderIdle(final IdleSpan v)
        {
            senderIdle = v;
            return this;
        }

        public DataFlowFacts build()
        {
            return new DataFlowFacts(client, server, clientEndpoint, serverEndpoint, tcpOriginator, handshake,
                firstFrame, firstNanos, lastFrame, lastNanos, ackedUnseen, previousSegmentNotCaptured, truncatedFrames,
                resetPairs, icmpFragNeeded, fullSizeOnlyLost, senderIdle);
        }
    }
}
