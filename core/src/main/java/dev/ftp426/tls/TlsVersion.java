package dev.ftp426.tls;

/** Protocol version numbers as they appear on the wire. */
public final class TlsVersion
{
    public static final int SSL_3_0 = 0x0300;
    public static final int TLS_1_0 = 0x0301;
    public static final int TLS_1_1 = 0x0302;
    public static final int TLS_1_2 = 0x0303;
    public static final int TLS_1_3 = 0x0304;

    private TlsVersion()
    {
    }

    public static String name(final int version)
    {
        switch (version)
        {
            case SSL_3_0: return "SSLv3";
            case TLS_1_0: return "TLSv1.0";
            case TLS_1_1: return "TLSv1.1";
            case TLS_1_2: return "TLSv1.2";
            case TLS_1_3: return "TLSv1.3";
            case 0: return "unknown";
            default: return String.format("0x%04x", version);
        }
    }
}
