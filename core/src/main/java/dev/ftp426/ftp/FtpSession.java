package dev.ftp426.ftp;

import java.util.ArrayList;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One FTP control connection: its two line streams, commands waiting for replies, the data setup in force and the
 * transfers not yet handed over. Read accessors are public for listeners; everything else is driven by
 * {@link FtpTracker}.
 * <p>
 * Replies are matched to commands first in, first out (commands may be pipelined); a 1xx reply does not consume the
 * command it answers. Multi-line replies follow RFC 959 4.2 strictly: {@code ddd-} opens a block that only a line
 * starting with the same {@code ddd} and a space (or nothing) closes. Two bounds keep a broken block from swallowing
 * the session: {@link FtpTrackerConfig#maxReplyLines}, and a line {@code xyz } with another code while the client has
 * sent a command after the block began (the client evidently took the block as ended, as Zeek observed with a
 * {@code 230-} block ended by {@code 226 }); that line then starts a new reply and the block is flagged.
 */
public final class FtpSession
{
    static final int CANDIDATE = 0;
    static final int CONFIRMED = 1;
    static final int REJECTED = 2;

    private static final int MAX_SUBSEQUENT_REPLIES = 8;

    private final FtpTracker tracker;
    private final FtpTrackerConfig config;
    private final FtpCounters counters;
    /** The current reply's text reached maxReplyTextLength (counted once per reply). */
    private boolean replyTextCut;

    long id;
    long flowId;
    long clientHi;
    long clientLo;
    int clientPort;
    long serverHi;
    long serverLo;
    int serverPort;
    boolean initiatorIsServer;
    int state;
    boolean closed;
    long startFrame;
    long startTs;
    long lastActivityTs;

    final LineAssembler clientLines;
    final LineAssembler serverLines;
    private final LineAssembler.Sink clientSink = this::onClientLine;
    private final LineAssembler.Sink serverSink = this::onServerLine;
    private long candidateClientBytes;
    private long candidateServerBytes;

    boolean encrypted;
    private final TlsRecordWalker clientTls = new TlsRecordWalker();
    private final TlsRecordWalker serverTls = new TlsRecordWalker();
    private byte[] greetingText;
    private long greetingTs;
    private long greetingEndFrame;
    private long greetingEndTs;
    private int greetingLines;
    long clearAgainFrame = FtpTransfer.NONE;
    long encryptedFrame = FtpTransfer.NONE;
    long encryptedTs = FtpTransfer.NONE;
    String encryptionNote;
    private boolean authSeen;
    // TLS of the control connection decrypted elsewhere (key log): its plaintext lines, one assembler per direction
    boolean decrypted;
    long decryptedFrame = FtpTransfer.NONE;
    private LineAssembler clientPlain;
    private LineAssembler serverPlain;

    boolean gapSeen;
    long gapBytesFromClient;
    long gapBytesFromServer;

    int greetingCode = -1;
    long greetingFrame = FtpTransfer.NONE;

    String user;
    String type;
    private long restOffset = FtpTransfer.NONE;
    private byte[] pendingSizePath;
    private byte[] sizePath;
    private long sizeValue = FtpTransfer.NONE;

    // commands waiting for their reply (a ring), made with the first command: a candidate rejected before its client
    // said anything (SMTP greets like FTP) never needs them; read only while pendingCount > 0
    private int[] pendingVerb;
    private long[] pendingFrame;
    private FtpTransfer[] pendingTransfer;
    private int pendingHead;
    private int pendingCount;
    private long commandSeq;

    // reply being assembled (one line, or a multi-line block)
    private boolean inBlock;
    private int blockCode;
    private long blockStartCommandSeq;
    private UnsafeBuffer replyText;
    private int replyLength;
    private boolean replyTruncated;
    private int replyLines;
    private boolean replyDamaged;
    private long replyFrame;
    private long replyTs;
    private FtpReplyRecord replyRecord;

    private final FtpReply reply = new FtpReply();
    private final FtpCommand command = new FtpCommand();
    private final HostPort hostPort = new HostPort();

    // urgent data from the client since the previous command
    long urgentFrame = FtpTransfer.NONE;
    private int lastCommandVerb;
    private long lastCommandEndFrame = FtpTransfer.NONE;
    private FtpTransfer lastAbortTarget;

    DataExpectation setup;
    private FtpTransfer transferAwaitingSetup;
    final ArrayList<FtpTransfer> open = new ArrayList<>(4);
    long transferCount;

    FtpSession(final FtpTracker tracker, final FtpTrackerConfig config, final FtpCounters counters)
    {
        this.tracker = tracker;
        this.config = config;
        this.counters = counters;
        clientLines = new LineAssembler(config.maxLineLength);
        serverLines = new LineAssembler(config.maxLineLength);
        replyText = new UnsafeBuffer(new byte[Math.min(256, config.maxReplyTextLength)]);
        reply.text = replyText;
    }

    public long id()
    {
        return id;
    }

    public long controlFlowId()
    {
        return flowId;
    }

    public long clientHi()
    {
        return clientHi;
    }

    public long clientLo()
    {
        return clientLo;
    }

    public int clientPort()
    {
        return clientPort;
    }

    public long serverHi()
    {
        return serverHi;
    }

    public long serverLo()
    {
        return serverLo;
    }

    public int serverPort()
    {
        return serverPort;
    }

    /** The control connection's TCP initiator was the FTP server (roles swapped, e.g. port 21 seen as initiator). */
    public boolean initiatorIsServer()
    {
        return initiatorIsServer;
    }

    public boolean confirmed()
    {
        return state == CONFIRMED;
    }

    public long startFrame()
    {
        return startFrame;
    }

    public long startTs()
    {
        return startTs;
    }

    public boolean encrypted()
    {
        return encrypted;
    }

    /** Frame after which the control channel could no longer be read, or -1. */
    public long encryptedFrame()
    {
        return encryptedFrame;
    }

    public String encryptionNote()
    {
        return encryptionNote;
    }

    /**
     * The encrypted control channel is read after all: its TLS was decrypted with a key log and the plaintext parsed
     * like clear FTP ({@link FtpTracker#onDecryptedControlBytes}). {@link #encrypted()} stays true.
     */
    public boolean decrypted()
    {
        return decrypted;
    }

    /** Frame of the first decrypted control bytes, or -1. */
    public long decryptedFrame()
    {
        return decryptedFrame;
    }

    /** The capture lost bytes of this control connection. */
    public boolean gapSeen()
    {
        return gapSeen;
    }

    public long gapBytesFromClient()
    {
        return gapBytesFromClient;
    }

    public long gapBytesFromServer()
    {
        return gapBytesFromServer;
    }

    /** Code of the server's greeting, or -1. */
    public int greetingCode()
    {
        return greetingCode;
    }

    public long greetingFrame()
    {
        return greetingFrame;
    }

    public String user()
    {
        return user;
    }

    /** Transfer commands seen so far. */
    public long transferCount()
    {
        return transferCount;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // input

    /** @return false when this connection turned out not to be FTP (a rejected candidate). */
    boolean feed(final boolean fromClient, final DirectBuffer buffer, final int offset, final int length,
        final long frame, final long ts)
    {
        lastActivityTs = ts;
        if (length <= 0 || state == REJECTED)
        {
            return state != REJECTED;
        }
        int from = offset;
        final LineAssembler lines = fromClient ? clientLines : serverLines;
        if (lines.stopped())
        {
            // this direction carries TLS since AUTH/234 (or implicit TLS): watch for clear text coming back
            final int resumeAt = (fromClient ? clientTls : serverTls).walk(buffer, offset, length, fromClient);
            handOverTls(fromClient, buffer, offset, (resumeAt < 0 ? offset + length : resumeAt) - offset, frame, ts);
            if (resumeAt < 0)
            {
                return true;
            }
            resumePlaintext(fromClient, frame);
            from = resumeAt;
        }
        final int count = offset + length - from;
        if (state == CANDIDATE)
        {
            if (fromClient)
            {
                if (candidateClientBytes == 0)
                {
                    final int verdict = FtpDetector.classifyClientStart(buffer, from, count);
                    if (greetingCode < 0 || verdict == FtpDetector.NO || verdict == FtpDetector.TLS)
                    {
                        tracker.reject(this);
                        return false;
                    }
                }
                candidateClientBytes += count;
            }
            else
            {
                if (candidateServerBytes == 0)
                {
                    final int verdict = FtpDetector.classifyServerStart(buffer, from, count);
                    if (verdict == FtpDetector.NO || verdict == FtpDetector.TLS)
                    {
                        tracker.reject(this);
                        return false;
                    }
                }
                candidateServerBytes += count;
            }
            if (candidateClientBytes > config.maxDetectionBytes || candidateServerBytes > config.maxDetectionBytes)
            {
                tracker.reject(this);
                return false;
            }
        }
        else if (lines.atLineStart() && count >= 2 && buffer.getByte(from) == 0x16 &&
            buffer.getByte(from + 1) == 0x03)
        {
            encrypt(authSeen ?
                "session encrypted (TLS record after AUTH at frame " + frame + ")" :
                "TLS record where FTP text was expected at frame " + frame + ": session encrypted", frame, ts);
            return feed(fromClient, buffer, from, count, frame, ts);
        }
        final int taken = lines.feed(buffer, from, count, frame, ts, fromClient ? clientSink : serverSink);
        if (taken < count && lines.stopped() && state != REJECTED)
        {
            // the line just parsed (a 234) turned this direction to TLS: the rest of the segment is TLS already
            return feed(fromClient, buffer, from + taken, count - taken, frame, ts);
        }
        return state != REJECTED;
    }

    /**
     * Plaintext of this session's TLS, decrypted elsewhere, in order per direction: parsed like clear control text
     * (commands, replies, setup ports, ABOR). The first call marks the session {@link #decrypted()}.
     */
    void feedDecrypted(final boolean fromClient, final DirectBuffer buffer, final int offset, final int length,
        final long frame, final long ts)
    {
        lastActivityTs = ts;
        if (length <= 0 || state != CONFIRMED)
        {
            return;
        }
        if (!decrypted)
        {
            decrypted = true;
            decryptedFrame = frame;
            tracker.sessionDecrypted(this);
        }
        LineAssembler plain = fromClient ? clientPlain : serverPlain;
        if (plain == null)
        {
            plain = new LineAssembler(config.maxLineLength);
            if (fromClient)
            {
                clientPlain = plain;
            }
            else
            {
                serverPlain = plain;
            }
        }
        plain.feed(buffer, offset, length, frame, ts, fromClient ? clientSink : serverSink);
    }

    /** The control channel's TLS could not be decrypted (e.g. its keys are not in the key log): says so. */
    void noteUndecryptable(final String note)
    {
        encryptionNote = encryptionNote == null ? note : encryptionNote + "; " + note;
        for (int i = 0; i < open.size(); i++)
        {
            open.get(i).note(note);
        }
    }

    private void handOverTls(final boolean fromClient, final DirectBuffer buffer, final int offset, final int length,
        final long frame, final long ts)
    {
        final ControlTlsHandler handler = tracker.tlsHandler();
        if (handler != null && length > 0)
        {
            handler.onTlsBytes(flowId, fromClient != initiatorIsServer, buffer, offset, length, frame, ts);
        }
    }

    void gap(final boolean fromClient, final long bytes, final long frame, final long ts)
    {
        lastActivityTs = ts;
        gapSeen = true;
        counters.controlGaps++;
        if (fromClient)
        {
            gapBytesFromClient += bytes;
        }
        else
        {
            gapBytesFromServer += bytes;
        }
        for (int i = 0; i < open.size(); i++)
        {
            open.get(i).controlGap = true;
        }
        if ((fromClient ? clientLines : serverLines).stopped())
        {
            (fromClient ? clientTls : serverTls).lose();
            final ControlTlsHandler handler = tracker.tlsHandler();
            if (handler != null)
            {
                handler.onTlsGap(flowId, fromClient != initiatorIsServer, bytes, frame, ts);
            }
            final LineAssembler plain = fromClient ? clientPlain : serverPlain;
            if (plain != null)
            {
                plain.gap(frame, ts, fromClient ? clientSink : serverSink);
            }
            return;
        }
        if (fromClient)
        {
            clientLines.gap(frame, ts, clientSink);
        }
        else
        {
            serverLines.gap(frame, ts, serverSink);
        }
    }

    void urgent(final boolean fromClient, final long frame, final long ts)
    {
        if (!fromClient)
        {
            return;
        }
        urgentFrame = frame;
        // the URG segment may be handed over after the bytes that completed the ABOR line
        if (lastCommandVerb == FtpVerbs.ABOR && lastCommandEndFrame == frame && lastAbortTarget != null &&
            !lastAbortTarget.emitted && lastAbortTarget.abort != null && !lastAbortTarget.abort.urgent())
        {
            lastAbortTarget.abort = lastAbortTarget.abort.withUrgent(frame);
            urgentFrame = FtpTransfer.NONE;
        }
    }

    /** Control connection ended: hand over partial lines and an open reply block. */
    void finishStreams()
    {
        clientLines.finish(clientSink);
        serverLines.finish(serverSink);
        if (clientPlain != null)
        {
            clientPlain.finish(clientSink);
        }
        if (serverPlain != null)
        {
            serverPlain.finish(serverSink);
        }
        if (inBlock)
        {
            replyDamaged = true;
            completeReply(false);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // client side

    private void onClientLine(final LineAssembler line)
    {
        final DirectBuffer buffer = line.buffer();
        final int length = line.length();
        if (line.truncated())
        {
            counters.linesTruncated++;
        }
        int start = 0;
        while (start < length && buffer.getByte(start) == ' ')
        {
            start++;
        }
        int verbEnd = start;
        while (verbEnd < length && buffer.getByte(verbEnd) != ' ')
        {
            verbEnd++;
        }
        if (length == 0 && line.telnetFlags() == 0)
        {
            return;
        }
        final int verb = FtpVerbs.pack(buffer, start, verbEnd - start);
        if (line.afterGap() && !FtpVerbs.isKnown(verb))
        {
            counters.linesDroppedAfterGap++;
            return;
        }
        if (state == CANDIDATE)
        {
            if (greetingCode < 0 || !FtpVerbs.isOpeningCommand(verb))
            {
                tracker.reject(this);
                return;
            }
            tracker.confirm(this);
        }
        counters.commands++;
        commandSeq++;

        final int argOffset = verbEnd < length ? verbEnd + 1 : length;
        final int argLength = verb == FtpVerbs.PASS ? 0 : length - argOffset;
        final FtpCommand c = command;
        c.buffer = buffer;
        c.verb = verb;
        c.lineLength = length;
        c.argOffset = argOffset;
        c.argLength = argLength;
        c.truncated = line.truncated();
        c.afterGap = line.afterGap();
        c.cutByGap = line.cutByGap();
        c.telnetIp = (line.telnetFlags() & LineAssembler.TELNET_IP) != 0;
        c.telnetDm = (line.telnetFlags() & LineAssembler.TELNET_DM) != 0;
        c.urgent = urgentFrame != FtpTransfer.NONE;
        c.frame = line.firstFrame();
        c.ts = line.firstTs();
        c.endFrame = line.lastFrame();
        c.endTs = line.lastTs();

        FtpTransfer target = null;
        if (FtpVerbs.isTransfer(verb))
        {
            target = startTransfer(c, line);
        }
        else if (verb == FtpVerbs.ABOR)
        {
            target = newestOpenTransfer();
            if (target != null && target.abort == null)
            {
                target.abort = new FtpAbort(c.frame, c.ts, c.telnetIp, line.ipFrame(), c.telnetDm, line.dmFrame(),
                    c.urgent, urgentFrame);
            }
            lastAbortTarget = target;
        }
        else
        {
            onPlainCommand(verb, buffer, argOffset, length - argOffset, c);
        }
        pushPending(verb, c.frame, target);
        lastCommandVerb = verb;
        lastCommandEndFrame = c.endFrame;
        urgentFrame = FtpTransfer.NONE;
        tracker.listener().onCommand(this, c);
    }

    private void onPlainCommand(final int verb, final DirectBuffer buffer, final int argOffset, final int argLength,
        final FtpCommand c)
    {
        if (verb == FtpVerbs.USER)
        {
            user = FtpText.decode(buffer, argOffset, argLength);
        }
        else if (verb == FtpVerbs.TYPE)
        {
            type = FtpText.decode(buffer, argOffset, argLength).trim().toUpperCase(java.util.Locale.ROOT);
        }
        else if (verb == FtpVerbs.REST)
        {
            restOffset = FtpReplyParsers.parseLeadingNumber(buffer, argOffset, argLength);
        }
        else if (verb == FtpVerbs.SIZE)
        {
            pendingSizePath = copy(buffer, argOffset, argLength);
        }
        else if (verb == FtpVerbs.AUTH)
        {
            authSeen = true;
        }
        else if (verb == FtpVerbs.ENC || verb == FtpVerbs.MIC || verb == FtpVerbs.CONF)
        {
            protect(c.frame, c.ts);
        }
        else if (verb == FtpVerbs.PORT || verb == FtpVerbs.EPRT || verb == FtpVerbs.LPRT)
        {
            final boolean parsed;
            final DataMode mode;
            if (verb == FtpVerbs.PORT)
            {
                parsed = FtpReplyParsers.parseHostPortSix(buffer, argOffset, argLength, hostPort);
                mode = DataMode.PORT;
            }
            else if (verb == FtpVerbs.EPRT)
            {
                parsed = FtpReplyParsers.parseEprt(buffer, argOffset, argLength, hostPort);
                mode = DataMode.EPRT;
            }
            else
            {
                parsed = FtpReplyParsers.parseLongHostPort(buffer, argOffset, argLength, hostPort);
                mode = DataMode.LPRT;
            }
            if (parsed)
            {
                tracker.newExpectation(this, mode, hostPort.hi(), hostPort.lo(), hostPort.port(), c.frame, c.ts);
            }
            else
            {
                counters.setupReplyUnparsed++;
            }
        }
    }

    private FtpTransfer startTransfer(final FtpCommand c, final LineAssembler line)
    {
        tracker.supersedeOpenTransfers(this);
        transferCount++;
        final FtpTransfer t = new FtpTransfer();
        t.session = this;
        t.sessionId = id;
        t.controlFlowId = flowId;
        t.clientHi = clientHi;
        t.clientLo = clientLo;
        t.clientPort = clientPort;
        t.serverHi = serverHi;
        t.serverLo = serverLo;
        t.serverPort = serverPort;
        t.user = user;
        t.command = FtpVerbs.name(c.verb);
        t.argBytes = copy(c.buffer, c.argOffset, c.argLength);
        t.argTruncated = c.truncated;
        t.commandFrame = c.frame;
        t.commandTs = c.ts;
        t.type = type;
        t.restOffset = restOffset;
        restOffset = FtpTransfer.NONE;
        t.controlGap = c.afterGap || c.cutByGap;
        if (encrypted && decrypted)
        {
            t.encrypted = true;
            t.decrypted = true;
            t.note("FTPS control channel decrypted with the TLS key log from frame " + decryptedFrame);
        }
        if (c.verb == FtpVerbs.RETR && sizePath != null && java.util.Arrays.equals(sizePath, t.argBytes))
        {
            t.sizeFromSizeCommand = sizeValue;
        }
        DataExpectation e = setup;
        setup = null;
        final boolean setupPending = e == null && isPending(FtpVerbs.PASV, FtpVerbs.EPSV, FtpVerbs.LPSV);
        if (e == null && !setupPending)
        {
            e = tracker.newExpectation(this, DataMode.DEFAULT, clientHi, clientLo, clientPort, c.frame, c.ts);
            setup = null;
            t.note("no PASV/EPSV/PORT/EPRT before the command: RFC 959 default data port assumed");
        }
        if (setupPending)
        {
            transferAwaitingSetup = t; // pipelined "PASV, RETR": the 227 comes after the RETR was sent
        }
        applySetup(t, e);
        if (gapSeen)
        {
            t.note("control connection had capture gaps before this transfer");
        }
        open.add(t);
        tracker.transferStarted(t);
        if (e != null)
        {
            tracker.bind(t, e);
        }
        return t;
    }

    private void applySetup(final FtpTransfer t, final DataExpectation e)
    {
        t.mode = e == null ? DataMode.UNKNOWN : e.mode;
        if (e == null)
        {
            return;
        }
        t.setupFrame = e.setupFrame;
        t.setupTs = e.createdTs;
        t.setupHasAddress = e.mode != DataMode.EPSV;
        t.setupHi = e.mode == DataMode.EPSV ? serverHi : (e.hasAlternate && e.passive() ? e.alternateHi :
            e.primaryHi);
        t.setupLo = e.mode == DataMode.EPSV ? serverLo : (e.hasAlternate && e.passive() ? e.alternateLo :
            e.primaryLo);
        t.setupPort = e.port;
        t.natAddress = e.hasAlternate;
        if (e.passive() && e.hasAlternate)
        {
            t.note("setup address " + HostPort.format(e.alternateHi, e.alternateLo) +
                " differs from the server's control address (NAT)");
        }
        else if (!e.passive() && e.hasAlternate)
        {
            t.note("setup address " + HostPort.format(e.primaryHi, e.primaryLo) +
                " differs from the client's control address (NAT)");
        }
    }

    private boolean isPending(final int verbA, final int verbB, final int verbC)
    {
        for (int i = 0; i < pendingCount; i++)
        {
            final int v = pendingVerb[(pendingHead + i) % pendingVerb.length];
            if (v == verbA || v == verbB || v == verbC)
            {
                return true;
            }
        }
        return false;
    }

    private FtpTransfer newestOpenTransfer()
    {
        for (int i = open.size() - 1; i >= 0; i--)
        {
            final FtpTransfer t = open.get(i);
            if (t.command != null)
            {
                return t;
            }
        }
        return null;
    }

    private void pushPending(final int verb, final long frame, final FtpTransfer transfer)
    {
        if (pendingVerb == null)
        {
            pendingVerb = new int[config.maxPendingCommands];
            pendingFrame = new long[config.maxPendingCommands];
            pendingTransfer = new FtpTransfer[config.maxPendingCommands];
        }
        final int capacity = pendingVerb.length;
        if (pendingCount == capacity)
        {
            counters.pendingCommandsOverflow++;
            pendingTransfer[pendingHead] = null;
            pendingHead = (pendingHead + 1) % capacity;
            pendingCount--;
        }
        final int slot = (pendingHead + pendingCount) % capacity;
        pendingVerb[slot] = verb;
        pendingFrame[slot] = frame;
        pendingTransfer[slot] = transfer;
        pendingCount++;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // server side

    private void onServerLine(final LineAssembler line)
    {
        final DirectBuffer buffer = line.buffer();
        final int length = line.length();
        if (line.truncated())
        {
            counters.linesTruncated++;
        }
        final int code = codeOf(buffer, length);
        if (line.afterGap())
        {
            if (code < 0)
            {
                counters.linesDroppedAfterGap++;
                return;
            }
            if (inBlock && code != blockCode)
            {
                replyDamaged = true;
                completeReply(false);
            }
        }
        if (inBlock)
        {
            final boolean sameCode = code == blockCode;
            final boolean finalForm = code >= 0 && (length == 3 || buffer.getByte(3) == ' ');
            if (sameCode && finalForm)
            {
                appendText(buffer, Math.min(4, length), length, true);
                replyLines++;
                extendReply(line);
                completeReply(false);
                return;
            }
            if (!sameCode && finalForm && commandSeq > blockStartCommandSeq)
            {
                counters.replyBlocksEndedByForeignCode++;
                completeReply(true);
            }
            else if (replyLines >= config.maxReplyLines)
            {
                counters.replyBlocksBounded++;
                replyDamaged = true;
                completeReply(false);
            }
            else
            {
                final int from = sameCode && length > 3 && buffer.getByte(3) == '-' ? 4 : 0;
                appendText(buffer, from, length, true);
                replyLines++;
                extendReply(line);
                return;
            }
        }
        if (code < 0)
        {
            if (state == CANDIDATE)
            {
                tracker.reject(this);
                return;
            }
            if (length > 0)
            {
                counters.replyNotNumeric++;
            }
            return;
        }
        replyLength = 0;
        replyTextCut = false;
        replyTruncated = false;
        replyLines = 1;
        replyDamaged = line.cutByGap() || line.unterminated();
        replyFrame = line.firstFrame();
        replyTs = line.firstTs();
        reply.endFrame = line.lastFrame();
        reply.endTs = line.lastTs();
        blockCode = code;
        final int from = length > 3 && (buffer.getByte(3) == ' ' || buffer.getByte(3) == '-') ? 4 : 3;
        appendText(buffer, from, length, false);
        if (length > 3 && buffer.getByte(3) == '-' && !line.cutByGap())
        {
            inBlock = true;
            blockStartCommandSeq = commandSeq;
            return;
        }
        completeReply(false);
    }

    private void extendReply(final LineAssembler line)
    {
        reply.endFrame = line.lastFrame();
        reply.endTs = line.lastTs();
        if (line.cutByGap() || line.afterGap())
        {
            replyDamaged = true;
        }
    }

    private static int codeOf(final DirectBuffer buffer, final int length)
    {
        if (length < 3)
        {
            return -1;
        }
        final byte a = buffer.getByte(0);
        final byte b = buffer.getByte(1);
        final byte c = buffer.getByte(2);
        if (a < '1' || a > '6' || !FtpReplyParsers.isDigit(b) || !FtpReplyParsers.isDigit(c))
        {
            return -1;
        }
        if (length > 3)
        {
            final byte sep = buffer.getByte(3);
            if (sep != ' ' && sep != '-')
            {
                return -1;
            }
        }
        return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
    }

    private void appendText(final DirectBuffer buffer, final int from, final int to, final boolean newLine)
    {
        if (newLine)
        {
            appendByte((byte)'\n');
        }
        for (int i = from; i < to; i++)
        {
            appendByte(buffer.getByte(i));
        }
    }

    private void appendByte(final byte b)
    {
        if (replyLength == replyText.capacity() && replyLength < config.maxReplyTextLength)
        {
            // grows a few times per session at most: most sessions never see a long reply
            final UnsafeBuffer bigger = new UnsafeBuffer(
                new byte[Math.min(config.maxReplyTextLength, replyText.capacity() * 2)]);
            bigger.putBytes(0, replyText, 0, replyLength);
            replyText = bigger;
            reply.text = bigger;
        }
        if (replyLength < replyText.capacity())
        {
            replyText.putByte(replyLength++, b);
        }
        else if (!replyTextCut)
        {
            replyTextCut = true;
            counters.replyTextTruncated++;
        }
        else
        {
            replyTruncated = true;
        }
    }

    private void completeReply(final boolean endedByForeignCode)
    {
        inBlock = false;
        counters.replies++;
        final FtpReply r = reply;
        r.code = blockCode;
        r.textLength = replyLength;
        r.textTruncated = replyTruncated;
        r.lineCount = replyLines;
        r.damaged = replyDamaged || endedByForeignCode;
        r.endedByForeignCode = endedByForeignCode;
        r.frame = replyFrame;
        r.ts = replyTs;
        r.unsolicited = false;
        r.answeringVerb = FtpVerbs.NONE;
        r.answeringFrame = FtpTransfer.NONE;
        replyRecord = null;
        final int code = r.code;

        if (state == CANDIDATE && greetingCode < 0 && code != 220 && code != 120)
        {
            tracker.reject(this);
            return;
        }

        FtpTransfer answered = null;
        int verb = FtpVerbs.NONE;
        if (code < 200)
        {
            for (int i = 0; i < pendingCount; i++)
            {
                final int slot = (pendingHead + i) % pendingVerb.length;
                if (FtpVerbs.isTransfer(pendingVerb[slot]))
                {
                    verb = pendingVerb[slot];
                    answered = pendingTransfer[slot];
                    r.answeringFrame = pendingFrame[slot];
                    break;
                }
            }
            if (verb == FtpVerbs.NONE && pendingCount > 0)
            {
                verb = pendingVerb[pendingHead];
                r.answeringFrame = pendingFrame[pendingHead];
            }
        }
        else if (pendingCount > 0)
        {
            resynchronise(code);
            answerLaterCommandFirst(code);
            verb = pendingVerb[pendingHead];
            answered = pendingTransfer[pendingHead];
            r.answeringFrame = pendingFrame[pendingHead];
            pendingTransfer[pendingHead] = null;
            pendingHead = (pendingHead + 1) % pendingVerb.length;
            pendingCount--;
        }
        r.answeringVerb = verb;
        if (verb == FtpVerbs.NONE)
        {
            if (greetingCode < 0)
            {
                greetingCode = code;
                greetingFrame = r.frame;
                if (state == CANDIDATE)
                {
                    greetingText = new byte[replyLength];
                    replyText.getBytes(0, greetingText);
                    greetingTs = r.ts;
                    greetingEndFrame = r.endFrame;
                    greetingEndTs = r.endTs;
                    greetingLines = r.lineCount;
                }
            }
            else
            {
                r.unsolicited = true;
                counters.unsolicitedReplies++;
            }
        }

        switch (code)
        {
            case 227:
                passiveSetup(DataMode.PASV, verb, r);
                break;
            case 229:
                passiveSetup(DataMode.EPSV, verb, r);
                break;
            case 228:
                passiveSetup(DataMode.LPSV, verb, r);
                break;
            case 213:
                if (verb == FtpVerbs.SIZE)
                {
                    sizePath = pendingSizePath;
                    sizeValue = FtpReplyParsers.parseLeadingNumber(replyText, 0, replyLength);
                }
                break;
            default:
                break;
        }
        if (code >= 400 && (verb == FtpVerbs.PORT || verb == FtpVerbs.EPRT || verb == FtpVerbs.LPRT) &&
            setup != null && setup.setupFrame == r.answeringFrame)
        {
            tracker.dropExpectation(setup);
            setup = null;
        }

        FtpTransfer toCheck = null;
        if (answered != null && !answered.emitted)
        {
            if (verb == FtpVerbs.ABOR)
            {
                if (code == 426 && answered.abort != null && answered.completion != null &&
                    answered.completion.code() / 100 == 2 && answered.completion.ts() >= answered.abort.ts())
                {
                    // ProFTPD answers the ABOR ("226 Abort successful") before it reports the aborted transfer
                    // ("426 Transfer aborted"): the 426 is the transfer's, the 2xx the ABOR's
                    if (answered.abortReply == null)
                    {
                        answered.abortReply = answered.completion;
                    }
                    answered.completion = record();
                    answered.completedTs = r.ts;
                    counters.abortRepliesReordered++;
                }
                else if (answered.abortReply == null)
                {
                    answered.abortReply = record();
                }
                if (answered.completion != null)
                {
                    addSubsequent(answered);
                }
            }
            else if (code < 200)
            {
                if (answered.preliminary == null)
                {
                    answered.preliminary = record();
                    answered.sizeAnnounced = FtpReplyParsers.parseAnnouncedBytes(replyText, 0, replyLength);
                }
                else
                {
                    if (answered.extraPreliminaryReplies++ == 0)
                    {
                        answered.extraPreliminary = record();
                    }
                }
            }
            else if (answered.completion == null)
            {
                answered.completion = record();
                answered.completedTs = r.ts;
            }
            else
            {
                addSubsequent(answered);
            }
            if (r.damaged)
            {
                answered.controlGap |= replyDamaged;
            }
            toCheck = answered;
        }
        else if (r.unsolicited)
        {
            final FtpTransfer t = newestOpenTransfer();
            if (t != null && !t.emitted)
            {
                if (t.completion == null && code >= 400)
                {
                    t.completion = record();
                    t.completedTs = r.ts;
                    t.note("final reply " + code + " came with no command waiting (unsolicited)");
                }
                else if (t.completion != null)
                {
                    addSubsequent(t);
                }
                toCheck = t;
            }
        }

        if (state == CONFIRMED)
        {
            tracker.listener().onReply(this, r);
        }
        if (toCheck != null)
        {
            tracker.checkTransfer(toCheck);
        }
        if (code == 234 && (verb == FtpVerbs.AUTH || (verb == FtpVerbs.NONE && authSeen)))
        {
            encrypt("session encrypted after AUTH answered 234 at frame " + r.frame +
                ": commands, replies (a 426 included), data ports and ABOR are not visible", r.endFrame, r.endTs);
        }
    }

    /**
     * Replies are matched first in, first out, which a lost or unanswered command would shift for the rest of the
     * session. A few codes answer only certain commands (227 a PASV, 221 a QUIT, ...): when the oldest waiting
     * command cannot take such a reply but a later one can, the commands before that one are taken as unanswered.
     */
    private void resynchronise(final int code)
    {
        if (!isSpecific(code) || answers(pendingVerb[pendingHead], code))
        {
            return;
        }
        for (int i = 1; i < pendingCount; i++)
        {
            if (answers(pendingVerb[(pendingHead + i) % pendingVerb.length], code))
            {
                for (int k = 0; k < i; k++)
                {
                    pendingTransfer[pendingHead] = null;
                    pendingHead = (pendingHead + 1) % pendingVerb.length;
                    pendingCount--;
                }
                counters.repliesResynchronised++;
                return;
            }
        }
    }

    /**
     * A transfer command the server accepted with a 1xx cannot end in a syntax error (500-504): such a reply answers a
     * command sent during the transfer (an ABOR the server could not parse), so it is matched to the oldest later
     * command and the transfer keeps waiting for its own final reply.
     */
    private void answerLaterCommandFirst(final int code)
    {
        final FtpTransfer head = pendingTransfer[pendingHead];
        if (code < 500 || code > 504 || pendingCount < 2 || !FtpVerbs.isTransfer(pendingVerb[pendingHead]) ||
            head == null || head.preliminary == null || head.completion != null)
        {
            return;
        }
        final int capacity = pendingVerb.length;
        final int later = (pendingHead + 1) % capacity;
        final int laterVerb = pendingVerb[later];
        final long laterFrame = pendingFrame[later];
        final FtpTransfer laterTransfer = pendingTransfer[later];
        pendingVerb[later] = pendingVerb[pendingHead];
        pendingFrame[later] = pendingFrame[pendingHead];
        pendingTransfer[later] = head;
        pendingVerb[pendingHead] = laterVerb;
        pendingFrame[pendingHead] = laterFrame;
        pendingTransfer[pendingHead] = laterTransfer;
        counters.repliesToLaterCommand++;
    }

    private static boolean isSpecific(final int code)
    {
        return code == 227 || code == 228 || code == 229 || code == 221 || code == 234 || code == 331 ||
            code == 350 || code == 213;
    }

    private static boolean answers(final int verb, final int code)
    {
        switch (code)
        {
            case 227:
            case 228:
            case 229:
                return verb == FtpVerbs.PASV || verb == FtpVerbs.EPSV || verb == FtpVerbs.LPSV ||
                    verb == FtpVerbs.SPSV;
            case 221:
                return verb == FtpVerbs.QUIT || verb == FtpVerbs.REIN;
            case 234:
                return verb == FtpVerbs.AUTH;
            case 331:
                return verb == FtpVerbs.USER || verb == FtpVerbs.PASS;
            case 350:
                return verb == FtpVerbs.REST || verb == FtpVerbs.RNFR;
            case 213:
                return verb == FtpVerbs.SIZE || verb == FtpVerbs.MDTM || verb == FtpVerbs.STAT;
            default:
                return true;
        }
    }

    private void addSubsequent(final FtpTransfer t)
    {
        if (t.subsequentReplies.size() < MAX_SUBSEQUENT_REPLIES)
        {
            t.subsequentReplies.add(record());
        }
    }

    private FtpReplyRecord record()
    {
        if (replyRecord == null)
        {
            replyRecord = reply.toRecord();
        }
        return replyRecord;
    }

    private void passiveSetup(final DataMode replyMode, final int verb, final FtpReply r)
    {
        final boolean parsed;
        DataMode mode = replyMode;
        if (replyMode == DataMode.PASV)
        {
            parsed = FtpReplyParsers.parseHostPortSix(replyText, 0, replyLength, hostPort);
        }
        else if (replyMode == DataMode.EPSV)
        {
            parsed = FtpReplyParsers.parseEpsv(replyText, 0, replyLength, hostPort);
        }
        else
        {
            parsed = FtpReplyParsers.parseLongHostPort(replyText, 0, replyLength, hostPort);
        }
        if (!parsed)
        {
            counters.setupReplyUnparsed++;
            return;
        }
        if (replyMode == DataMode.PASV && verb == FtpVerbs.EPSV)
        {
            mode = DataMode.PASV; // 227 in reply to EPSV (basic-ftp#164): the 227 address and port are used
        }
        final long hi = hostPort.hasAddress() ? hostPort.hi() : serverHi;
        final long lo = hostPort.hasAddress() ? hostPort.lo() : serverLo;
        final DataExpectation e = tracker.newExpectation(this, mode, hi, lo, hostPort.port(), r.frame, r.ts);
        final FtpTransfer t = transferAwaitingSetup;
        transferAwaitingSetup = null;
        if (e != null && t != null && !t.emitted && t.expectation == null)
        {
            setup = null;
            applySetup(t, e);
            tracker.bind(t, e);
        }
    }

    private void encrypt(final String note, final long frame, final long ts)
    {
        if (!clientLines.stopped())
        {
            clientLines.stop();
            clientTls.reset();
        }
        if (!serverLines.stopped())
        {
            serverLines.stop();
            serverTls.reset();
        }
        inBlock = false;
        while (pendingCount > 0)
        {
            pendingTransfer[pendingHead] = null;
            pendingHead = (pendingHead + 1) % pendingVerb.length;
            pendingCount--;
        }
        markEncrypted(note, frame, ts);
    }

    /** RFC 2228 protected commands (ENC, MIC, CONF) and 63x replies: lines still come, their content is sealed. */
    private void protect(final long frame, final long ts)
    {
        markEncrypted("commands protected by RFC 2228 (ENC/MIC/CONF) from frame " + frame +
            ": the real commands, replies (a 426 included) and data ports are not visible", frame, ts);
    }

    private void markEncrypted(final String note, final long frame, final long ts)
    {
        if (encrypted)
        {
            return;
        }
        encrypted = true;
        encryptedFrame = frame;
        encryptedTs = ts;
        encryptionNote = note;
        for (int i = 0; i < open.size(); i++)
        {
            open.get(i).encrypted = true;
            open.get(i).note(note);
        }
        tracker.sessionEncrypted(this);
    }

    /** A candidate became a session: its greeting, held back until then, is reported now. */
    void replayGreeting()
    {
        if (greetingText == null)
        {
            return;
        }
        final FtpReply r = reply;
        replyText.putBytes(0, greetingText);
        r.code = greetingCode;
        r.textLength = greetingText.length;
        r.textTruncated = false;
        r.lineCount = greetingLines;
        r.damaged = false;
        r.endedByForeignCode = false;
        r.unsolicited = false;
        r.answeringVerb = FtpVerbs.NONE;
        r.answeringFrame = FtpTransfer.NONE;
        r.frame = greetingFrame;
        r.ts = greetingTs;
        r.endFrame = greetingEndFrame;
        r.endTs = greetingEndTs;
        greetingText = null;
        tracker.listener().onReply(this, r);
    }

    private void resumePlaintext(final boolean fromClient, final long frame)
    {
        if (encrypted)
        {
            encrypted = false;
            clearAgainFrame = frame;
            tracker.sessionClearAgain(this);
        }
        final LineAssembler lines = fromClient ? clientLines : serverLines;
        lines.reset();
    }

    void encryptedFromStart(final String note, final long frame, final long ts)
    {
        encrypt(note, frame, ts);
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        return bytes;
    }
}
