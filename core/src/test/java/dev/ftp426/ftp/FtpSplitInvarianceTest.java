package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The control stream of corpus case client_abor-vsftpd-ftplib-pasv (server.pcap, tcp.stream 0; payloads copied
 * from tshark) must give the same events, frames included, however the TCP stage splits the bytes it delivers.
 */
class FtpSplitInvarianceTest
{
    private static final long CLIENT = HostPort.ipv4Lo(0xC6336400 | 10);
    private static final long SERVER = HostPort.ipv4Lo(0xCB007100 | 10);

    // frame, from client, URG, payload
    private static final Object[][] SEGMENTS = {
        {6L, false, false, "32323020636f727075732046545020736572766963652072656164792e0d0a"},
        {8L, true, false, "5553455220616e6f6e796d6f75730d0a"},
        {10L, false, false, "323330204c6f67696e207375636365737366756c2e0d0a"},
        {11L, true, false, "5459504520490d0a"},
        {12L, false, false, "32303020537769746368696e6720746f2042696e617279206d6f64652e0d0a"},
        {13L, true, false, "504153560d0a"},
        {14L, false, false, "32323720456e746572696e672050617373697665204d6f646520283230332c302c3131332c31302c" +
            "3136302c3236292e0d0a"},
        {18L, true, false, "52455452202f7075622f646174612d313034383537362e62696e0d0a"},
        {19L, false, false, "313530204f70656e696e672042494e415259206d6f6465206461746120636f6e6e656374696f6e20" +
            "666f72202f7075622f646174612d313034383537362e62696e202831303438353736206279746573" +
            "292e0d0a"},
        {515L, true, true, "fff4ff"},
        {516L, true, false, "f241424f520d0a"},
        {520L, false, false, "343236204661696c7572652077726974696e67206e6574776f726b2073747265616d2e0d0a"},
        {522L, false, false, "3232362041424f52207375636365737366756c2e0d0a"},
        {525L, true, false, "515549540d0a"},
        {526L, false, false, "32323120476f6f646279652e0d0a"},
    };

    /** Feeds the session, each segment cut into pieces of at most {@code piece} bytes (0: whole segments). */
    private static List<String> run(final int piece, final int cutAt)
    {
        final RecordingListener listener = new RecordingListener();
        final FtpTracker tracker = new FtpTracker(new FtpTrackerConfig(), listener);
        tracker.onConnectionOpened(0, 0, CLIENT, 44458, 0, SERVER, 21, 3, 3);
        for (final Object[] s : SEGMENTS)
        {
            final long frame = (Long)s[0];
            if (frame == 18)
            {
                tracker.onConnectionOpened(1, 0, CLIENT, 46934, 0, SERVER, 40986, 15, 15);
            }
            if (frame == 520)
            {
                tracker.onConnectionClosed(1, 0, 475136, 518, 518);
            }
            if ((Boolean)s[2])
            {
                tracker.onUrgent(0, (Boolean)s[1], frame, frame);
            }
            final byte[] bytes = hex((String)s[3]);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            if (cutAt > 0)
            {
                final int first = Math.min(cutAt, bytes.length);
                tracker.onControlBytes(0, (Boolean)s[1], buffer, 0, first, frame, frame);
                if (first < bytes.length)
                {
                    tracker.onControlBytes(0, (Boolean)s[1], buffer, first, bytes.length - first, frame, frame);
                }
                continue;
            }
            final int step = piece == 0 ? bytes.length : piece;
            for (int i = 0; i < bytes.length; i += step)
            {
                tracker.onControlBytes(0, (Boolean)s[1], buffer, i, Math.min(step, bytes.length - i), frame, frame);
            }
        }
        tracker.onConnectionClosed(0, 80, 300, 527, 527);
        return listener.events;
    }

    @Test
    void wholeSegmentsGiveTheExpectedSession()
    {
        final List<String> events = run(0, 0);
        assertThat(events).contains(
            "R 227 Entering Passive Mode (203,0,113,10,160,26). lines=1 @14",
            "C ABOR [IP] [DM] [URG] @516",
            "R 426 Failure writing network stream. lines=1 @520",
            "R 226 ABOR successful. lines=1 @522");
        assertThat(events.stream().filter(e -> e.startsWith("T "))).hasSize(1);
        final String transfer = events.stream().filter(e -> e.startsWith("T ")).findFirst().orElseThrow();
        assertThat(transfer).contains("command=RETR /pub/data-1048576.bin", "data=1,", "size=1048576",
            "completion=426 Failure writing network stream. @520", "subsequent=[226 ABOR successful. @522]");
    }

    @Test
    void everyByteAlone()
    {
        assertThat(run(1, 0)).isEqualTo(run(0, 0));
    }

    @Test
    void everySplitPosition()
    {
        final List<String> whole = run(0, 0);
        for (int cut = 1; cut < 90; cut++)
        {
            assertThat(run(0, cut)).as("cut at %d", cut).isEqualTo(whole);
        }
        for (int piece = 2; piece < 12; piece++)
        {
            assertThat(run(piece, 0)).as("pieces of %d", piece).isEqualTo(whole);
        }
    }

    private static byte[] hex(final String h)
    {
        final byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
