package dev.ftp426.pcap;

/**
 * The input is not a capture this project can read: not pcap, not pcapng (plain or gzip), or its file header is cut
 * short.
 * <p>
 * Unchecked so that frame handlers and lambdas stay simple; it is the only exception thrown for bad input. It is only
 * thrown while opening: damage found later (impossible lengths, garbage, a truncated end) never throws, it is recorded
 * in {@link CaptureStats} and reading continues where it can. The message names the input and what was found, with a
 * byte offset where one applies.
 */
public final class BadCaptureException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String inputName;
    private final long offset;

    public BadCaptureException(final String inputName, final long offset, final String what)
    {
        super(inputName + ": " + what + (offset >= 0 ? " (at byte offset " + offset + ")" : ""));
        this.inputName = inputName;
        this.offset = offset;
    }

    /** Name of the file or stream, as given to {@link CaptureReaders}. */
    public String inputName()
    {
        return inputName;
    }

    /** Byte offset of the problem in the (decompressed) input, or -1 when none applies. */
    public long offset()
    {
        return offset;
    }
}
