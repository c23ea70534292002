package dev.ftp426.tls;

/** TLS record content types (RFC 8446 section 5.1, RFC 5246 section 6.2.1). */
public final class TlsContentType
{
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    public static final int HEARTBEAT = 24;

    private TlsContentType()
    {
    }

    /** True for the types a TLS 1.0..1.3 record header may carry. */
    public static boolean isKnown(final int type)
    {
        return type >= CHANGE_CIPHER_SPEC && type <= HEARTBEAT;
    }

    public static String name(final int type)
    {
        switch (type)
        {
            case CHANGE_CIPHER_SPEC: return "change_cipher_spec";
            case ALERT: return "alert";
            case HANDSHAKE: return "handshake";
            case APPLICATION_DATA: return "application_data";
            case HEARTBEAT: return "heartbeat";
            default: return "unknown(" + type + ")";
        }
    }
}
