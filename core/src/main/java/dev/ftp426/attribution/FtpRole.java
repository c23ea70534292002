package dev.ftp426.attribution;

/**
 * The FTP role of one end of a connection. Facts are keyed by FTP role, never by TCP role: in active mode
 * (PORT/EPRT) the server opens the data connection, so the TCP originator is the FTP server.
 */
public enum FtpRole
{
    CLIENT,
    SERVER;

    /** The other end. */
    public FtpRole peer()
    {
        return this == CLIENT ? SERVER : CLIENT;
    }

    /** Lower-case word for sentences and codes. */
    public String word()
    {
        return this == CLIENT ? "client" : "server";
    }
}
