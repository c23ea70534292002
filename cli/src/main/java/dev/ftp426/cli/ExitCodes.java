package dev.ftp426.cli;

/** Process exit codes, documented in every command's help and in README.md. */
public final class ExitCodes
{
    public static final int OK = 0;
    public static final int RUNTIME_ERROR = 1;
    public static final int USAGE = 2;
    public static final int VERDICT_FOUND = 10;
    public static final int INTERRUPTED = 130;


    private ExitCodes()
    {
    }
}
