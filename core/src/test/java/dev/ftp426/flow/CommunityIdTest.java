package dev.ftp426.flow;

import dev.ftp426.decode.DecodedPacket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Community ID v1 vectors. Besides the spec's own examples, the IPv6 and seeded values were computed independently
 * with this Python 3 implementation of the spec (and it reproduces the spec's examples):
 * <pre>
 * import hashlib, base64, ipaddress, struct
 * def cid(saddr, daddr, sport, dport, proto=6, seed=0):
 *     s = ipaddress.ip_address(saddr).packed; d = ipaddress.ip_address(daddr).packed
 *     if (s, sport) &gt; (d, dport):
 *         s, d, sport, dport = d, s, dport, sport
 *     data = struct.pack('!H', seed) + s + d + struct.pack('!BB', proto, 0) + struct.pack('!HH', sport, dport)
 *     return '1:' + base64.b64encode(hashlib.sha1(data).digest()).decode()
 * </pre>
 */
class CommunityIdTest
{
    private final CommunityId communityId = new CommunityId(0);

    private static long v4(final int a, final int b, final int c, final int d)
    {
        return DecodedPacket.V4_MAPPED_LO_PREFIX | ((long)a << 24) | ((long)b << 16) | ((long)c << 8) | d;
    }

    @Test
    void specVectorBothDirections()
    {
        final long src = v4(1, 2, 3, 4);
        final long dst = v4(5, 6, 7, 8);
        assertThat(communityId.compute(0, src, 1122, 0, dst, 3344, 6)).isEqualTo("1:wCb3OG7yAFWelaUydu0D+125CLM=");
        assertThat(communityId.compute(0, dst, 3344, 0, src, 1122, 6)).isEqualTo("1:wCb3OG7yAFWelaUydu0D+125CLM=");
    }

    @Test
    void specReadmeExample()
    {
        assertThat(communityId.compute(0, v4(128, 232, 110, 120), 34855, 0, v4(66, 35, 250, 204), 80, 6))
            .isEqualTo("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
    }

    @Test
    void ipv6VectorBothDirections()
    {
        final long hi = 0x2001_0db8_0000_0000L;
        assertThat(communityId.compute(hi, 1, 49152, hi, 2, 21, 6)).isEqualTo("1:sty3chhvY24obX0Q8v8r9lEOKBg=");
        assertThat(communityId.compute(hi, 2, 21, hi, 1, 49152, 6)).isEqualTo("1:sty3chhvY24obX0Q8v8r9lEOKBg=");
    }

    @Test
    void seedChangesTheHash()
    {
        assertThat(new CommunityId(1).compute(0, v4(1, 2, 3, 4), 1122, 0, v4(5, 6, 7, 8), 3344, 6))
            .isEqualTo("1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=");
    }

    @Test
    void fromAFlowKey()
    {
        final FlowKey key = new FlowKey().set(0, v4(198, 51, 100, 1), 40000, 0, v4(203, 0, 113, 9), 21, 0);
        assertThat(communityId.compute(key, 6)).isEqualTo("1:oYx9BysFXQxPSDPbfPulBHy+uQs=");
    }
}
