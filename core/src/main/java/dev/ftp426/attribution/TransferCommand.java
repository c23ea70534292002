package dev.ftp426.attribution;

/** The FTP command that opened a data transfer, and which way its data flows. */
public enum TransferCommand
{
    RETR(false),
    STOR(true),
    APPE(true),
    STOU(true),
    LIST(false),
    NLST(false),
    MLSD(false),
    /** Command not readable (encrypted control channel); the direction then comes from the data flow. */
    UNKNOWN(false);

    private final boolean upload;

    TransferCommand(final boolean upload)
    {
        this.upload = upload;
    }

    /** True when the client sends the data (STOR, APPE, STOU). */
    public boolean upload()
    {
        return upload;
    }

    /** The matching command, or {@link #UNKNOWN}. */
    public static TransferCommand parse(final String verb)
    {
        if (null != verb)
        {
            for (final TransferCommand c : values())
            {
                if (c.name().equalsIgnoreCase(verb.trim()))
                {
                    return c;
                }
            }
        }
        return UNKNOWN;
    }
}
