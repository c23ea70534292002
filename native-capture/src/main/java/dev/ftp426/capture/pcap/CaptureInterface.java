package dev.ftp426.capture.pcap;

/**
 * One entry of {@code pcap_findalldevs}, as {@code tcpdump -D} lists it.
 *
 * @param number      1-based position in the list, usable as {@code -i NUMBER}.
 * @param name        interface name to pass to {@code -i}.
 * @param description libpcap's description, or null.
 * @param flags       {@code PCAP_IF_*} bits.
 */
public record CaptureInterface(int number, String name, String description, int flags)
{
    public static final int IF_LOOPBACK = 0x1;
    public static final int IF_UP = 0x2;
    public static final int IF_RUNNING = 0x4;
    public static final int IF_WIRELESS = 0x8;
    public static final int IF_CONNECTION_STATUS = 0x30;
    public static final int IF_CONNECTION_STATUS_CONNECTED = 0x10;
    public static final int IF_CONNECTION_STATUS_DISCONNECTED = 0x20;
    public static final int IF_CONNECTION_STATUS_NOT_APPLICABLE = 0x30;

    public boolean isUp()
    {
        return 0 != (flags & IF_UP);
    }

    public boolean isRunning()
    {
        return 0 != (flags & IF_RUNNING);
    }

    public boolean isLoopback()
    {
        return 0 != (flags & IF_LOOPBACK);
    }

    public boolean isWireless()
    {
        return 0 != (flags & IF_WIRELESS);
    }

    /** "Up, Running, Loopback" style summary as tcpdump -D prints in brackets. */
    public String flagsText()
    {
        final StringBuilder text = new StringBuilder();
        append(text, isUp(), "Up");
        append(text, isRunning(), "Running");
        append(text, isWireless(), "Wireless");
        append(text, isLoopback(), "Loopback");
        switch (flags & IF_CONNECTION_STATUS)
        {
            case IF_CONNECTION_STATUS_CONNECTED: append(text, true, "Connected"); break;
            case IF_CONNECTION_STATUS_DISCONNECTED: append(text, true, "Disconnected"); break;
            default: break;
        }
        return text.toString();
    }

    private static void append(final StringBuilder text, final boolean present, final String word)
    {
        if (present)
        {
            text.append(text.length() == 0 ? "" : ", ").append(word);
        }
    }
}
