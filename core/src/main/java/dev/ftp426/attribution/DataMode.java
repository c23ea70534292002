package dev.ftp426.attribution;

/** Who opened the data connection: the client (passive: PASV/EPSV) or the server (active: PORT/EPRT). */
public enum DataMode
{
    PASSIVE,
    ACTIVE,
    UNKNOWN;

    /** The FTP role expected to send the SYN, or null when unknown. */
    public FtpRole tcpOriginator()
    {
        return this == PASSIVE ? FtpRole.CLIENT : this == ACTIVE ? FtpRole.SERVER : null;
    }
}
