package dev.ftp426.capture.pcap;

import dev.ftp426.pcap.LinkType;

/**
 * libpcap's API speaks DLT_ values while capture files and {@link dev.ftp426.pcap.Frame} carry LINKTYPE_ values.
 * They agree except for raw IP, whose DLT_ value differs by platform (12 on Linux, 14 on OpenBSD) while its
 * LINKTYPE_ value is 101.
 */
public final class DataLinkTypes
{
    private static final int DLT_RAW = 12;
    private static final int DLT_RAW_OPENBSD = 14;

    private DataLinkTypes()
    {
    }

    /** The LINKTYPE_ value for a DLT_ value returned by {@code pcap_datalink}. */
    public static int toLinkType(final int dataLinkType)
    {
        if (DLT_RAW == dataLinkType || DLT_RAW_OPENBSD == dataLinkType)
        {
            return LinkType.RAW;
        }
        return dataLinkType;
    }

    /** The DLT_ value libpcap on this (Linux) platform expects for a LINKTYPE_ value. */
    public static int toDataLinkType(final int linkType)
    {
        if (LinkType.RAW == linkType || LinkType.RAW_12 == linkType || LinkType.RAW_14 == linkType)
        {
            return DLT_RAW;
        }
        return linkType;
    }
}
