package dev.ftp426.capture.pcap;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/** The capture interfaces libpcap can open ({@code pcap_findalldevs}), for {@code interfaces} and {@code -i N}. */
public final class Interfaces
{
    /** Offsets in {@code struct pcap_if { next; name; description; addresses; bpf_u_int32 flags; }} on LP64. */
    private static final int IF_NEXT_OFFSET = 0;
    private static final int IF_NAME_OFFSET = 8;
    private static final int IF_DESCRIPTION_OFFSET = 16;
    private static final int IF_FLAGS_OFFSET = 32;
    private static final int IF_LENGTH = 40;
    private static final int MAX_STRING = 4096;

    private Interfaces()
    {
    }

    /**
     * Lists the interfaces in libpcap's order, numbered from 1.
     *
     * @return the interfaces; empty when there are none (e.g. without capture permission on some systems).
     * @throws LibpcapUnavailableException when libpcap is not installed.
     */
    public static List<CaptureInterface> list()
    {
        final PcapLibrary library = PcapLibrary.get();
        NativeMemory.checkPointerSize();
        final NativeMemory out = new NativeMemory(NativeMemory.POINTER_SIZE);
        final NativeMemory errbuf = new NativeMemory(PcapLibrary.ERRBUF_SIZE);
        if (0 != library.lib.pcap_findalldevs(out.address(), errbuf.address()))
        {
            throw new PcapException("cannot list interfaces: " + errbuf.string());
        }

        final long first = out.buffer().getLong(0);
        final List<CaptureInterface> interfaces = new ArrayList<>();
        try
        {
            final UnsafeBuffer entry = new UnsafeBuffer(0, 0);
            final UnsafeBuffer text = new UnsafeBuffer(0, 0);
            long address = first;
            while (0 != address)
            {
                entry.wrap(address, IF_LENGTH);
                final String name = NativeMemory.cString(text, entry.getLong(IF_NAME_OFFSET), MAX_STRING);
                final String description =
                    NativeMemory.cString(text, entry.getLong(IF_DESCRIPTION_OFFSET), MAX_STRING);
                interfaces.add(new CaptureInterface(
                    interfaces.size() + 1, name, description, entry.getInt(IF_FLAGS_OFFSET)));
                address = entry.getLong(IF_NEXT_OFFSET);
            }
        }
        finally
        {
            if (0 != first)
            {
                library.lib.pcap_freealldevs(first);
            }
        }
        return interfaces;
    }

    /**
     * Resolves {@code -i} the way tcpdump does: a positive number is a position in {@link #list()}, anything else a
     * name, passed through unchanged (libpcap also opens interfaces it does not list, e.g. in another state).
     *
     * @param nameOrNumber the {@code -i} argument.
     * @return the interface name.
     * @throws NoSuchInterfaceException when a number is out of range.
     */
    public static String resolve(final String nameOrNumber)
    {
        if (!nameOrNumber.isEmpty() && nameOrNumber.chars().allMatch(Character::isDigit) && nameOrNumber.length() < 10)
        {
            final int number = Integer.parseInt(nameOrNumber);
            final List<CaptureInterface> interfaces = list();
            if (number < 1 || number > interfaces.size())
            {
                throw new NoSuchInterfaceException("interface number " + number + " out of range 1.." +
                    interfaces.size());
            }
            return interfaces.get(number - 1).name();
        }
        return nameOrNumber;
    }
}
