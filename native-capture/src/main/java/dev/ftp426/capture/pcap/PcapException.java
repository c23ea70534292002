package dev.ftp426.capture.pcap;

/**
 * A libpcap operation failed. The message is ready for a user: {@code what: why}; {@link #hint()} may add advice.
 * Subclasses name the failures a command line reports differently.
 */
public class PcapException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String hint;

    public PcapException(final String message)
    {
        this(message, null, null);
    }

    public PcapException(final String message, final String hint)
    {
        this(message, hint, null);
    }

    public PcapException(final String message, final String hint, final Throwable cause)
    {
        super(message, cause);
        this.hint = hint;
    }

    /** The message followed by " (hint: ...)" when there is a hint, ready for {@code ftp426: error: ...}. */
    public String userMessage()
    {
        return null == hint ? getMessage() : getMessage() + " (hint: " + hint + ")";
    }

    /** Advice for the user, e.g. "run 'ftp426 interfaces'", or null. */
    public String hint()
    {
        return hint;
    }
}
