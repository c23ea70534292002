package dev.ftp426.pipeline;

import dev.ftp426.attribution.ConnectionEnd;
import dev.ftp426.attribution.FtpRole;
import dev.ftp426.flow.CommunityId;
import dev.ftp426.ftp.FtpTracker;
import dev.ftp426.tcp.TcpEndpoint;
import dev.ftp426.tcp.TcpEventListener;
import dev.ftp426.tcp.TcpFlow;
import dev.ftp426.tcp.StreamListener;
import dev.ftp426.report.DataFlowSummary;
import dev.ftp426.tls.KeyLog;
import dev.ftp426.tls.TlsConnection;
import dev.ftp426.tls.TlsPlaintextListener;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

/**
 * Connects the TCP stage to the FTP stage: tells the FTP tracker about every connection, feeds it the reassembled
 * bytes of control connections, and hangs a fact recorder on every connection that is (or may be) an FTP data
 * connection, so the attribution stage can judge it later.
 */
final class ConnectionRouter implements StreamListener, TcpEventListener
{
    /** What is kept of a control connection for the verdicts. */
    static final class ControlState
    {
        final String communityId;
        final long clientHi;
        final long clientLo;
        ConnectionEnd end;

        ControlState(final String communityId, final long clientHi, final long clientLo)
        {
            this.communityId = communityId;
            this.clientHi = clientHi;
            this.clientLo = clientLo;
        }
    }

    private final FtpTracker ftp;
    private final DataFlows dataFlows;
    private final CommunityId communityId;
    private final Long2ObjectHashMap<ControlState> controls = new Long2ObjectHashMap<>();
    /** Host pairs (hashed) of FTP control connections: their other connections may carry data. */
    private final LongHashSet ftpHostPairs = new LongHashSet();
    private final int maxControls;
    private long controlsForgotten;
    private ControlTlsDecryption tlsDecryption;

    /** Active-mode data connections come from the server's port 20, the one data port RFC 959 fixes. */
    private static final int FTP_DATA_PORT = 20;

    ConnectionRouter(final FtpTracker ftp, final DataFlows dataFlows, final CommunityId communityId,
        final int maxControls)
    {
        this.ftp = ftp;
        this.dataFlows = dataFlows;
        this.communityId = communityId;
        this.maxControls = maxControls;
    }

    /**
     * Decrypt FTPS with this key log: the control connections' TLS (plaintext back to the FTP tracker), and the
     * data connections of sessions so decrypted (for their TLS close facts).
     */
    void tlsKeyLog(final KeyLog keyLog)
    {
        tlsDecryption = keyLog == null ? null : new ControlTlsDecryption(keyLog, ftp);
        ftp.tlsHandler(tlsDecryption);
    }

    ControlState control(final long flowId)
    {
        return controls.get(flowId);
    }

    long controlsForgotten()
    {
        return controlsForgotten;
    }

    @Override
    public boolean onOpen(final TcpFlow flow)
    {
        final TcpEndpoint initiator = flow.initiator();
        final TcpEndpoint responder = flow.responder();
        final int role = ftp.onConnectionOpened(flow.id(),
            initiator.addressHi(), initiator.addressLo(), initiator.port(),
            responder.addressHi(), responder.addressLo(), responder.port(),
            flow.firstFrame(), flow.firstTsNanos());
        if (role == FtpTracker.ROLE_CONTROL)
        {
            flow.retainUnderPressure(true);
            return true;
        }
        final boolean orphan = role != FtpTracker.ROLE_DATA &&
            (initiator.port() == FTP_DATA_PORT || responder.port() == FTP_DATA_PORT);
        if (role == FtpTracker.ROLE_DATA || orphan || isFtpHostPair(initiator, responder))
        {
            final DataFlows.Entry entry = dataFlows.open(flow.id());
            if (entry != null)
            {
                entry.recorder.attach(flow);
                entry.orphan = orphan;
                flow.attachment(entry);
                flow.retainUnderPressure(true);
                if (role == FtpTracker.ROLE_DATA && decryptable(flow))
                {
                    entry.tls = new TlsConnection(tlsDecryption.keyLog(), TlsPlaintextListener.NONE);
                    entry.recorder.decryptedTls(entry.tls.facts());
                    return true;
                }
            }
        }
        // A candidate may be FTP control on another port: its first bytes decide.
        return role == FtpTracker.ROLE_CANDIDATE;
    }

    @Override
    public void onData(final TcpFlow flow, final int direction, final DirectBuffer buffer, final int offset,
        final int length, final long frame, final long tsNanos)
    {
        final TlsConnection dataTls = dataTls(flow);
        if (dataTls != null)
        {
            dataTls.onData(direction, buffer, offset, length, frame, tsNanos);
            return;
        }
        final boolean more = ftp.onControlBytes(flow.id(), direction == 0, buffer, offset, length, frame, tsNanos);
        if (!more)
        {
            flow.deliverPayload(false);
        }
        else if (!controls.containsKey(flow.id()) && ftp.roleOf(flow.id()) == FtpTracker.ROLE_CONTROL)
        {
            onControlConfirmed(flow);
        }
    }

    @Override
    public void onGap(final TcpFlow flow, final int direction, final long bytes, final long frame, final long tsNanos)
    {
        final TlsConnection dataTls = dataTls(flow);
        if (dataTls != null)
        {
            dataTls.onGap(direction, bytes, frame, tsNanos);
        }
        else if (flow.deliverPayload())
        {
            ftp.onControlGap(flow.id(), direction == 0, bytes, frame, tsNanos);
        }
    }

    @Override
    public void onFin(final TcpFlow flow, final int direction, final long frame, final long tsNanos)
    {
        final TlsConnection dataTls = dataTls(flow);
        if (dataTls != null)
        {
            dataTls.onFin(direction, frame, tsNanos);
        }
        recordControlEnd(flow, direction, false, frame, tsNanos);
    }

    @Override
    public void onRst(final TcpFlow flow, final int direction, final long frame, final long tsNanos)
    {
        final TlsConnection dataTls = dataTls(flow);
        if (dataTls != null)
        {
            dataTls.onRst(direction, frame, tsNanos);
        }
        recordControlEnd(flow, direction, true, frame, tsNanos);
    }

    @Override
    public void onClose(final TcpFlow flow, final int reason)
    {
        if (tlsDecryption != null)
        {
            tlsDecryption.closed(flow.id()); // a control connection's TLS state (all its bytes came before)
        }
        final Object attachment = flow.attachment();
        if (attachment instanceof DataFlows.Entry)
        {
            final DataFlows.Entry entry = (DataFlows.Entry)attachment;
            entry.recorder.onClose(flow, reason);
            entry.summary = summarise(flow);
            entry.tls = null; // the recorder keeps its facts; the cipher state and buffers go
            flow.attachment(null);
            dataFlows.closed(flow.id());
            if (entry.orphan && ftp.roleOf(flow.id()) == FtpTracker.ROLE_NONE)
            {
                reportWithoutControl(flow);
                return;
            }
        }
        ftp.onConnectionClosed(flow.id(), flow.initiator().payloadBytes(), flow.responder().payloadBytes(),
            flow.lastFrame(), flow.lastTsNanos());
    }

    @Override
    public void onEvent(final TcpFlow flow, final int type, final int direction, final long frame, final long tsNanos,
        final long a, final long b)
    {
        final Object attachment = flow.attachment();
        if (attachment instanceof DataFlows.Entry)
        {
            ((DataFlows.Entry)attachment).recorder.onEvent(flow, type, direction, frame, tsNanos, a, b);
        }
    }

    /** A data connection of a session whose control channel was decrypted: its TLS is worth following too. */
    private boolean decryptable(final TcpFlow flow)
    {
        if (tlsDecryption == null)
        {
            return false;
        }
        final var session = ftp.sessionOfDataFlow(flow.id());
        return session != null && session.decrypted();
    }

    private static TlsConnection dataTls(final TcpFlow flow)
    {
        final Object attachment = flow.attachment();
        return attachment instanceof DataFlows.Entry ? ((DataFlows.Entry)attachment).tls : null;
    }

    /** An FTP data connection whose control connection is not in the capture: a record that says so. */
    private void reportWithoutControl(final TcpFlow flow)
    {
        final TcpEndpoint initiator = flow.initiator();
        final TcpEndpoint responder = flow.responder();
        ftp.reportDataWithoutControl(flow.id(),
            initiator.addressHi(), initiator.addressLo(), initiator.port(),
            responder.addressHi(), responder.addressLo(), responder.port(),
            initiator.port() == FTP_DATA_PORT,
            initiator.payloadBytes(), responder.payloadBytes(),
            flow.firstFrame(), flow.firstTsNanos(), flow.lastFrame(), flow.lastTsNanos());
    }

    /** Summary of a data connection still open at the time its transfer is reported. */
    DataFlowSummary summarise(final TcpFlow flow)
    {
        final TcpEndpoint initiator = flow.initiator();
        final TcpEndpoint responder = flow.responder();
        return new DataFlowSummary(flow.id(), flow.communityId(communityId), flow.connState(), flow.history(),
            initiator.missedBytes() + responder.missedBytes());
    }

    private void onControlConfirmed(final TcpFlow flow)
    {
        flow.retainUnderPressure(true);
        if (controls.size() >= maxControls)
        {
            controlsForgotten++;
            return;
        }
        final var session = ftp.session(flow.id());
        if (session == null)
        {
            return;
        }
        controls.put(flow.id(), new ControlState(flow.communityId(communityId), session.clientHi(),
            session.clientLo()));
        ftpHostPairs.add(pairKey(hostKey(session.clientHi(), session.clientLo()),
            hostKey(session.serverHi(), session.serverLo())));
    }

    private void recordControlEnd(final TcpFlow flow, final int direction, final boolean reset, final long frame,
        final long tsNanos)
    {
        final ControlState control = controls.get(flow.id());
        if (control != null && control.end == null)
        {
            final TcpEndpoint sender = flow.endpoint(direction);
            final boolean fromClient = sender.addressHi() == control.clientHi && sender.addressLo() == control.clientLo;
            control.end = new ConnectionEnd(reset, fromClient ? FtpRole.CLIENT : FtpRole.SERVER, frame, tsNanos);
        }
    }

    private boolean isFtpHostPair(final TcpEndpoint a, final TcpEndpoint b)
    {
        return !ftpHostPairs.isEmpty() && ftpHostPairs.contains(
            pairKey(hostKey(a.addressHi(), a.addressLo()), hostKey(b.addressHi(), b.addressLo())));
    }

    private static long pairKey(final long a, final long b)
    {
        return Math.min(a, b) * 0x9E3779B97F4A7C15L + Math.max(a, b);
    }

    private static long hostKey(final long hi, final long lo)
    {
        return hi * 31 + lo;
    }
}
