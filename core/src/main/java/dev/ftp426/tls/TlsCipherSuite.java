package dev.ftp426.tls;

/** The AEAD cipher suites {@link TlsDecryptor} can read, and what it needs to know about each. */
final class TlsCipherSuite
{
    static final int AES_GCM = 1;
    static final int CHACHA20_POLY1305 = 2;

    final int id;
    final String name;
    final boolean tls13;
    final int aead;
    final int keyLength;
    /** TLS 1.2: salt (GCM, 4) or full nonce (ChaCha20, 12); TLS 1.3: 12. */
    final int fixedIvLength;
    final String hmac;
    final int hashLength;

    private TlsCipherSuite(
        final int id, final String name, final boolean tls13, final int aead, final int keyLength, final boolean sha384)
    {
        this.id = id;
        this.name = name;
        this.tls13 = tls13;
        this.aead = aead;
        this.keyLength = keyLength;
        this.fixedIvLength = tls13 || aead == CHACHA20_POLY1305 ? 12 : 4;
        this.hmac = sha384 ? "HmacSHA384" : "HmacSHA256";
        this.hashLength = sha384 ? 48 : 32;
    }

    private static final TlsCipherSuite[] SUITES =
    {
        new TlsCipherSuite(0x1301, "TLS_AES_128_GCM_SHA256", true, AES_GCM, 16, false),
        new TlsCipherSuite(0x1302, "TLS_AES_256_GCM_SHA384", true, AES_GCM, 32, true),
        new TlsCipherSuite(0x1303, "TLS_CHACHA20_POLY1305_SHA256", true, CHACHA20_POLY1305, 32, false),
        new TlsCipherSuite(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", false, AES_GCM, 16, false),
        new TlsCipherSuite(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", false, AES_GCM, 32, true),
        new TlsCipherSuite(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", false, AES_GCM, 16, false),
        new TlsCipherSuite(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", false, AES_GCM, 32, true),
        new TlsCipherSuite(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", false, AES_GCM, 16, false),
        new TlsCipherSuite(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", false, AES_GCM, 32, true),
        new TlsCipherSuite(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", false, AES_GCM, 16, false),
        new TlsCipherSuite(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false, AES_GCM, 32, true),
        new TlsCipherSuite(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, CHACHA20_POLY1305, 32, false),
        new TlsCipherSuite(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", false, CHACHA20_POLY1305, 32, false),
        new TlsCipherSuite(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, CHACHA20_POLY1305, 32, false),
    };

    /** The suite with this id, or null when it is not one that can be decrypted. */
    static TlsCipherSuite find(final int id)
    {
        for (final TlsCipherSuite suite : SUITES)
        {
            if (suite.id == id)
            {
                return suite;
            }
        }
        return null;
    }

    /** True when {@link TlsDecryptor} can read connections using this suite. */
    static boolean isSupported(final int id)
    {
        return find(id) != null;
    }
}
