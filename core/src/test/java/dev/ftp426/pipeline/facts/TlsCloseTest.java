package dev.ftp426.pipeline.facts;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.FtpRole;
import dev.ftp426.attribution.TlsClose;
import org.junit.jupiter.api.Test;

import static dev.ftp426.pipeline.facts.Rig.ACK;
import static dev.ftp426.pipeline.facts.Rig.FIN;
import static dev.ftp426.pipeline.facts.Rig.PSH;
import static org.assertj.core.api.Assertions.assertThat;

/** How each end of a TLS data connection ended its TLS stream, read from record headers in the TCP payload. */
class TlsCloseTest
{
    private static byte[] record(final int type, final byte[] body)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(3);
        out.write(3);
        out.write(body.length >> 8);
        out.write(body.length & 0xff);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] serverHello(final boolean tls13)
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{ 3, 3 });
        b.writeBytes(new byte[32]);
        b.write(0);
        b.writeBytes(new byte[]{ 0x13, 0x01 });
        b.write(0);
        final byte[] ext = tls13 ? new byte[]{ 0, 0x2b, 0, 2, 3, 4 } : new byte[]{ (byte)0xff, 1, 0, 1, 0 };
        b.write(0);
        b.write(ext.length);
        b.writeBytes(ext);
        final byte[] body = b.toByteArray();
        final ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.write(2);
        hs.write(0);
        hs.write(body.length >> 8);
        hs.write(body.length & 0xff);
        hs.writeBytes(body);
        return record(22, hs.toByteArray());
    }

    /** An upload over TLS: ClientHello, ServerHello, then the client's records, then its FIN. */
    private static DataFlowFacts upload(final boolean tls13, final byte[]... clientSegments)
    {
        final Rig rig = new Rig().handshake();
        long cseq = 101;
        long sseq = 1001;
        rig.data = record(22, new byte[40]);
        rig.c(20, cseq, sseq, ACK | PSH, 502, rig.data.length);
        cseq += 45;
        rig.data = serverHello(tls13);
        final int helloLength = rig.data.length;
        rig.s(21, sseq, cseq, ACK | PSH, 502, helloLength);
        sseq += helloLength;
        double t = 22;
        for (final byte[] segment : clientSegments)
        {
            rig.data = segment;
            rig.c(t, cseq, sseq, ACK | PSH, 502, segment.length);
            cseq += segment.length;
            rig.s(t + 0.5, sseq, cseq, ACK, 502, 0);
            t += 1;
        }
        rig.c(t, cseq, sseq, ACK | FIN, 502, 0);
        return rig.facts(FtpRole.CLIENT);
    }

    @Test
    void bareFinAfterTls12RecordsIsNoCloseNotify()
    {
        final DataFlowFacts f = upload(false, record(23, new byte[500]), record(23, new byte[300]));
        assertThat(f.client().tlsClose()).isEqualTo(TlsClose.NO_CLOSE_NOTIFY);
        assertThat(f.server().tlsClose()).as("the server never closed").isEqualTo(TlsClose.UNKNOWN);
    }

    @Test
    void alertBeforeFinIsCloseNotifyEvenWhenAHeaderSpansSegments()
    {
        final byte[] data = record(23, new byte[500]);
        final byte[] alert = record(21, new byte[]{ 1, 0 });
        final byte[] both = Arrays.copyOf(data, data.length + alert.length);
        System.arraycopy(alert, 0, both, data.length, alert.length);
        final int cut = data.length + 3;
        final DataFlowFacts f = upload(false, Arrays.copyOfRange(both, 0, cut),
            Arrays.copyOfRange(both, cut, both.length));
        assertThat(f.client().tlsClose()).isEqualTo(TlsClose.CLOSE_NOTIFY);
    }

    @Test
    void tls13HidesTheRecordTypes()
    {
        final DataFlowFacts f = upload(true, record(23, new byte[500]));
        assertThat(f.client().tlsClose()).isEqualTo(TlsClose.UNKNOWN);
    }

    @Test
    void plainDataIsNotTls()
    {
        final Rig rig = new Rig().handshake();
        rig.c(20, 101, 1001, ACK | PSH, 502, 800);
        rig.c(21, 901, 1001, ACK | FIN, 502, 0);
        assertThat(rig.facts(FtpRole.CLIENT).client().tlsClose()).isEqualTo(TlsClose.NOT_TLS);
    }
}
