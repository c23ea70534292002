package dev.ftp426.bench.gen;

import java.nio.ByteBuffer;

/** Independent checks of one generated frame: checksums, lengths and address ranges. */
final class FrameCheck
{
    boolean vlan;
    boolean v6;
    boolean ipChecksumOk = true;
    boolean tcpChecksumOk;
    boolean lengthsConsistent;
    boolean documentationAddresses;

    static FrameCheck of(final byte[] frame)
    {
        final FrameCheck c = new FrameCheck();
        final ByteBuffer b = ByteBuffer.wrap(frame);
        int p = 12;
        int type = b.getShort(p) & 0xffff;
        if (type == 0x8100)
        {
            c.vlan = true;
            p += 4;
            type = b.getShort(p) & 0xffff;
        }
        p += 2;
        final int ip = p;
        final int tcp;
        final int tcpLength;
        long pseudo;
        if (type == 0x0800)
        {
            final int ihl = (b.get(ip) & 0x0f) * 4;
            c.ipChecksumOk = fold(sum(b, ip, ihl)) == 0xffff;
            final int total = b.getShort(ip + 2) & 0xffff;
            c.lengthsConsistent = ip + total == frame.length && b.get(ip + 9) == 6;
            final int src = b.getInt(ip + 12);
            final int dst = b.getInt(ip + 16);
            c.documentationAddresses = documentation(src) && documentation(dst);
            tcp = ip + ihl;
            tcpLength = total - ihl;
            pseudo = sum(b, ip + 12, 8) + 6 + tcpLength;
        }
        else if (type == 0x86dd)
        {
            c.v6 = true;
            tcpLength = b.getShort(ip + 4) & 0xffff;
            c.lengthsConsistent = ip + 40 + tcpLength == frame.length && b.get(ip + 6) == 6;
            c.documentationAddresses = b.getInt(ip + 8) == 0x20010db8 && b.getInt(ip + 24) == 0x20010db8;
            tcp = ip + 40;
            pseudo = sum(b, ip + 8, 32) + 6 + tcpLength;
        }
        else
        {
            return c;
        }
        c.tcpChecksumOk = fold(pseudo + sum(b, tcp, tcpLength)) == 0xffff;
        return c;
    }

    private static boolean documentation(final int address)
    {
        final int net = address & 0xffffff00;
        return net == ((198 << 24) | (51 << 16) | (100 << 8)) || net == ((203 << 24) | (113 << 8));
    }

    private static long sum(final ByteBuffer b, final int at, final int length)
    {
        long s = 0;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            s += b.getShort(at + i) & 0xffff;
        }
        if (i < length)
        {
            s += (b.get(at + i) & 0xff) << 8;
        }
        return s;
    }

    private static int fold(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int)s;
    }
}
