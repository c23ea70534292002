package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Damaged and hostile control streams never throw, and the tracker keeps its bounds. */
class FtpRobustnessTest
{
    private static final String SESSION =
        "220-hi\r\n220 ok\r\nUSER a\r\n331 pw\r\nPASS b\r\n230 in\r\nPASV\r\nEPSV\r\nPORT 1,2,3,4,5,6\r\n" +
        "EPRT |2|2001:db8::1|5|\r\n227 (203,0,113,10,1,2)\r\n229 (|||7|)\r\nRETR x\r\n150 (5 bytes)\r\n" +
        "\u00ff\u00f4\u00ff\u00f2ABOR\r\n426 no\r\n226 ok\r\n211-a\r\n b\r\n211 c\r\nAUTH TLS\r\n234 go\r\n";

    @Test
    void randomMutationsSplitsAndGapsNeverThrow()
    {
        final Random random = new Random(426);
        final byte[] base = Wire.ascii(SESSION);
        for (int round = 0; round < 3000; round++)
        {
            final FtpTrackerConfig config = new FtpTrackerConfig();
            config.maxLineLength = 64;
            config.maxReplyTextLength = 128;
            config.maxReplyLines = 8;
            config.maxPendingCommands = 4;
            final RecordingListener listener = new RecordingListener();
            final FtpTracker tracker = new FtpTracker(config, listener);
            final long flow = 1;
            tracker.onConnectionOpened(flow, 0, Wire.CLIENT, 40000, 0, Wire.SERVER, round % 3 == 0 ? 2121 : 21, 1,
                1);
            final byte[] bytes = base.clone();
            final int mutations = random.nextInt(12);
            for (int m = 0; m < mutations; m++)
            {
                bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            int i = 0;
            long frame = 2;
            while (i < bytes.length)
            {
                final int n = Math.min(bytes.length - i, 1 + random.nextInt(40));
                final boolean fromClient = random.nextBoolean();
                switch (random.nextInt(20))
                {
                    case 0:
                        tracker.onControlGap(flow, fromClient, random.nextInt(100), frame, frame);
                        break;
                    case 1:
                        tracker.onUrgent(flow, fromClient, frame, frame);
                        break;
                    case 2:
                        tracker.onConnectionOpened(100 + frame, 0, Wire.CLIENT, 50000, 0, Wire.SERVER,
                            random.nextInt(65536), frame, frame);
                        break;
                    case 3:
                        tracker.onConnectionClosed(100 + random.nextInt((int)frame), random.nextInt(10), -1, frame,
                            frame);
                        break;
                    case 4:
                        tracker.onTime(frame * 1_000_000_000L);
                        break;
                    default:
                        break;
                }
                tracker.onControlBytes(flow, fromClient, buffer, i, n, frame, frame);
                i += n;
                frame++;
            }
            tracker.onConnectionClosed(flow, 1, 1, frame, frame);
            tracker.flush(frame);
            assertThat(listener.commands).allMatch(c -> c.length() < 200);
        }
    }

    @Test
    void randomBytesOnAnyPortAreRejectedOrParsedQuietly()
    {
        final Random random = new Random(21);
        final RecordingListener listener = new RecordingListener();
        final FtpTracker tracker = new FtpTracker(new FtpTrackerConfig(), listener);
        for (int flow = 0; flow < 2000; flow++)
        {
            tracker.onConnectionOpened(flow, 0, Wire.CLIENT, 40000, 0, Wire.SERVER, 1024 + flow, 1, 1);
            final byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            tracker.onControlBytes(flow, random.nextBoolean(), new UnsafeBuffer(bytes), 0, bytes.length, 2, 2);
            tracker.onConnectionClosed(flow, 0, 0, 3, 3);
        }
        assertThat(listener.started).isEmpty();
        assertThat(tracker.session(5)).isNull();
    }

    @Test
    void aReplyThatOnlyALaterCommandCanTakeResynchronises()
    {
        final Wire w = new Wire().login();
        w.client(1, "PASV\r\n");
        w.server(1, "99 PASV invalid\r\n");
        w.client(1, "QUIT\r\n");
        w.server(1, "221 Bye\r\n");
        assertThat(w.tracker.counters().repliesResynchronised()).isEqualTo(1);
        assertThat(w.tracker.counters().replyNotNumeric()).isEqualTo(1);
        assertThat(w.tracker.counters().expectations()).isZero();
    }
}
