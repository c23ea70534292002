package dev.ftp426.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ClientPortsTest
{
    @Test
    void clientEndpointsDoNotRepeatAcrossAMillionFlows()
    {
        final ClientPorts ports = new ClientPorts();
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++)
        {
            final long pair = ports.next(i % 5 == 0);
            final int port = (int)pair & 0xffff;
            assertThat(port).isBetween(32768, 60999).isNotIn(34980, 44321, 44322, 44818, 48049, 48898, 57000);
            assertThat(Hosts.isClient((int)(pair >>> 32))).isTrue();
            assertThat(seen.add(pair)).isTrue();
        }
    }

    @Test
    void dataPortsStayOnTheHostAndAboveTheGeneralRange()
    {
        final ClientPorts ports = new ClientPorts();
        final int host = Hosts.client(false, 7);
        assertThat(ports.nextDataPort(host)).isEqualTo(61000);
        assertThat(ports.nextDataPort(host)).isEqualTo(61001);
        assertThat(ports.nextDataPort(Hosts.client(true, 7))).isEqualTo(61000);
    }

    @Test
    void addressesAreDocumentationRanges()
    {
        assertThat(Hosts.addressText(Hosts.client(false, 0))).isEqualTo("198.51.100.1");
        assertThat(Hosts.addressText(Hosts.server(false, 253))).isEqualTo("203.0.113.254");
        assertThat(Hosts.addressText(Hosts.client(true, 0x2a))).isEqualTo("2001:db8:100::2b");
        assertThat(Hosts.addressText(Hosts.server(true, 0))).isEqualTo("2001:db8:113::1");
    }
}
