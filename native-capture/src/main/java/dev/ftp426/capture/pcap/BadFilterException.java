package dev.ftp426.capture.pcap;

/** A BPF filter expression did not compile; the message carries libpcap's own explanation. */
public final class BadFilterException extends PcapException
{
    private static final long serialVersionUID = 1L;

    private final String expression;

    public BadFilterException(final String expression, final String libpcapMessage)
    {
        super("bad filter expression '" + expression + "': " + libpcapMessage, "see pcap-filter(7)");
        this.expression = expression;
    }

    public String expression()
    {
        return expression;
    }
}
