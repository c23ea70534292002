package dev.ftp426.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracker-wide segment ring answers as each endpoint's own ring of its last eight segments did: other endpoints'
 * segments in between do not push an original out, the endpoint's own ninth-newest segment is out, and so is one
 * overwritten after a full turn of the ring.
 */
class RecentSegmentsTest
{
    private static final int FLAGS = 0x18;
    private static final int TTL = 64;

    private final RecentSegments ring = new RecentSegments(RecentSegments.MIN_CAPACITY);
    private final TcpEndpoint a = endpoint(1);
    private final TcpEndpoint b = endpoint(2);

    @Test
    void aCopyWithTheTtlOneLowerIsRecognisedOnce()
    {
        assertThat(send(a, 1000, 0, TTL)).isFalse();
        assertThat(send(a, 1000, 50_000, TTL - 1)).isTrue();
        assertThat(send(a, 1000, 60_000, TTL - 1)).isFalse();
    }

    @Test
    void aSameTtlRetransmissionOrALateOrTwoHopCopyIsNot()
    {
        send(a, 1000, 0, TTL);
        assertThat(send(a, 1000, 10_000, TTL)).isFalse();
        send(a, 2000, 20_000, TTL);
        assertThat(send(a, 2000, 30_000, TTL - 2)).isFalse();
        send(a, 3000, 40_000, TTL);
        assertThat(send(a, 3000, 40_000 + RecentSegments.FORWARD_COPY_NANOS, TTL - 1)).isFalse();
        // the newest segment with a header is the only one compared: after a retransmission, a copy of it counts
        assertThat(send(a, 1000, 50_000, TTL - 1)).isTrue();
    }

    @Test
    void theEighthNewestSegmentOfTheEndpointIsComparedTheNinthIsNot()
    {
        send(a, 1000, 0, TTL);
        for (int i = 1; i <= 7; i++)
        {
            send(a, 1000 + i * 100, i, TTL);
        }
        assertThat(send(a, 1000, 100, TTL - 1)).isTrue();

        send(b, 5000, 200, TTL);
        for (int i = 1; i <= 8; i++)
        {
            send(b, 5000 + i * 100, 200 + i, TTL);
        }
        assertThat(send(b, 5000, 300, TTL - 1)).isFalse();
    }

    @Test
    void otherEndpointsSegmentsInBetweenDoNotPushAnOriginalOut()
    {
        send(a, 1000, 0, TTL);
        for (int i = 0; i < RecentSegments.MIN_CAPACITY - 1; i++)
        {
            send(b, 5000 + i * 100, 1 + i, TTL);
        }
        assertThat(send(a, 1000, 1_500_000, TTL - 1)).isTrue();
    }

    @Test
    void anOriginalOverwrittenByAFullTurnOfTheRingIsForgotten()
    {
        send(a, 1000, 0, TTL);
        for (int i = 0; i < RecentSegments.MIN_CAPACITY; i++)
        {
            send(b, 5000 + i * 100, 1 + i, TTL);
        }
        assertThat(send(a, 1000, 1_500_000, TTL - 1)).isFalse();
    }

    @Test
    void aReusedEndpointStartsWithNoSegments()
    {
        send(a, 1000, 0, TTL);
        a.reset(0, 1, 40000);
        assertThat(send(a, 1000, 10_000, TTL - 1)).isFalse();
    }

    private boolean send(final TcpEndpoint ep, final long seq, final long tsNanos, final int ttl)
    {
        return ring.isForwardedCopy(ep, seq, 77, FLAGS, 100, tsNanos, ttl);
    }

    private static TcpEndpoint endpoint(final long address)
    {
        final TcpEndpoint ep = new TcpEndpoint();
        ep.reset(0, address, 40000);
        return ep;
    }
}
