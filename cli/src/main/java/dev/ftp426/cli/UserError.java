package dev.ftp426.cli;

/**
 * A failure the user can act on, printed as one line {@code ftp426: error: <what>: <why> (hint: ...)} with no stack
 * trace, and mapped to exit code 1.
 */
public final class UserError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public UserError(final String message)
    {
        super(message, null, false, false);
    }
}
