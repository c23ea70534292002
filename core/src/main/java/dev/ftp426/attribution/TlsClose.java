package dev.ftp426.attribution;

/** Whether a sender ended its TLS data stream with a close_notify alert before its TCP FIN. */
public enum TlsClose
{
    /** The data connection does not carry TLS. */
    NOT_TLS,
    /** An alert record (content type 21) preceded the FIN. */
    CLOSE_NOTIFY,
    /** TLS 1.2 or older and no alert record before the FIN: no close_notify was sent. */
    NO_CLOSE_NOTIFY,
    /** TLS 1.3 hides the record type, or the end was not seen: cannot tell. */
    UNKNOWN
}
