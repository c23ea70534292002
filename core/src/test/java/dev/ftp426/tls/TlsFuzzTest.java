package dev.ftp426.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Damaged and random streams never throw and never break the accounting. */
class TlsFuzzTest
{
    @Test
    void randomDamageChunkingAndGaps() throws Exception
    {
        final KeyLog keyLog = KeyLog.parse("rfc8448", Rfc8448.keyLog());
        final byte[] client = Hex.decode(Rfc8448.CLIENT_HELLO_RECORD + Rfc8448.CLIENT_FINISHED_RECORD +
            Rfc8448.CLIENT_APPLICATION_RECORD);
        final byte[] server = Hex.decode(Rfc8448.SERVER_HELLO_RECORD + Rfc8448.SERVER_APPLICATION_RECORD);
        final SplittableRandom random = new SplittableRandom(426);
        final PlaintextRecorder recorder = new PlaintextRecorder();
        final TlsConnection tls = new TlsConnection(keyLog, recorder);
        long intact = 0;
        for (int round = 0; round < 3_000; round++)
        {
            tls.reset();
            final byte[][] streams = {client.clone(), server.clone()};
            final int mode = random.nextInt(4);
            for (final byte[] s : streams)
            {
                if (mode == 1)
                {
                    for (int i = random.nextInt(1, 4); i > 0; i--)
                    {
                        s[random.nextInt(s.length)] ^= (byte)random.nextInt(1, 256);
                    }
                }
                else if (mode == 2)
                {
                    for (int i = 0; i < s.length; i++)
                    {
                        s[i] = (byte)random.nextInt(256);
                    }
                    if (s.length > 5)
                    {
                        s[0] = (byte)random.nextInt(20, 25);
                        s[1] = 3;
                        s[2] = (byte)random.nextInt(5);
                    }
                }
            }
            final int[] at = new int[2];
            long total = 0;
            while (at[0] < streams[0].length || at[1] < streams[1].length)
            {
                int d = at[0] >= streams[0].length ? 1 : at[1] >= streams[1].length ? 0 : random.nextInt(2);
                if (d == 0 && at[0] >= 201 && at[1] < 95)
                {
                    d = 1; // as on the wire: the client's Finished follows the ServerHello
                }
                else if (d == 1 && at[0] < 201)
                {
                    d = 0; // and the ServerHello follows the ClientHello
                }
                int n = Math.min(random.nextInt(1, 120), streams[d].length - at[d]);
                if (d == 0 && at[0] < 201 && at[1] < 95)
                {
                    n = Math.min(n, 201 - at[0]);
                }
                if (mode == 3 && random.nextInt(6) == 0)
                {
                    tls.onGap(d, n, round, 0);
                }
                else
                {
                    tls.onData(d, new UnsafeBuffer(streams[d]), at[d], n, round, 0);
                    total += n;
                }
                at[d] += n;
            }
            if (random.nextBoolean())
            {
                tls.onRst(0, round, 0);
            }
            tls.onFin(1, round, 0);
            final TlsFacts f = tls.facts();
            for (int d = 0; d < 2; d++)
            {
                assertThat(f.recordBytes(d) + f.skippedBytes(d)).isLessThanOrEqualTo(streams[d].length);
                assertThat(f.decryptedRecords(d) + f.decryptFailures(d) + f.undecryptedRecords(d))
                    .isLessThanOrEqualTo(f.records(d, TlsContentType.APPLICATION_DATA));
            }
            if (mode == 0)
            {
                intact++;
                assertThat(f.decryptedRecords(0)).as(round + " " + f).isEqualTo(2);
                assertThat(f.decryptedRecords(1)).isEqualTo(1);
            }
            assertThat(total).isPositive();
        }
        assertThat(intact).isPositive();
        assertThat((long)recorder.bytes(0).length).isGreaterThanOrEqualTo(50 * intact);
    }

    @Test
    void randomKeyLogTextIsParsedOrRejectedWithKeyLogException()
    {
        final SplittableRandom random = new SplittableRandom(21);
        final String alphabet = "CLIENT_RANDOM SERVER_TRAFFIC_SECRET_0 0123456789abcdefABCDEFxyz#\t\r\n ";
        final String good = Rfc8448.keyLog();
        int rejected = 0;
        for (int round = 0; round < 2_000; round++)
        {
            final StringBuilder text = new StringBuilder(good);
            for (int i = random.nextInt(1, 6); i > 0; i--)
            {
                final int at = random.nextInt(text.length());
                text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try
            {
                final KeyLog log = KeyLog.parse("fuzz", text.toString());
                assertThat(log.size()).isBetween(0, 5);
            }
            catch (final KeyLogException ex)
            {
                rejected++;
                assertThat(ex.getMessage()).startsWith("fuzz:");
                assertThat(ex.lineNumber()).isBetween(1, 6);
            }
        }
        assertThat(rejected).isPositive();
    }
}
