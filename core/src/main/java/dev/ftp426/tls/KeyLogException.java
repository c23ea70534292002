package dev.ftp426.tls;

/** A key log file that cannot be read or parsed; the message names the file and, for content errors, the line. */
public final class KeyLogException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int lineNumber;

    public KeyLogException(final String source, final int lineNumber, final String message)
    {
        super(source + (lineNumber > 0 ? ":" + lineNumber : "") + ": " + message);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    public KeyLogException(final String source, final String message, final Throwable cause)
    {
        super(source + ": " + message, cause);
        this.source = source;
        this.lineNumber = 0;
    }

    /** The file (or name given for the text) that failed. */
    public String source()
    {
        return source;
    }

    /** 1-based line number of the bad line, 0 when the error is not about one line. */
    public int lineNumber()
    {
        return lineNumber;
    }
}
