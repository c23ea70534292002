package dev.ftp426.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAddressTest
{
    @ParameterizedTest
    @CsvSource({
        "203.0.113.10, 203.0.113.10",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:db8::1, 2001:db8::1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:1:1:1:1:0:1, 2001:db8:1:1:1:1:0:1",
        "::, ::",
        "::1, ::1",
        "fe80::, fe80::",
        "2001:0db8:00aa:0000:0000:0000:0000:0bcd, 2001:db8:aa::bcd",
        "::ffff:198.51.100.1, 198.51.100.1",
    })
    void formatsRfc5952(final String input, final String expected)
    {
        final long[] address = IpAddress.parse(input);
        assertThat(IpAddress.format(address[0], address[1])).isEqualTo(expected);
    }

    @Test
    void ipv4IsStoredMapped()
    {
        final long[] address = IpAddress.parse("198.51.100.1");
        assertThat(address[0]).isZero();
        assertThat(address[1]).isEqualTo(0x0000_ffff_c633_6401L);
        assertThat(IpAddress.isV4Mapped(address[0], address[1])).isTrue();
        assertThat(IpAddress.v4(address[1])).isEqualTo(0xc6336401);
        final long[] v6 = IpAddress.parse("2001:db8::c633:6401");
        assertThat(IpAddress.isV4Mapped(v6[0], v6[1])).isFalse();
        assertThat(IpAddress.isV4Mapped(0, 0x0000_fffe_c633_6401L)).isFalse();
    }

    @Test
    void parseRejectsHostNames()
    {
        assertThatThrownBy(() -> IpAddress.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.parse("1.2.3.4.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.parse("1.2.3.256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.parse("1.2..3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.parse("2001:db8::g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpAddress.parse("1:2:3:4:5:6:7:8:9")).isInstanceOf(IllegalArgumentException.class);
    }
}
