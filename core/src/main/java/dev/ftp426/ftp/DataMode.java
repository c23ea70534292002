package dev.ftp426.ftp;

/** How the data connection of a transfer was set up. */
public enum DataMode
{
    /** 227 reply: the client connects to the server. */
    PASV(true),
    /** 229 reply. */
    EPSV(true),
    /** 228 reply (RFC 1639). */
    LPSV(true),
    /** PORT command: the server connects to the client. */
    PORT(false),
    /** EPRT command. */
    EPRT(false),
    /** LPRT command. */
    LPRT(false),
    /** No setup before the transfer: RFC 959 default, the server connects from port 20 to the client's port. */
    DEFAULT(false),
    /** Not known (encrypted control channel, or control connection not in the capture). */
    UNKNOWN(false);

    private final boolean passive;

    DataMode(final boolean passive)
    {
        this.passive = passive;
    }

    /** True when the FTP client opens the data connection (TCP initiator = FTP client). */
    public boolean passive()
    {
        return passive;
    }
}
