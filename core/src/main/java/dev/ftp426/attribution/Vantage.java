package dev.ftp426.attribution;

import java.util.Locale;

/** Where the capture was taken relative to the FTP client and server. */
public enum Vantage
{
    CLIENT,
    SERVER,
    MIDDLE,
    UNKNOWN;

    /** Lower-case code used in reports. */
    public String code()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
