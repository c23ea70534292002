package dev.ftp426.pipeline;

import dev.ftp426.ftp.ControlTlsHandler;
import dev.ftp426.ftp.FtpTracker;
import dev.ftp426.tls.KeyLog;
import dev.ftp426.tls.TlsConnection;
import dev.ftp426.tls.TlsFacts;
import dev.ftp426.tls.TlsPlaintextListener;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Decrypts the TLS of encrypted FTP control connections (after AUTH TLS + 234, or implicit TLS) with a key log and
 * hands the plaintext back to the FTP tracker, which parses it like a clear control channel: the 426, the PASV port
 * and ABOR become visible. A connection whose keys are not in the log stays encrypted, and its transfers say why.
 * <p>
 * One {@link TlsConnection} per control connection whose TLS started, dropped when the connection closes; the
 * plaintext carries the frame that completed its TLS record.
 */
final class ControlTlsDecryption implements ControlTlsHandler
{
    /** One control connection's TLS. */
    private final class Control implements TlsPlaintextListener
    {
        final long flowId;
        final TlsConnection tls;
        boolean keysDecided;

        Control(final long flowId)
        {
            this.flowId = flowId;
            this.tls = new TlsConnection(keyLog, this);
        }

        @Override
        public void onPlaintext(final int direction, final DirectBuffer buffer, final int offset, final int length,
            final long frame, final long tsNanos)
        {
            ftp.onDecryptedControlBytes(flowId, direction == 0, buffer, offset, length, frame, tsNanos);
        }
    }

    private final KeyLog keyLog;
    private final FtpTracker ftp;
    private final Long2ObjectHashMap<Control> byFlowId = new Long2ObjectHashMap<>();

    ControlTlsDecryption(final KeyLog keyLog, final FtpTracker ftp)
    {
        this.keyLog = keyLog;
        this.ftp = ftp;
    }

    KeyLog keyLog()
    {
        return keyLog;
    }

    @Override
    public void onTlsBytes(final long controlFlowId, final boolean fromInitiator, final DirectBuffer buffer,
        final int offset, final int length, final long frame, final long ts)
    {
        Control c = byFlowId.get(controlFlowId);
        if (c == null)
        {
            c = new Control(controlFlowId);
            byFlowId.put(controlFlowId, c);
        }
        c.tls.onData(fromInitiator ? 0 : 1, buffer, offset, length, frame, ts);
        if (!c.keysDecided)
        {
            decideKeys(c);
        }
    }

    @Override
    public void onTlsGap(final long controlFlowId, final boolean fromInitiator, final long bytes, final long frame,
        final long ts)
    {
        final Control c = byFlowId.get(controlFlowId);
        if (c != null)
        {
            c.tls.onGap(fromInitiator ? 0 : 1, bytes, frame, ts);
        }
    }

    /** The control connection is gone: its TLS state goes too. */
    void closed(final long controlFlowId)
    {
        byFlowId.remove(controlFlowId);
    }

    /** TLS state of a control connection still open, or null (tests). */
    TlsFacts facts(final long controlFlowId)
    {
        final Control c = byFlowId.get(controlFlowId);
        return c == null ? null : c.tls.facts();
    }

    /** Once the handshake tells whether the keys are there: a session left encrypted gets a note saying why. */
    private void decideKeys(final Control c)
    {
        final TlsFacts f = c.tls.facts();
        final int status = f.keyStatus();
        if (status == TlsFacts.KEYS_READY)
        {
            c.keysDecided = true;
            return;
        }
        // without a ClientHello the decryptor looks again if one completes later: wait for the handshake's end
        final boolean known = status != TlsFacts.KEYS_NOT_LOOKED_UP && (status != TlsFacts.KEYS_NO_CLIENT_HELLO ||
            f.firstApplicationDataFrame(0) >= 0 || f.firstApplicationDataFrame(1) >= 0);
        if (known)
        {
            c.keysDecided = true;
            ftp.onControlUndecryptable(c.flowId, "FTPS control channel not decrypted with the TLS key log (" +
                TlsFacts.keyStatusName(status) + (f.note() == null ? "" : ": " + f.note()) + ")");
        }
    }
}
