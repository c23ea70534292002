package dev.ftp426.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Known-answer tests: the TLS 1.2 PRF vector from the IETF TLS list, and RFC 8448 section 3 traffic keys. */
class TlsKeyDerivationTest
{
    @Test
    void tls12PrfSha256KnownAnswer() throws Exception
    {
        final byte[] out = TlsKeyDerivation.prf12("HmacSHA256", Hex.decode("9bbe436ba940f017b17652849a71db35"),
            "test label", Hex.decode("a0ba9f936cda311827a6f796ffd5198c"), 100);
        assertThat(Hex.encode(out)).isEqualTo(
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a" +
            "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab" +
            "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701" +
            "87347b66");
    }

    @Test
    void rfc8448TrafficKeysAndIvs() throws Exception
    {
        assertKeyIv(Rfc8448.SERVER_HANDSHAKE_SECRET, "3fce516009c21727d0f2e4e86ee403bc", "5d313eb2671276ee13000b30");
        assertKeyIv(Rfc8448.CLIENT_HANDSHAKE_SECRET, "dbfaa693d1762c5b666af5d950258d01", "5bd3c71b836e0b76bb73265f");
        assertKeyIv(Rfc8448.SERVER_APPLICATION_SECRET, "9f02283b6c9c07efc26bb9f2ac92e356", "cf782b88dd83549aadf1e984");
        assertKeyIv(Rfc8448.CLIENT_APPLICATION_SECRET, "17422dda596ed5d9acd890e3c63f5051", "5b78923dee08579033e523d9");
    }

    private static void assertKeyIv(final String secret, final String key, final String iv) throws Exception
    {
        final byte[] s = Hex.decode(secret);
        assertThat(Hex.encode(TlsKeyDerivation.hkdfExpandLabel("HmacSHA256", s, "key", new byte[0], 16)))
            .isEqualTo(key);
        assertThat(Hex.encode(TlsKeyDerivation.hkdfExpandLabel("HmacSHA256", s, "iv", new byte[0], 12)))
            .isEqualTo(iv);
    }
}
