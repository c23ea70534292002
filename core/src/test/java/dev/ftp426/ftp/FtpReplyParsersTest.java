package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FtpReplyParsersTest
{
    private final HostPort out = new HostPort();

    private static UnsafeBuffer buffer(final String text)
    {
        return new UnsafeBuffer(Wire.ascii(text));
    }

    private boolean pasv(final String text)
    {
        final UnsafeBuffer b = buffer(text);
        return FtpReplyParsers.parseHostPortSix(b, 0, b.capacity(), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Entering Passive Mode (203,0,113,10,160,26)",
        "Entering Passive Mode (203,0,113,10,160,26).",
        "(203,0,113,10,160,26)",
        "Entering passive mode. 203,0,113,10,160,26",
        "Data transfer will passively listen to 203,0,113,10,160,26",
        "=203,0,113,10,160,26",
        "Entering Passive Mode ( 203, 0 ,113,10 , 160,26 )",
        "Entering Passive Mode v2 (203,0,113,10,160,26)",
        "Entering Passive Mode (459,256,369,10,416,282)",
    })
    void pasvQuirksAllGiveTheSameAddressAndPort(final String text)
    {
        assertThat(pasv(text)).isTrue();
        assertThat(out.isIpv4()).isTrue();
        assertThat(HostPort.format(out.hi(), out.lo())).isEqualTo("203.0.113.10");
        assertThat(out.port()).isEqualTo(160 * 256 + 26);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Entering Passive Mode", "(1,2,3,4,5)", "1,2,3,4,5,", "(a,b,c,d,e,f)", "",
        "(1234567890,1,1,1,1,1)"})
    void pasvWithoutSixNumbersIsRejected(final String text)
    {
        assertThat(pasv(text)).isFalse();
    }

    private boolean epsv(final String text)
    {
        final UnsafeBuffer b = buffer(text);
        return FtpReplyParsers.parseEpsv(b, 0, b.capacity(), out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Entering Extended Passive Mode (|||6446|);6446",
        "Extended Passive mode OK (|||40001|);40001",
        "Entering Extended Passive Mode (!!!5282!);5282",
        "Entering Extended Passive Mode (~~~1~);1",
        "|||65535|;65535",
    })
    void epsvAnyDelimiter(final String text, final int port)
    {
        assertThat(epsv(text)).isTrue();
        assertThat(out.hasAddress()).isFalse();
        assertThat(out.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Entering Extended Passive Mode (|!|6446|)", "(|||6446!)", "(|||65536|)", "(||| 1|)",
        "(   6446 )", "(|||6446", "Entering Extended Passive Mode"})
    void epsvDelimitersMustBeIdenticalAndPortValid(final String text)
    {
        assertThat(epsv(text)).isFalse();
    }

    @Test
    void epsvCarryingAnAddress()
    {
        assertThat(epsv("Entering Extended Passive Mode (|2|2001:db8::1|5282|)")).isTrue();
        assertThat(HostPort.format(out.hi(), out.lo())).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(out.port()).isEqualTo(5282);
    }

    private boolean eprt(final String text)
    {
        final UnsafeBuffer b = buffer(text);
        return FtpReplyParsers.parseEprt(b, 0, b.capacity(), out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "|1|198.51.100.10|6275|;198.51.100.10;6275",
        "|2|2001:db8::1|5282|;2001:db8:0:0:0:0:0:1;5282",
        "!2!2001:db8:1:2:3:4:5:6!1!;2001:db8:1:2:3:4:5:6;1",
        "|2|::1|21|;0:0:0:0:0:0:0:1;21",
        "|2|2001:db8::|21|;2001:db8:0:0:0:0:0:0;21",
        "|2|::ffff:198.51.100.7|21|;198.51.100.7;21",
        "|2|2001:db8::198.51.100.7|80|;2001:db8:0:0:0:0:c633:6407;80",
    })
    void eprtV4AndV6(final String text, final String address, final int port)
    {
        assertThat(eprt(text)).isTrue();
        assertThat(HostPort.format(out.hi(), out.lo())).isEqualTo(address);
        assertThat(out.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"|1|198.51.100|6275|", "|1|198.51.100.256|6275|", "|3|198.51.100.10|6275|",
        "|2|2001:db8:::1|1|", "|2|1:2:3:4:5:6:7:8:9|1|", "|1|198.51.100.10|6275", "|1|198.51.100.10!6275|",
        "|2|2001:db8::1::2|1|", "|2|12345::1|1|", "1|1|198.51.100.10|6275|"})
    void eprtMalformed(final String text)
    {
        assertThat(eprt(text)).isFalse();
    }

    @Test
    void portArgument()
    {
        assertThat(pasv("198,51,100,10,19,137")).isTrue();
        assertThat(HostPort.format(out.hi(), out.lo())).isEqualTo("198.51.100.10");
        assertThat(out.port()).isEqualTo(19 * 256 + 137);
    }

    @Test
    void longPassiveAndLongPort()
    {
        UnsafeBuffer b = buffer("Entering Long Passive Mode (4,4,203,0,113,10,2,160,26)");
        assertThat(FtpReplyParsers.parseLongHostPort(b, 0, b.capacity(), out)).isTrue();
        assertThat(HostPort.format(out.hi(), out.lo())).isEqualTo("203.0.113.10");
        assertThat(out.port()).isEqualTo(160 * 256 + 26);

        b = buffer("6,16,32,1,13,184,0,0,0,0,0,0,0,0,0,0,0,1,2,20,162");
        assertThat(FtpReplyParsers.parseLongHostPort(b, 0, b.capacity(), out)).isTrue();
        assertThat(HostPort.format(out.hi(), out.lo())).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(out.port()).isEqualTo(20 * 256 + 162);

        b = buffer("4,16,1,2,3,4,2,1,1");
        assertThat(FtpReplyParsers.parseLongHostPort(b, 0, b.capacity(), out)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Opening BINARY mode data connection for /pub/data-1048576.bin (1048576 bytes).;1048576",
        "Opening BINARY mode data connection for x (12 Bytes);12",
        "Opening ASCII mode data connection for file list;-1",
        "Opening data connection (size unknown) (7 kbytes);-1",
        "Accepted data connection;-1",
        "(0 bytes);0",
    })
    void announcedBytes(final String text, final long expected)
    {
        final UnsafeBuffer b = buffer(text);
        assertThat(FtpReplyParsers.parseAnnouncedBytes(b, 0, b.capacity())).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"1048576;1048576", " 42 ;42", "abc;-1", "12x;-1", ";-1"})
    void leadingNumber(final String text, final long expected)
    {
        final UnsafeBuffer b = buffer(text == null ? "" : text);
        assertThat(FtpReplyParsers.parseLeadingNumber(b, 0, b.capacity())).isEqualTo(expected);
    }

    @Test
    void textDecodingKeepsInvalidBytesAsEscapes()
    {
        final byte[] bytes = {'a', (byte)0xc3, (byte)0xa9, (byte)0xff, 'b', (byte)0xe9};
        final String text = FtpText.decode(bytes);
        assertThat(text).isEqualTo("a\u00e9\udcffb\udce9");
    }
}
