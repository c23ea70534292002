package dev.ftp426.attribution;

/** Who broke the transfer. {@link #UNDETERMINED} is a first-class answer, not an error. */
public enum Party
{
    CLIENT,
    SERVER,
    NETWORK,
    UNDETERMINED;

    /** Lower-case code used in reports. */
    public String code()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
