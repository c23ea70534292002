package dev.ftp426.capture.pcap;

import dev.ftp426.pcap.Frame;
import dev.ftp426.pcap.LinkType;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * One BPF expression applied to frames of any link type (a pcapng file may mix them): the expression is compiled
 * once per LINKTYPE_ value on first sight and cached. Creating the set compiles it for Ethernet, so a bad expression
 * is reported before any frame is read. One instance per thread; close it to free every compiled program.
 */
public final class OfflineFilterSet implements AutoCloseable
{
    private final String expression;
    private final int snaplen;
    private final Int2ObjectHashMap<OfflineFilter> filters = new Int2ObjectHashMap<>();
    private OfflineFilter last;

    private OfflineFilterSet(final String expression, final int snaplen)
    {
        this.expression = expression;
        this.snaplen = snaplen;
    }

    /**
     * @param expression pcap-filter(7) expression.
     * @param snaplen    snapshot length to compile for; 0 or less means 262144.
     * @return the set, with the Ethernet program already compiled.
     * @throws BadFilterException          the expression does not compile (libpcap's message).
     * @throws LibpcapUnavailableException libpcap is not installed.
     */
    public static OfflineFilterSet compile(final String expression, final int snaplen)
    {
        final OfflineFilterSet set = new OfflineFilterSet(expression, snaplen);
        set.filterFor(LinkType.ETHERNET);
        return set;
    }

    public String expression()
    {
        return expression;
    }

    /**
     * Whether the filter accepts the frame.
     *
     * @throws BadFilterException when the expression cannot apply to this frame's link type (e.g. "ether host" on raw
     *                            IP); thrown the first time that link type is seen.
     */
    public boolean matches(final Frame frame)
    {
        final OfflineFilter cached = last;
        final OfflineFilter filter = null != cached && cached.linkType() == frame.linkType() ?
            cached : filterFor(frame.linkType());
        return filter.matches(frame);
    }

    public void close()
    {
        RuntimeException failure = null;
        for (final OfflineFilter filter : filters.values())
        {
            try
            {
                filter.close();
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
            }
        }
        filters.clear();
        last = null;
        if (null != failure)
        {
            throw failure;
        }
    }

    private OfflineFilter filterFor(final int linkType)
    {
        OfflineFilter filter = filters.get(linkType);
        if (null == filter)
        {
            try
            {
                filter = OfflineFilter.compile(linkType, snaplen, expression);
            }
            catch (final BadFilterException ex)
            {
                if (LinkType.ETHERNET == linkType)
                {
                    throw ex;
                }
                throw new BadFilterException(expression, ex.getMessage().substring(
                    ex.getMessage().indexOf("': ") + 3) + " (for link type " + LinkType.name(linkType) + ")");
            }
            filters.put(linkType, filter);
        }
        last = filter;
        return filter;
    }
}
