package dev.ftp426.ftp;

import java.util.ArrayList;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * FTP session tracking and data-connection association for one analysis run, fed by the TCP stage.
 * <p>
 * Input, per TCP connection (flow ids are the pipeline's; "initiator" is the TCP initiator):
 * <ol>
 * <li>{@link #onConnectionOpened} for every connection. The answer says what to feed next:
 * {@link #ROLE_CONTROL} (port 21/990: control bytes, gaps, urgent marks, close), {@link #ROLE_DATA} (a data
 * connection of a known session: only its close), {@link #ROLE_CANDIDATE} (may be FTP control on another port:
 * feed its first bytes until {@link #onControlBytes} returns false) or {@link #ROLE_NONE}.</li>
 * <li>{@link #onControlBytes} with in-order reassembled bytes per direction, {@link #onControlGap} where bytes are
 * missing, {@link #onUrgent} for a segment with URG set (call it before that segment's bytes; after is tolerated
 * for an ABOR completed by the same frame).</li>
 * <li>{@link #onConnectionClosed} for every connection it was told about (data connections too: their byte counts
 * and close frame go into the transfer record).</li>
 * <li>{@link #onTime} now and then with capture time (expiry of expectations, lingering transfers), {@link #flush}
 * at the end of the run.</li>
 * </ol>
 * Output goes to an {@link FtpEventListener}. Nothing on the per-segment path allocates once the session exists;
 * a session, an expectation and a transfer record allocate when they are created (per control connection / per
 * transfer). A candidate gets no session until its server's first bytes may be a greeting: the many connections on
 * other ports that turn out not to be FTP cost a reused slot of primitives, not an object.
 * Not thread-safe: one tracker per pipeline thread (a sharded pipeline must route a session's control and data
 * connections to the same tracker, e.g. by server address).
 */
public final class FtpTracker
{
    public static final int ROLE_NONE = 0;
    public static final int ROLE_CONTROL = 1;
    public static final int ROLE_DATA = 2;
    public static final int ROLE_CANDIDATE = 3;

    private final FtpTrackerConfig config;
    private final FtpEventListener listener;
    private final FtpCounters counters = new FtpCounters();

    private final Long2ObjectHashMap<FtpSession> sessions = new Long2ObjectHashMap<>();
    /** Candidates (FTP on any port) that sent no payload yet: no session until their first bytes ask for one. */
    private final PendingCandidates pending = new PendingCandidates();
    private final Int2ObjectHashMap<DataExpectation> expectationsByPort = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<FtpTransfer> dataFlowTransfers = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<DataExpectation> dataFlowExpectations = new Long2ObjectHashMap<>();
    private final ArrayList<FtpSession> encryptedSessions = new ArrayList<>();
    private final ArrayList<FtpTransfer> waiting = new ArrayList<>();
    private int liveExpectations;
    private ControlTlsHandler tlsHandler;

    // connections that matched nothing when they opened, kept briefly in case the TCP stage hands over the setup
    // reply only after the data connection's SYN (e.g. when it delivers bytes once they are acknowledged)
    private static final int RECENT_OPENS = 64;
    private final long[] recentFlow = new long[RECENT_OPENS];
    private final long[] recentIHi = new long[RECENT_OPENS];
    private final long[] recentILo = new long[RECENT_OPENS];
    private final int[] recentIPort = new int[RECENT_OPENS];
    private final long[] recentRHi = new long[RECENT_OPENS];
    private final long[] recentRLo = new long[RECENT_OPENS];
    private final int[] recentRPort = new int[RECENT_OPENS];
    private final long[] recentFrame = new long[RECENT_OPENS];
    private final long[] recentTs = new long[RECENT_OPENS];
    private final boolean[] recentValid = new boolean[RECENT_OPENS];
    private int recentNext;
    private long nextSessionId = 1;

    public FtpTracker(final FtpTrackerConfig config, final FtpEventListener listener)
    {
        this.config = config;
        this.listener = listener;
    }

    public FtpCounters counters()
    {
        return counters;
    }

    FtpEventListener listener()
    {
        return listener;
    }

    /**
     * Where the TLS bytes of encrypted control connections go from now on, for decryption (null: nowhere, the
     * sessions just stay unreadable). Decrypted plaintext comes back through {@link #onDecryptedControlBytes}.
     */
    public void tlsHandler(final ControlTlsHandler handler)
    {
        this.tlsHandler = handler;
    }

    ControlTlsHandler tlsHandler()
    {
        return tlsHandler;
    }

    /** The session whose transfer (or data setup) a data connection was tied to, or null. */
    public FtpSession sessionOfDataFlow(final long dataFlowId)
    {
        final FtpTransfer t = dataFlowTransfers.get(dataFlowId);
        if (t != null)
        {
            return t.session;
        }
        final DataExpectation e = dataFlowExpectations.get(dataFlowId);
        return e == null ? null : e.session;
    }

    /**
     * The session of a control connection (confirmed, or a candidate whose server has begun to greet), or null. A
     * candidate that has sent no payload yet has no session object: {@link #roleOf} still says
     * {@link #ROLE_CANDIDATE}.
     */
    public FtpSession session(final long controlFlowId)
    {
        return sessions.get(controlFlowId);
    }

    /** Session objects held now (confirmed sessions and candidates whose server began to greet). */
    int sessionObjects()
    {
        return sessions.size();
    }

    /** Candidates waiting for their first payload, held without a session object. */
    int pendingCandidates()
    {
        return pending.size();
    }

    /** What the tracker knows this flow as now. */
    public int roleOf(final long flowId)
    {
        final FtpSession s = sessions.get(flowId);
        if (s != null)
        {
            return s.state == FtpSession.CONFIRMED ? ROLE_CONTROL : ROLE_CANDIDATE;
        }
        if (pending.contains(flowId))
        {
            return ROLE_CANDIDATE;
        }
        if (dataFlowTransfers.containsKey(flowId) || dataFlowExpectations.containsKey(flowId))
        {
            return ROLE_DATA;
        }
        return ROLE_NONE;
    }

    /**
     * Shortcut for the pipeline: first bytes of each direction of a new connection (either may be empty).
     * See {@link FtpDetector#looksLikeFtpControl}.
     */
    public static int looksLikeFtpControl(
        final DirectBuffer serverBytes, final int serverOffset, final int serverLength,
        final DirectBuffer clientBytes, final int clientOffset, final int clientLength)
    {
        return FtpDetector.looksLikeFtpControl(
            serverBytes, serverOffset, serverLength, clientBytes, clientOffset, clientLength);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // connections

    /**
     * A TCP connection appeared (SYN seen, or first packet of a connection already running).
     *
     * @return one of the ROLE_ constants.
     */
    public int onConnectionOpened(
        final long flowId,
        final long initiatorHi, final long initiatorLo, final int initiatorPort,
        final long responderHi, final long responderLo, final int responderPort,
        final long frame, final long ts)
    {
        final FtpSession existing = sessions.get(flowId);
        if (existing != null || pending.contains(flowId))
        {
            return roleOf(flowId);
        }
        final boolean responderIsControl = responderPort == config.controlPort ||
            responderPort == config.implicitTlsPort;
        final boolean initiatorIsControl = !responderIsControl &&
            (initiatorPort == config.controlPort || initiatorPort == config.implicitTlsPort);
        if (responderIsControl || initiatorIsControl)
        {
            final FtpSession s = newSession(flowId, initiatorHi, initiatorLo, initiatorPort, responderHi,
                responderLo, responderPort, initiatorIsControl, frame, ts);
            if (s == null)
            {
                return ROLE_NONE;
            }
            confirm(s);
            if (s.serverPort == config.implicitTlsPort)
            {
                s.encryptedFromStart("implicit TLS (port " + config.implicitTlsPort + "): commands, replies " +
                    "(a 426 included), data ports and ABOR are not visible", frame, ts);
            }
            return ROLE_CONTROL;
        }

        if (matchExpectation(flowId, initiatorHi, initiatorLo, initiatorPort, responderHi, responderLo,
            responderPort, frame, ts, false))
        {
            return ROLE_DATA;
        }
        // a connection first seen mid-stream may have its TCP roles guessed the wrong way round
        if (matchExpectation(flowId, responderHi, responderLo, responderPort, initiatorHi, initiatorLo,
            initiatorPort, frame, ts, true))
        {
            return ROLE_DATA;
        }
        if (matchEncryptedSession(flowId, initiatorHi, initiatorLo, initiatorPort, responderHi, responderLo,
            responderPort, frame, ts))
        {
            return ROLE_DATA;
        }
        rememberOpen(flowId, initiatorHi, initiatorLo, initiatorPort, responderHi, responderLo, responderPort, frame,
            ts);
        if (config.detectOnAnyPort)
        {
            if (pending.size() >= config.maxPendingCandidates)
            {
                counters.candidatesOverLimit++;
                return ROLE_NONE;
            }
            // most candidates are rejected by their first bytes: the session waits for bytes that may be FTP
            pending.add(flowId, initiatorHi, initiatorLo, initiatorPort, responderHi, responderLo, responderPort,
                frame, ts);
            return ROLE_CANDIDATE;
        }
        return ROLE_NONE;
    }

    /**
     * Reassembled bytes of a control (or candidate) connection, in order within their direction.
     *
     * @return false when the tracker does not want more bytes of this flow (not FTP, or unknown flow).
     */
    public boolean onControlBytes(final long flowId, final boolean fromInitiator, final DirectBuffer buffer,
        final int offset, final int length, final long frame, final long ts)
    {
        final FtpSession s = sessions.get(flowId);
        if (s == null)
        {
            final int slot = pending.slot(flowId);
            return slot != PendingCandidates.NONE &&
                firstCandidateBytes(flowId, slot, fromInitiator, buffer, offset, length, frame, ts);
        }
        return s.feed(fromInitiator != s.initiatorIsServer, buffer, offset, length, frame, ts);
    }

    /**
     * The first payload of a candidate that has no session yet. A candidate's TCP initiator is its client. The
     * session's own rules apply, decided here for the cases that need no session: the client speaking before a
     * complete greeting, or a server start that is no 220/120 greeting (TLS included), rejects it. Otherwise the
     * session is made now and fed these bytes.
     */
    private boolean firstCandidateBytes(final long flowId, final int slot, final boolean fromInitiator,
        final DirectBuffer buffer, final int offset, final int length, final long frame, final long ts)
    {
        if (length <= 0)
        {
            return true;
        }
        if (fromInitiator)
        {
            rejectPending(flowId);
            return false;
        }
        final int verdict = FtpDetector.classifyServerStart(buffer, offset, length);
        if (verdict == FtpDetector.NO || verdict == FtpDetector.TLS)
        {
            rejectPending(flowId);
            return false;
        }
        if (!admitSession())
        {
            pending.remove(flowId);
            return false;
        }
        final FtpSession s = createSession(flowId, pending.initiatorHi(slot), pending.initiatorLo(slot),
            pending.initiatorPort(slot), pending.responderHi(slot), pending.responderLo(slot),
            pending.responderPort(slot), false, pending.openedFrame(slot), pending.openedTs(slot));
        s.urgentFrame = pending.urgentFrame(slot);
        pending.remove(flowId);
        sessions.put(flowId, s);
        return s.feed(false, buffer, offset, length, frame, ts);
    }

    private void rejectPending(final long flowId)
    {
        if (pending.remove(flowId))
        {
            counters.sessionsRejected++;
        }
    }

    /**
     * Decrypted plaintext of an encrypted control connection's TLS (see {@link #tlsHandler}), in order within its
     * direction, with the frame that completed its TLS record: parsed like clear control bytes, so commands,
     * replies, data setups and ABOR become visible. The session stays {@link FtpSession#encrypted()} and becomes
     * {@link FtpSession#decrypted()}.
     */
    public void onDecryptedControlBytes(final long flowId, final boolean fromInitiator, final DirectBuffer buffer,
        final int offset, final int length, final long frame, final long ts)
    {
        final FtpSession s = sessions.get(flowId);
        if (s != null)
        {
            s.feedDecrypted(fromInitiator != s.initiatorIsServer, buffer, offset, length, frame, ts);
        }
    }

    /** The TLS of an encrypted control connection cannot be decrypted: {@code note} says why, on its transfers. */
    public void onControlUndecryptable(final long flowId, final String note)
    {
        final FtpSession s = sessions.get(flowId);
        if (s != null && !s.decrypted)
        {
            s.noteUndecryptable(note);
        }
    }

    /** {@code bytes} of one direction are missing from the capture before the next bytes delivered. */
    public void onControlGap(final long flowId, final boolean fromInitiator, final long bytes, final long frame,
        final long ts)
    {
        final FtpSession s = sessions.get(flowId);
        if (s != null)
        {
            if (s.state == FtpSession.CANDIDATE)
            {
                reject(s);
                return;
            }
            s.gap(fromInitiator != s.initiatorIsServer, bytes, frame, ts);
        }
        else
        {
            rejectPending(flowId);
        }
    }

    /** A segment with URG set on a control connection. */
    public void onUrgent(final long flowId, final boolean fromInitiator, final long frame, final long ts)
    {
        final FtpSession s = sessions.get(flowId);
        if (s != null)
        {
            s.urgent(fromInitiator != s.initiatorIsServer, frame, ts);
        }
        else if (fromInitiator)
        {
            // a candidate's initiator is its client: its first command will carry the mark
            final int slot = pending.slot(flowId);
            if (slot != PendingCandidates.NONE)
            {
                pending.urgent(slot, frame);
            }
        }
    }

    /**
     * A TCP connection ended (FIN both ways, RST, or the TCP stage gave up on it).
     *
     * @param bytesFromInitiator payload bytes the initiator sent (sequence space covered), or -1.
     * @param bytesFromResponder payload bytes the responder sent, or -1.
     */
    public void onConnectionClosed(final long flowId, final long bytesFromInitiator, final long bytesFromResponder,
        final long frame, final long ts)
    {
        final FtpSession s = sessions.get(flowId);
        if (s != null)
        {
            closeSession(s, FtpTransfer.End.CONTROL_CLOSED, ts);
            return;
        }
        if (pending.remove(flowId))
        {
            return; // a candidate that never sent a byte, as a candidate session ends
        }
        forgetOpen(flowId);
        final FtpTransfer t = dataFlowTransfers.remove(flowId);
        if (t != null)
        {
            if (!t.emitted)
            {
                t.dataClosedFrame = frame;
                t.dataClosedTs = ts;
                t.bytesToClient = t.dataInitiatedByServer ? bytesFromInitiator : bytesFromResponder;
                t.bytesToServer = t.dataInitiatedByServer ? bytesFromResponder : bytesFromInitiator;
                if (t.command == null)
                {
                    emit(t, FtpTransfer.End.DATA_ONLY);
                }
                else
                {
                    checkTransfer(t);
                }
            }
            return;
        }
        final DataExpectation e = dataFlowExpectations.remove(flowId);
        if (e != null)
        {
            e.closed = true;
            e.closedFrame = frame;
            e.closedTs = ts;
            e.bytesFromInitiator = bytesFromInitiator;
            e.bytesFromResponder = bytesFromResponder;
            if (e.transfer == null)
            {
                reportUnclaimed(e, "data connection closed before any transfer command was seen on the control " +
                    "connection");
            }
        }
    }

    /**
     * A data connection the pipeline found without any control session (the control connection is not in the
     * capture, e.g. port 20 or a flow the attribution stage asks about). Emits a record that says so.
     *
     * @param initiatorIsServer the FTP server opened it (active mode, e.g. from port 20).
     */
    public void reportDataWithoutControl(
        final long flowId,
        final long initiatorHi, final long initiatorLo, final int initiatorPort,
        final long responderHi, final long responderLo, final int responderPort,
        final boolean initiatorIsServer,
        final long bytesFromInitiator, final long bytesFromResponder,
        final long openedFrame, final long openedTs, final long closedFrame, final long closedTs)
    {
        final FtpTransfer t = new FtpTransfer();
        t.dataFlowId = flowId;
        t.dataInitiatedByServer = initiatorIsServer;
        setDataEndpoints(t, initiatorIsServer, initiatorHi, initiatorLo, initiatorPort, responderHi, responderLo,
            responderPort);
        // With no control connection, the data connection's ends are all that is known of client and server.
        t.serverHi = t.dataServerHi;
        t.serverLo = t.dataServerLo;
        t.serverPort = t.dataServerPort;
        t.clientHi = t.dataClientHi;
        t.clientLo = t.dataClientLo;
        t.clientPort = t.dataClientPort;
        t.bytesToClient = initiatorIsServer ? bytesFromInitiator : bytesFromResponder;
        t.bytesToServer = initiatorIsServer ? bytesFromResponder : bytesFromInitiator;
        t.dataOpenedFrame = openedFrame;
        t.dataOpenedTs = openedTs;
        t.dataClosedFrame = closedFrame;
        t.dataClosedTs = closedTs;
        t.note("control connection not in capture: command, replies and any 426 are unknown");
        counters.dataOnlyRecords++;
        emit(t, FtpTransfer.End.DATA_ONLY);
    }

    /** Capture time moved on: expires expectations and transfers that waited too long for their last pieces. */
    public void onTime(final long ts)
    {
        for (int i = waiting.size() - 1; i >= 0; i--)
        {
            if (i >= waiting.size())
            {
                continue;
            }
            final FtpTransfer t = waiting.get(i);
            if (t.completion != null && t.completedTs != FtpTransfer.NONE &&
                ts - t.completedTs > config.completionLingerNanos)
            {
                if (t.abort != null && t.abortReply == null)
                {
                    t.note("no reply to the ABOR within the linger time");
                }
                emit(t, FtpTransfer.End.TIMED_OUT);
            }
        }
        if (liveExpectations == 0)
        {
            return;
        }
        final ArrayList<DataExpectation> expired = new ArrayList<>();
        expectationsByPort.forEach((port, head) ->
        {
            for (DataExpectation e = head; e != null; e = e.nextSamePort)
            {
                if (ts - e.createdTs > config.expectationLifetimeNanos)
                {
                    expired.add(e);
                }
            }
        });
        for (int i = 0; i < expired.size(); i++)
        {
            expire(expired.get(i));
        }
    }

    /** End of the run: every session ends and every record still open is handed over. */
    public void flush(final long ts)
    {
        final ArrayList<FtpSession> all = new ArrayList<>(sessions.values());
        for (int i = 0; i < all.size(); i++)
        {
            final FtpSession s = all.get(i);
            if (s.state == FtpSession.CONFIRMED)
            {
                closeSession(s, FtpTransfer.End.FLUSHED, ts);
            }
            else
            {
                sessions.remove(s.flowId);
            }
        }
        pending.clear();
        final ArrayList<FtpTransfer> rest = new ArrayList<>(waiting);
        for (int i = 0; i < rest.size(); i++)
        {
            emit(rest.get(i), FtpTransfer.End.FLUSHED);
        }
        final ArrayList<DataExpectation> unclaimed = new ArrayList<>(dataFlowExpectations.values());
        dataFlowExpectations.clear();
        for (int i = 0; i < unclaimed.size(); i++)
        {
            final DataExpectation e = unclaimed.get(i);
            if (e.transfer == null)
            {
                reportUnclaimed(e, "data connection with no transfer command seen by the end of the capture");
            }
        }
        dataFlowTransfers.clear();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // sessions

    private FtpSession newSession(final long flowId, final long iHi, final long iLo, final int iPort,
        final long rHi, final long rLo, final int rPort, final boolean initiatorIsServer, final long frame,
        final long ts)
    {
        if (!admitSession())
        {
            return null;
        }
        final FtpSession s = createSession(flowId, iHi, iLo, iPort, rHi, rLo, rPort, initiatorIsServer, frame, ts);
        sessions.put(flowId, s);
        return s;
    }

    /** Room for one more session, else counted (candidates still waiting for their first bytes are not sessions). */
    private boolean admitSession()
    {
        if (sessions.size() >= config.maxSessions)
        {
            counters.sessionsOverLimit++;
            return false;
        }
        return true;
    }

    private FtpSession createSession(final long flowId, final long iHi, final long iLo, final int iPort,
        final long rHi, final long rLo, final int rPort, final boolean initiatorIsServer, final long frame,
        final long ts)
    {
        final FtpSession s = new FtpSession(this, config, counters);
        s.flowId = flowId;
        s.initiatorIsServer = initiatorIsServer;
        if (initiatorIsServer)
        {
            s.serverHi = iHi;
            s.serverLo = iLo;
            s.serverPort = iPort;
            s.clientHi = rHi;
            s.clientLo = rLo;
            s.clientPort = rPort;
        }
        else
        {
            s.clientHi = iHi;
            s.clientLo = iLo;
            s.clientPort = iPort;
            s.serverHi = rHi;
            s.serverLo = rLo;
            s.serverPort = rPort;
        }
        s.startFrame = frame;
        s.startTs = ts;
        s.lastActivityTs = ts;
        s.state = FtpSession.CANDIDATE;
        return s;
    }

    void confirm(final FtpSession s)
    {
        if (s.state != FtpSession.CANDIDATE)
        {
            return;
        }
        s.state = FtpSession.CONFIRMED;
        s.id = nextSessionId++;
        counters.sessions++;
        listener.onSessionStarted(s);
        s.replayGreeting();
    }

    void reject(final FtpSession s)
    {
        if (s.state == FtpSession.REJECTED)
        {
            return;
        }
        s.state = FtpSession.REJECTED;
        s.clientLines.stop();
        s.serverLines.stop();
        counters.sessionsRejected++;
        sessions.remove(s.flowId);
    }

    void sessionEncrypted(final FtpSession s)
    {
        counters.sessionsEncrypted++;
        if (!encryptedSessions.contains(s))
        {
            encryptedSessions.add(s);
        }
        if (s.setup != null && s.setup.flowId == FtpTransfer.NONE)
        {
            dropExpectation(s.setup);
            s.setup = null;
        }
        listener.onSessionEncrypted(s);
    }

    /** The session's control channel is read again: its data connections are tied by their setup, not guessed. */
    void sessionDecrypted(final FtpSession s)
    {
        encryptedSessions.remove(s);
    }

    void sessionClearAgain(final FtpSession s)
    {
        encryptedSessions.remove(s);
        final String note = "control channel readable again from frame " + s.clearAgainFrame + " (TLS ended, CCC)";
        for (int i = 0; i < s.open.size(); i++)
        {
            s.open.get(i).note(note);
        }
    }

    private void closeSession(final FtpSession s, final FtpTransfer.End end, final long ts)
    {
        sessions.remove(s.flowId);
        if (s.state != FtpSession.CONFIRMED)
        {
            return;
        }
        s.finishStreams();
        s.closed = true;
        encryptedSessions.remove(s);
        if (s.setup != null)
        {
            if (s.setup.flowId == FtpTransfer.NONE)
            {
                dropExpectation(s.setup);
            }
            s.setup = null;
        }
        final ArrayList<FtpTransfer> open = new ArrayList<>(s.open);
        for (int i = 0; i < open.size(); i++)
        {
            final FtpTransfer t = open.get(i);
            if (t.command != null && t.completion == null)
            {
                t.note(end == FtpTransfer.End.FLUSHED ?
                    "capture ended before the final reply" : "control connection closed before the final reply");
                emit(t, end);
            }
            else if (end == FtpTransfer.End.FLUSHED)
            {
                emit(t, end);
            }
            else
            {
                checkTransfer(t);
            }
        }
        listener.onSessionEnded(s);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // expectations

    DataExpectation newExpectation(final FtpSession s, final DataMode mode, final long hi, final long lo,
        final int port, final long frame, final long ts)
    {
        if (s.setup != null)
        {
            if (s.setup.flowId == FtpTransfer.NONE)
            {
                counters.expectationsReplaced++;
                dropExpectation(s.setup);
            }
            s.setup = null;
        }
        if (port <= 0 || port > 65535)
        {
            return null;
        }
        if (liveExpectations >= config.maxExpectations)
        {
            counters.expectationsOverLimit++;
            return null;
        }
        final DataExpectation e = new DataExpectation();
        e.session = s;
        e.mode = mode;
        e.port = port;
        e.createdTs = ts;
        e.setupFrame = frame;
        if (mode.passive())
        {
            e.primaryHi = s.serverHi;
            e.primaryLo = s.serverLo;
            if (hi != s.serverHi || lo != s.serverLo)
            {
                e.alternateHi = hi;
                e.alternateLo = lo;
                e.hasAlternate = true;
            }
        }
        else
        {
            e.primaryHi = hi;
            e.primaryLo = lo;
            if (hi != s.clientHi || lo != s.clientLo)
            {
                e.alternateHi = s.clientHi;
                e.alternateLo = s.clientLo;
                e.hasAlternate = true;
            }
        }
        e.nextSamePort = expectationsByPort.get(port);
        expectationsByPort.put(port, e);
        e.indexed = true;
        liveExpectations++;
        counters.expectations++;
        s.setup = e;
        matchRecentOpen(e);
        return e;
    }

    private void rememberOpen(final long flowId, final long iHi, final long iLo, final int iPort, final long rHi,
        final long rLo, final int rPort, final long frame, final long ts)
    {
        final int i = recentNext;
        recentNext = (recentNext + 1) % RECENT_OPENS;
        recentFlow[i] = flowId;
        recentIHi[i] = iHi;
        recentILo[i] = iLo;
        recentIPort[i] = iPort;
        recentRHi[i] = rHi;
        recentRLo[i] = rLo;
        recentRPort[i] = rPort;
        recentFrame[i] = frame;
        recentTs[i] = ts;
        recentValid[i] = true;
    }

    private void forgetOpen(final long flowId)
    {
        for (int i = 0; i < RECENT_OPENS; i++)
        {
            if (recentValid[i] && recentFlow[i] == flowId)
            {
                recentValid[i] = false;
            }
        }
    }

    /** A connection that opened after the setup was sent but before its bytes reached the tracker. */
    private void matchRecentOpen(final DataExpectation e)
    {
        int best = -1;
        for (int i = 0; i < RECENT_OPENS; i++)
        {
            if (!recentValid[i] || recentRPort[i] != e.port || recentTs[i] < e.createdTs ||
                recentTs[i] - e.createdTs > config.portOnlyMatchWindowNanos)
            {
                continue;
            }
            final FtpSession s = e.session;
            final boolean otherParty = e.passive() ?
                recentIHi[i] == s.clientHi && recentILo[i] == s.clientLo :
                recentIHi[i] == s.serverHi && recentILo[i] == s.serverLo;
            if ((e.matchesAddress(recentRHi[i], recentRLo[i]) || otherParty) &&
                (best < 0 || recentTs[i] < recentTs[best]))
            {
                best = i;
            }
        }
        if (best < 0)
        {
            return;
        }
        recentValid[best] = false;
        final long flowId = recentFlow[best];
        final FtpSession candidate = sessions.get(flowId);
        if (candidate != null)
        {
            if (candidate.state == FtpSession.CONFIRMED)
            {
                return;
            }
            reject(candidate);
        }
        else
        {
            rejectPending(flowId);
        }
        bindConnection(e, flowId, recentIHi[best], recentILo[best], recentIPort[best], recentRHi[best],
            recentRLo[best], recentRPort[best], recentFrame[best], recentTs[best], false, false);
    }

    void dropExpectation(final DataExpectation e)
    {
        if (!e.indexed)
        {
            return;
        }
        e.indexed = false;
        liveExpectations--;
        final DataExpectation head = expectationsByPort.get(e.port);
        if (head == e)
        {
            if (e.nextSamePort == null)
            {
                expectationsByPort.remove(e.port);
            }
            else
            {
                expectationsByPort.put(e.port, e.nextSamePort);
            }
        }
        else
        {
            for (DataExpectation p = head; p != null; p = p.nextSamePort)
            {
                if (p.nextSamePort == e)
                {
                    p.nextSamePort = e.nextSamePort;
                    break;
                }
            }
        }
        e.nextSamePort = null;
    }

    private void expire(final DataExpectation e)
    {
        counters.expectationsExpired++;
        dropExpectation(e);
        if (e.session != null && e.session.setup == e)
        {
            e.session.setup = null;
        }
        if (e.transfer != null && !e.transfer.emitted)
        {
            e.transfer.note("expected data connection to port " + e.port + " not seen");
        }
    }

    /**
     * Finds the expectation a new connection fulfils. With {@code swapped} the endpoints are given the other way
     * round from what the TCP stage reported (so the expected port is its initiator's), and only a match on an
     * address counts.
     */
    private boolean matchExpectation(final long flowId, final long iHi, final long iLo, final int iPort,
        final long rHi, final long rLo, final int rPort, final long frame, final long ts, final boolean swapped)
    {
        DataExpectation best = null;
        int bestScore = 0;
        DataExpectation e = expectationsByPort.get(rPort);
        while (e != null)
        {
            final DataExpectation next = e.nextSamePort;
            if (ts - e.createdTs > config.expectationLifetimeNanos)
            {
                expire(e);
                e = next;
                continue;
            }
            final FtpSession s = e.session;
            final boolean initiatorIsOtherParty = e.passive() ?
                iHi == s.clientHi && iLo == s.clientLo : iHi == s.serverHi && iLo == s.serverLo;
            int score = 0;
            if (e.matchesAddress(rHi, rLo))
            {
                score = initiatorIsOtherParty ? 4 : 3;
            }
            else if (initiatorIsOtherParty)
            {
                score = 2;
            }
            else if (ts - e.createdTs <= config.portOnlyMatchWindowNanos)
            {
                score = 1;
            }
            if (score > bestScore || (score == bestScore && score > 0 && e.createdTs > best.createdTs))
            {
                best = e;
                bestScore = score;
            }
            e = next;
        }
        if (best == null || (swapped && bestScore < 2))
        {
            return false;
        }
        if (swapped)
        {
            bindConnection(best, flowId, rHi, rLo, rPort, iHi, iLo, iPort, frame, ts, false, true);
        }
        else
        {
            bindConnection(best, flowId, iHi, iLo, iPort, rHi, rLo, rPort, frame, ts, bestScore == 1, false);
        }
        return true;
    }

    /** Binds a connection, given with the TCP stage's initiator/responder, to an expectation. */
    private void bindConnection(final DataExpectation e, final long flowId, final long iHi, final long iLo,
        final int iPort, final long rHi, final long rLo, final int rPort, final long frame, final long ts,
        final boolean portOnly, final boolean rolesSwapped)
    {
        dropExpectation(e);
        counters.expectationsMatched++;
        e.flowId = flowId;
        // the TCP initiator is the FTP server for an active connection, unless the TCP stage guessed roles backwards
        e.initiatorIsServer = e.passive() == rolesSwapped;
        e.initiatorHi = iHi;
        e.initiatorLo = iLo;
        e.initiatorPort = iPort;
        e.responderHi = rHi;
        e.responderLo = rLo;
        e.responderPort = rPort;
        e.openedFrame = frame;
        e.openedTs = ts;
        if (portOnly && e.transfer != null)
        {
            e.transfer.note("data connection matched by port and timing only (no address agrees)");
        }
        if (e.transfer != null && !e.transfer.emitted)
        {
            attachData(e.transfer, e);
        }
        else
        {
            dataFlowExpectations.put(flowId, e);
        }
    }

    private boolean matchEncryptedSession(final long flowId, final long iHi, final long iLo, final int iPort,
        final long rHi, final long rLo, final int rPort, final long frame, final long ts)
    {
        FtpSession best = null;
        boolean bestServerInitiated = false;
        for (int i = 0; i < encryptedSessions.size(); i++)
        {
            final FtpSession s = encryptedSessions.get(i);
            if (ts - s.lastActivityTs > config.encryptedAssociationWindowNanos)
            {
                continue;
            }
            final boolean clientToServer = iHi == s.clientHi && iLo == s.clientLo && rHi == s.serverHi &&
                rLo == s.serverLo;
            final boolean serverToClient = iHi == s.serverHi && iLo == s.serverLo && rHi == s.clientHi &&
                rLo == s.clientLo;
            // a data port is unprivileged; an active connection comes from the server's port 20 (or unprivileged)
            final boolean plausiblePorts = clientToServer ? rPort >= 1024 : (iPort == 20 || iPort >= 1024);
            if ((clientToServer || serverToClient) && plausiblePorts &&
                (best == null || s.lastActivityTs > best.lastActivityTs))
            {
                best = s;
                bestServerInitiated = serverToClient;
            }
        }
        if (best == null)
        {
            return false;
        }
        final FtpTransfer t = new FtpTransfer();
        fillFromSession(t, best);
        t.encrypted = true;
        t.heuristicAssociation = true;
        t.mode = DataMode.UNKNOWN;
        t.dataFlowId = flowId;
        t.dataInitiatedByServer = bestServerInitiated;
        setDataEndpoints(t, bestServerInitiated, iHi, iLo, iPort, rHi, rLo, rPort);
        t.dataOpenedFrame = frame;
        t.dataOpenedTs = ts;
        t.note(best.encryptionNote);
        t.note("data connection tied to the session by addresses and timing only; its command is unknown");
        best.open.add(t);
        waiting.add(t);
        dataFlowTransfers.put(flowId, t);
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transfers

    void transferStarted(final FtpTransfer t)
    {
        counters.transfers++;
        waiting.add(t);
    }

    /** Ties a transfer to the setup it uses; a connection that already matched it becomes its data connection. */
    void bind(final FtpTransfer t, final DataExpectation e)
    {
        t.expectation = e;
        e.transfer = t;
        if (e.flowId != FtpTransfer.NONE)
        {
            dataFlowExpectations.remove(e.flowId);
            attachData(t, e);
            if (e.closed)
            {
                t.dataClosedFrame = e.closedFrame;
                t.dataClosedTs = e.closedTs;
                t.bytesToClient = e.initiatorIsServer ? e.bytesFromInitiator : e.bytesFromResponder;
                t.bytesToServer = e.initiatorIsServer ? e.bytesFromResponder : e.bytesFromInitiator;
                dataFlowTransfers.remove(e.flowId);
            }
        }
    }

    private void attachData(final FtpTransfer t, final DataExpectation e)
    {
        t.dataFlowId = e.flowId;
        t.dataInitiatedByServer = e.initiatorIsServer;
        setDataEndpoints(t, e.initiatorIsServer, e.initiatorHi, e.initiatorLo, e.initiatorPort, e.responderHi,
            e.responderLo, e.responderPort);
        t.dataOpenedFrame = e.openedFrame;
        t.dataOpenedTs = e.openedTs;
        if (!e.closed)
        {
            dataFlowTransfers.put(e.flowId, t);
        }
    }

    private static void setDataEndpoints(final FtpTransfer t, final boolean initiatorIsServer, final long iHi,
        final long iLo, final int iPort, final long rHi, final long rLo, final int rPort)
    {
        if (initiatorIsServer)
        {
            t.dataServerHi = iHi;
            t.dataServerLo = iLo;
            t.dataServerPort = iPort;
            t.dataClientHi = rHi;
            t.dataClientLo = rLo;
            t.dataClientPort = rPort;
        }
        else
        {
            t.dataClientHi = iHi;
            t.dataClientLo = iLo;
            t.dataClientPort = iPort;
            t.dataServerHi = rHi;
            t.dataServerLo = rLo;
            t.dataServerPort = rPort;
        }
    }

    private static void fillFromSession(final FtpTransfer t, final FtpSession s)
    {
        t.session = s;
        t.sessionId = s.id;
        t.controlFlowId = s.flowId;
        t.clientHi = s.clientHi;
        t.clientLo = s.clientLo;
        t.clientPort = s.clientPort;
        t.serverHi = s.serverHi;
        t.serverLo = s.serverLo;
        t.serverPort = s.serverPort;
        t.user = s.user;
        t.type = s.type;
        t.controlGap = s.gapSeen;
    }

    /** The next transfer command came: transfers still without a final reply can no longer get one. */
    void supersedeOpenTransfers(final FtpSession s)
    {
        final ArrayList<FtpTransfer> open = s.open;
        for (int i = open.size() - 1; i >= 0; i--)
        {
            if (i >= open.size())
            {
                continue;
            }
            final FtpTransfer t = open.get(i);
            if (t.command != null && t.completion == null)
            {
                t.note("next transfer command came before a final reply");
                emit(t, FtpTransfer.End.SUPERSEDED);
            }
        }
    }

    void checkTransfer(final FtpTransfer t)
    {
        if (t.emitted || t.completion == null)
        {
            return;
        }
        if (t.abort != null && t.abortReply == null)
        {
            return;
        }
        if (t.dataFlowId != FtpTransfer.NONE && t.dataClosedFrame == FtpTransfer.NONE)
        {
            return;
        }
        emit(t, FtpTransfer.End.COMPLETED);
    }

    private void emit(final FtpTransfer t, final FtpTransfer.End end)
    {
        if (t.emitted)
        {
            return;
        }
        t.emitted = true;
        t.end = end;
        if (t.session != null)
        {
            t.session.open.remove(t);
        }
        waiting.remove(t);
        final DataExpectation e = t.expectation;
        if (e != null)
        {
            if (e.flowId == FtpTransfer.NONE)
            {
                dropExpectation(e);
                if (t.command != null && e.mode != DataMode.DEFAULT)
                {
                    t.note("no data connection matched the " + e.mode + " setup");
                }
                if (e.session != null && e.session.setup == e)
                {
                    e.session.setup = null;
                }
            }
            e.transfer = null;
            e.session = null;
        }
        t.expectation = null;
        t.session = null;
        listener.onTransfer(t);
    }

    private void reportUnclaimed(final DataExpectation e, final String note)
    {
        final FtpSession s = e.session;
        final FtpTransfer t = new FtpTransfer();
        if (s != null)
        {
            fillFromSession(t, s);
            t.session = null;
            if (s.setup == e)
            {
                s.setup = null;
            }
            t.encrypted = s.encrypted;
            t.decrypted = s.encrypted && s.decrypted;
        }
        t.mode = e.mode;
        t.setupFrame = e.setupFrame;
        t.setupTs = e.createdTs;
        t.setupPort = e.port;
        t.dataFlowId = e.flowId;
        t.dataInitiatedByServer = e.initiatorIsServer;
        setDataEndpoints(t, e.initiatorIsServer, e.initiatorHi, e.initiatorLo, e.initiatorPort, e.responderHi,
            e.responderLo, e.responderPort);
        t.dataOpenedFrame = e.openedFrame;
        t.dataOpenedTs = e.openedTs;
        t.dataClosedFrame = e.closedFrame;
        t.dataClosedTs = e.closedTs;
        if (e.closed)
        {
            t.bytesToClient = e.initiatorIsServer ? e.bytesFromInitiator : e.bytesFromResponder;
            t.bytesToServer = e.initiatorIsServer ? e.bytesFromResponder : e.bytesFromInitiator;
        }
        t.note(note);
        e.session = null;
        counters.dataOnlyRecords++;
        emit(t, FtpTransfer.End.DATA_ONLY);
    }
}
