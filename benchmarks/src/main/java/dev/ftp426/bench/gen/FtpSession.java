package dev.ftp426.bench.gen;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * One scripted FTP session in the shape vsftpd and common clients give on the wire: login, TYPE I, then one or more
 * transfers, each with PASV/EPSV/PORT/EPRT, LIST, RETR or STOR, and a data connection of its own carrying the
 * listing or the file; every transfer but the last ends in 226, the last one in 226 or in one of the failure endings
 * of {@link FailureCause}. Each call of {@link #step} emits the next packet(s) and says when the session wants to run
 * again; a transfer's truth line is written when its final reply is emitted.
 */
final class FtpSession
{
    private static final int CLIENT = 0;
    private static final int SERVER = 1;

    private static final int MODE_PASV = 0;
    private static final int MODE_EPSV = 1;
    private static final int MODE_PORT = 2;
    private static final int MODE_EPRT = 3;
    private static final String[] MODE_NAMES = {"PASV", "EPSV", "PORT", "EPRT"};

    private static final int CTRL_SYN = 0;
    private static final int CTRL_SYN_ACK = 1;
    private static final int CTRL_ACK = 2;
    private static final int R220 = 3;
    private static final int USER = 4;
    private static final int R331 = 5;
    private static final int PASS = 6;
    private static final int R230 = 7;
    private static final int TYPE = 8;
    private static final int R200 = 9;
    private static final int MODE = 10;
    private static final int MODE_REPLY = 11;
    private static final int PASSIVE_SYN = 12;
    private static final int PASSIVE_SYN_ACK = 13;
    private static final int PASSIVE_ACK = 14;
    private static final int COMMAND = 15;
    private static final int ACTIVE_SYN = 16;
    private static final int ACTIVE_SYN_ACK = 17;
    private static final int ACTIVE_ACK = 18;
    private static final int R150 = 19;
    private static final int ACK150 = 20;
    private static final int TRANSFER = 21;
    private static final int DATA_FIN = 22;
    private static final int DATA_FIN_ACK = 23;
    private static final int DATA_LAST_ACK = 24;
    private static final int R226 = 25;
    private static final int FAULT = 26;
    private static final int QUIT = 27;
    private static final int R221 = 28;
    private static final int CTRL_FIN = 29;
    private static final int CTRL_FIN_ACK = 30;
    private static final int CTRL_LAST_ACK = 31;

    private static final byte[] TELNET_IP_SYNCH = {(byte)0xff, (byte)0xf4, (byte)0xff};
    private static final byte[] DM_ABOR = {(byte)0xf2, 'A', 'B', 'O', 'R', '\r', '\n'};
    private static final long MS = 1_000_000L;
    private static final String[] MONTHS =
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final PacketBuilder builder;
    private final SplittableRandom random;
    private final TruthLog truth;
    private final Hosts hosts;
    private final byte[] line = new byte[600];

    private final GeneratorOptions options;
    private final ClientPorts ports;
    private final int session;
    private final FailureCause cause;
    private final boolean v6;
    private final int clientHost;
    private final int serverHost;
    private final int halfRtt;
    private final int dataGap;
    private final int mode;
    private final int transfers;
    private final int segment;
    private final TcpConnection control;
    private final TcpConnection data;

    private int transferIndex = -1;
    private FailureCause transferCause = FailureCause.NONE;
    private boolean retr;
    private byte[] listing;
    private String command;
    private String file;
    private int size;
    private int faultAt;
    private int payloadBase;
    private int clientDataPort;
    private int serverDataPort;
    private int senderSide;
    private int receiverSide;
    private int clientDataSide;
    private int serverDataSide;
    private long stallTimeoutNs;

    private int step;
    private int sub;
    private int sent;
    private int pending;
    private int extra;
    private int lostFrom;
    private int senderSeqBase;
    private long wait;
    private long stallStart;
    private long faultFrame;
    private int delivered;

    FtpSession(
        final int session,
        final FailureCause cause,
        final GeneratorOptions options,
        final PacketBuilder builder,
        final Hosts hosts,
        final SplittableRandom random,
        final ClientPorts ports,
        final TruthLog truth)
    {
        this.session = session;
        this.cause = cause;
        this.options = options;
        this.builder = builder;
        this.hosts = hosts;
        this.random = random;
        this.ports = ports;
        this.truth = truth;
        v6 = random.nextDouble() < options.ipv6;
        final boolean tagged = random.nextDouble() < options.vlan;
        final long pair = ports.next(v6);
        clientHost = (int)(pair >>> 32);
        serverHost = Hosts.server(v6, random.nextInt(Hosts.serverCount(v6)));
        final int vlan = tagged ? 10 + clientHost % 4000 : 0;
        halfRtt = (int)(MS / 2 + random.nextInt(30 * (int)MS));
        dataGap = 40_000 + random.nextInt(300_000);
        final int m = random.nextInt(10);
        mode = v6 ? (m < 7 ? MODE_EPSV : MODE_EPRT) : (m < 5 ? MODE_PASV : m < 7 ? MODE_EPSV : MODE_PORT);
        transfers = 1 + random.nextInt(options.maxTransfersPerSession);
        segment = PacketBuilder.segmentSize(v6);
        control = new TcpConnection(builder, hosts);
        control.init(vlan, halfRtt, clientHost, (int)pair & 0xffff, serverHost, 21, random.nextInt(), random.nextInt());
        data = new TcpConnection(builder, hosts);
    }

    /** Chooses the next transfer's command, file, size, failure point and data connection endpoints. */
    private void prepareTransfer()
    {
        transferIndex++;
        final boolean last = transferIndex == transfers - 1;
        transferCause = last ? cause : FailureCause.NONE;
        final boolean downloadOnly = transferCause == FailureCause.CLIENT_EARLY_CLOSE ||
            transferCause == FailureCause.CLIENT_ABORT || transferCause == FailureCause.NETWORK_LOSS_TIMEOUT ||
            transferCause == FailureCause.CLIENT_RECEIVE_STALL;
        final boolean list = !last && transferIndex == 0 && random.nextInt(2) == 0;
        retr = list || downloadOnly || random.nextInt(4) != 0;
        final String name = "data-" + session + "-" + transferIndex + ".bin";
        if (list)
        {
            listing = listing(random.nextInt(40) + 1);
            command = "LIST";
            file = "/pub";
            size = listing.length;
        }
        else
        {
            listing = null;
            command = retr ? "RETR" : "STOR";
            file = retr ? "/pub/" + name : "upload-" + name;
            // StrictMath: the same seed must give the same bytes on every JVM
            final double drawn = -StrictMath.log(1.0 - random.nextDouble()) * options.ftpFileBytes;
            int bytes = (int)Math.max(1, Math.min(Math.min(drawn, 16.0 * options.ftpFileBytes), 1 << 30));
            if (transferCause != FailureCause.NONE)
            {
                bytes = Math.max(bytes, 16 * segment + random.nextInt(segment));
            }
            size = bytes;
        }
        final int segments = size / segment;
        faultAt = transferCause == FailureCause.NONE ? size :
            segment * Math.max(2, (int)(segments * (0.1 + 0.8 * random.nextDouble())));
        payloadBase = random.nextInt(PayloadBlock.SPAN) & ~1;
        stallTimeoutNs = (5_000 + random.nextInt(7_000)) * MS;
        sent = 0;
        pending = 0;
        extra = 0;
        sub = 0;
        delivered = 0;
        faultFrame = 0;

        clientDataPort = ports.nextDataPort(clientHost);
        final boolean passive = mode == MODE_PASV || mode == MODE_EPSV;
        serverDataPort = passive ? 10000 + random.nextInt(50000) : 20;
        if (passive)
        {
            data.init(control.vlan, halfRtt, clientHost, clientDataPort, serverHost, serverDataPort,
                random.nextInt(), random.nextInt());
        }
        else
        {
            data.init(control.vlan, halfRtt, serverHost, serverDataPort, clientHost, clientDataPort,
                random.nextInt(), random.nextInt());
        }
        clientDataSide = data.sideOf(clientHost);
        serverDataSide = 1 - clientDataSide;
        senderSide = retr ? serverDataSide : clientDataSide;
        receiverSide = 1 - senderSide;
    }

    /** An ls -l style listing, as vsftpd sends it for LIST. */
    private byte[] listing(final int entries)
    {
        final StringBuilder sb = new StringBuilder(entries * 70);
        for (int i = 0; i < entries; i++)
        {
            final boolean dir = random.nextInt(5) == 0;
            sb.append(dir ? "drwxr-xr-x" : "-rw-r--r--").append(dir ? "    2 0        0" : "    1 0        0");
            final String length = Integer.toString(dir ? 4096 : random.nextInt(1 << 24));
            for (int pad = length.length(); pad < 13; pad++)
            {
                sb.append(' ');
            }
            sb.append(length).append(' ').append(MONTHS[random.nextInt(12)]).append(' ');
            final int day = 1 + random.nextInt(28);
            sb.append(day < 10 ? " " : "").append(day).append(" 2025 ");
            sb.append(dir ? "dir-" : "file-").append(i).append(dir ? "" : ".bin").append("\r\n");
        }
        final byte[] bytes = new byte[sb.length()];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)sb.charAt(i);
        }
        return bytes;
    }

    FailureCause cause()
    {
        return cause;
    }

    /** Roughly how many capture bytes the session still has to write (file bytes not yet sent, plus headers). */
    long remainingBytes()
    {
        final long current = transferIndex < 0 ? options.ftpFileBytes :
            (long)((transferCause == FailureCause.NONE ? size - sent : Math.max(0, faultAt - sent)) * 1.05);
        return current + (transfers - Math.max(0, transferIndex) - 1) * options.ftpFileBytes + 2000;
    }

    /**
     * Emits the session's next packet(s).
     *
     * @return when the session runs next, or -1 when it has ended.
     */
    long step(final long now) throws IOException
    {
        switch (step)
        {
            case CTRL_SYN: control.syn(now); return next(CTRL_SYN_ACK, now + halfRtt);
            case CTRL_SYN_ACK: control.synAck(now); return next(CTRL_ACK, now + halfRtt);
            case CTRL_ACK: control.send(now, CLIENT, PacketBuilder.ACK, 0, 0); return next(R220, now + halfRtt / 4);
            case R220: reply(now, "220 (vsFTPd 3.0.3)"); return next(USER, think(now));
            case USER: command(now, "USER anonymous"); return next(R331, now + halfRtt);
            case R331: reply(now, "331 Please specify the password."); return next(PASS, think(now));
            case PASS: command(now, "PASS guest@example.com"); return next(R230, now + halfRtt);
            case R230: reply(now, "230 Login successful."); return next(TYPE, think(now));
            case TYPE: command(now, "TYPE I"); return next(R200, now + halfRtt);
            case R200: reply(now, "200 Switching to Binary mode."); return next(MODE, think(now));
            case MODE:
                prepareTransfer();
                command(now, modeCommand());
                return next(MODE_REPLY, now + halfRtt);
            case MODE_REPLY:
                reply(now, modeReply());
                return mode == MODE_PASV || mode == MODE_EPSV ? next(PASSIVE_SYN, now + halfRtt) :
                    next(COMMAND, think(now));
            case PASSIVE_SYN: data.syn(now); return next(PASSIVE_SYN_ACK, now + halfRtt);
            case PASSIVE_SYN_ACK: data.synAck(now); return next(PASSIVE_ACK, now + halfRtt);
            case PASSIVE_ACK: data.send(now, 0, PacketBuilder.ACK, 0, 0); return next(COMMAND, now + 50_000);
            case COMMAND:
                command(now, listing != null ? command : command + " " + file);
                return mode == MODE_PASV || mode == MODE_EPSV ? next(R150, now + halfRtt) :
                    next(ACTIVE_SYN, now + halfRtt);
            case ACTIVE_SYN: data.syn(now); return next(ACTIVE_SYN_ACK, now + halfRtt);
            case ACTIVE_SYN_ACK: data.synAck(now); return next(ACTIVE_ACK, now + halfRtt);
            case ACTIVE_ACK: data.send(now, 0, PacketBuilder.ACK, 0, 0); return next(R150, now + 50_000);
            case R150:
                reply(now, listing != null ? "150 Here comes the directory listing." : retr ?
                    "150 Opening BINARY mode data connection for " + file + " (" + size + " bytes)." :
                    "150 Ok to send data.");
                senderSeqBase = data.next[senderSide];
                return next(ACK150, now + halfRtt);
            case ACK150: control.send(now, CLIENT, PacketBuilder.ACK, 0, 0); return next(TRANSFER, now + dataGap);
            case TRANSFER: return transfer(now);
            case DATA_FIN:
                data.send(now, senderSide, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0);
                return next(DATA_FIN_ACK, now + halfRtt);
            case DATA_FIN_ACK:
                data.send(now, receiverSide, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0);
                return next(DATA_LAST_ACK, now + halfRtt);
            case DATA_LAST_ACK:
                data.send(now, senderSide, PacketBuilder.ACK, 0, 0);
                return next(R226, now + MS);
            case R226:
                delivered = size;
                finalReply(now, 226, listing != null ? "Directory send OK." : "Transfer complete.");
                return next(transferIndex + 1 < transfers ? MODE : QUIT, think(now));
            case FAULT: return fault(now);
            case QUIT: command(now, "QUIT"); return next(R221, now + halfRtt);
            case R221: reply(now, "221 Goodbye."); return next(CTRL_FIN, now + 20_000);
            case CTRL_FIN:
                control.send(now, SERVER, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0);
                return next(CTRL_FIN_ACK, now + halfRtt);
            case CTRL_FIN_ACK:
                control.send(now, CLIENT, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0);
                return next(CTRL_LAST_ACK, now + halfRtt);
            default:
                control.send(now, SERVER, PacketBuilder.ACK, 0, 0);
                return -1;
        }
    }

    private long transfer(final long now) throws IOException
    {
        final boolean failing = transferCause != FailureCause.NONE;
        if (failing && sent >= faultAt && pending == 0)
        {
            delivered = sent;
            sub = 0;
            step = FAULT;
            return fault(now);
        }
        if (sent >= size && pending == 0)
        {
            return next(DATA_FIN, now + dataGap);
        }
        if (pending >= 2 || (pending > 0 && (sent >= size || (failing && sent >= faultAt))))
        {
            data.send(now, receiverSide, PacketBuilder.ACK, 0, 0);
            pending = 0;
            return now + dataGap;
        }
        sendSegment(now);
        return now + (pending >= 2 ? dataGap / 3 : dataGap);
    }

    private long sendSegment(final long now) throws IOException
    {
        final int length = Math.min(segment, size - sent);
        if (length <= 0)
        {
            return 0;
        }
        final int flags = PacketBuilder.ACK | (pending == 1 || sent + length >= size ? PacketBuilder.PSH : 0);
        if (listing != null)
        {
            builder.text(listing, sent, length);
        }
        final long frame = data.send(now, senderSide, flags, PayloadBlock.offset(payloadBase, sent), length);
        sent += length;
        pending++;
        return frame;
    }

    private long fault(final long now) throws IOException
    {
        switch (transferCause)
        {
            case CLIENT_EARLY_CLOSE: return clientEarlyClose(now);
            case CLIENT_ABORT: return clientAbort(now);
            case NETWORK_FORGED_RESET: return forgedReset(now);
            case NETWORK_LOSS_TIMEOUT: return blackhole(now);
            case CLIENT_RECEIVE_STALL: return receiveStall(now);
            default: return serverAbort(now);
        }
    }

    /** The client closes its data socket with unread data: its host resets, then resets each late segment. */
    private long clientEarlyClose(final long now) throws IOException
    {
        switch (sub++)
        {
            case 0:
                faultFrame = data.activeReset(now, receiverSide);
                return now + dataGap;
            case 1:
                sendSegment(now);
                return now + halfRtt;
            case 2:
                data.bareReset(now, receiverSide, 0);
                return now + halfRtt + MS + random.nextInt(50 * (int)MS);
            default:
                finalReply(now, 426, "Failure writing network stream.");
                return next(QUIT, think(now));
        }
    }

    /** Telnet IP + Synch (urgent), ABOR; the server shuts the data connection, replies 426 then 226. */
    private long clientAbort(final long now) throws IOException
    {
        switch (sub++)
        {
            case 0:
                builder.urgent(TELNET_IP_SYNCH.length).text(TELNET_IP_SYNCH, TELNET_IP_SYNCH.length);
                faultFrame = control.send(now, CLIENT, PacketBuilder.URG | PacketBuilder.PSH | PacketBuilder.ACK, 0,
                    TELNET_IP_SYNCH.length);
                return now + 30_000;
            case 1:
                builder.text(DM_ABOR, DM_ABOR.length);
                control.send(now, CLIENT, PacketBuilder.PSH | PacketBuilder.ACK, 0, DM_ABOR.length);
                return now + halfRtt;
            case 2:
                data.send(now, serverDataSide, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0);
                return now + MS + random.nextInt(130 * (int)MS);
            case 3:
                finalReply(now, 426, "Failure writing network stream.");
                return now + 100_000;
            case 4:
                reply(now, "226 ABOR successful.");
                return now + halfRtt;
            default:
                data.activeReset(now, clientDataSide);
                return next(QUIT, now + 200_000);
        }
    }

    /**
     * A middlebox resets both ends with its own TTL and IP ID 0; the data sender, which has not received its reset
     * yet, keeps sending for a moment.
     */
    private long forgedReset(final long now) throws IOException
    {
        switch (sub++)
        {
            case 0:
                faultFrame = data.bareReset(now, serverDataSide, Hosts.MIDDLEBOX_TTL);
                return now + 20_000 + random.nextInt(300_000);
            case 1:
                data.bareReset(now, clientDataSide, Hosts.MIDDLEBOX_TTL);
                extra = 0;
                return now + dataGap;
            case 2:
                sendSegment(now);
                if (++extra < 2)
                {
                    sub = 2;
                    return now + dataGap;
                }
                return now + MS + random.nextInt(50 * (int)MS);
            default:
                finalReply(now, 426, retr ? "Failure writing network stream." : "Failure reading network stream.");
                return next(QUIT, think(now));
        }
    }

    /** Data stops being delivered: the sender retransmits with exponential back-off, never ACKed, then gives up. */
    private long blackhole(final long now) throws IOException
    {
        switch (sub)
        {
            case 0:
                if (extra == 0)
                {
                    lostFrom = sent;
                    faultFrame = sendSegment(now);
                    extra = 3 + random.nextInt(4);
                    return now + dataGap;
                }
                sendSegment(now);
                if (--extra > 1)
                {
                    return now + dataGap;
                }
                sub = 1;
                extra = 0;
                wait = 200 * MS + 2L * halfRtt;
                return now + wait;
            case 1:
                data.sendAt(now, senderSide, senderSeqBase + lostFrom, PacketBuilder.ACK,
                    PayloadBlock.offset(payloadBase, lostFrom), Math.min(segment, size - lostFrom));
                if (++extra < 5)
                {
                    wait *= 2;
                    return now + wait;
                }
                sub = 2;
                return now + 2 * wait;
            default:
                delivered = lostFrom;
                finalReply(now, 426, "Failure writing network stream.");
                return next(QUIT, think(now));
        }
    }

    /** The client stops reading: window 0, zero-window probes with back-off, then vsftpd's data timeout (421). */
    private long receiveStall(final long now) throws IOException
    {
        switch (sub)
        {
            case 0:
                data.window[receiverSide] = 0;
                faultFrame = data.send(now, receiverSide, PacketBuilder.ACK, 0, 0);
                stallStart = now;
                wait = 200 * MS + 2L * halfRtt;
                sub = 1;
                return now + wait;
            case 1:
                data.sendAt(now, senderSide, data.next[senderSide] - 1, PacketBuilder.ACK, 0, 0);
                sub = 2;
                return now + 2L * halfRtt;
            case 2:
                data.send(now, receiverSide, PacketBuilder.ACK, 0, 0);
                wait = Math.min(wait * 2, 120_000 * MS);
                if (now + wait - stallStart < stallTimeoutNs)
                {
                    sub = 1;
                    return now + wait;
                }
                sub = 3;
                return Math.max(now + 1000, stallStart + stallTimeoutNs);
            case 3:
                finalReply(now, 421, "Data timeout. Reconnect. Sorry.");
                sub = 4;
                return now + 50_000;
            case 4:
                control.send(now, SERVER, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0);
                sub = 5;
                return now + halfRtt;
            case 5:
                data.activeReset(now, receiverSide);
                sub = 6;
                return now + 100_000;
            case 6:
                control.send(now, CLIENT, PacketBuilder.FIN | PacketBuilder.ACK, 0, 0);
                sub = 7;
                return now + halfRtt;
            default:
                control.send(now, SERVER, PacketBuilder.ACK, 0, 0);
                return -1;
        }
    }

    /** The server's host aborts the data socket (a genuine RST with its own TTL), then the server replies 426. */
    private long serverAbort(final long now) throws IOException
    {
        switch (sub++)
        {
            case 0:
                faultFrame = data.activeReset(now, serverDataSide);
                if (retr)
                {
                    sub = 3;
                    return now + 5 * MS + random.nextInt(300 * (int)MS);
                }
                return now + dataGap;
            case 1:
                sendSegment(now);
                return now + halfRtt;
            case 2:
                data.bareReset(now, serverDataSide, 0);
                return now + 5 * MS + random.nextInt(300 * (int)MS);
            default:
                finalReply(now, 426, retr ? "Failure writing network stream." : "Failure reading network stream.");
                return next(QUIT, think(now));
        }
    }

    private long next(final int nextStep, final long time)
    {
        step = nextStep;
        return time;
    }

    private long think(final long now)
    {
        return now + halfRtt + random.nextInt(3 * (int)MS);
    }

    private String modeCommand()
    {
        switch (mode)
        {
            case MODE_PASV: return "PASV";
            case MODE_EPSV: return "EPSV";
            case MODE_PORT: return "PORT " + Hosts.addressText(clientHost).replace('.', ',') + "," +
                (clientDataPort >>> 8) + "," + (clientDataPort & 0xff);
            default: return "EPRT |2|" + Hosts.addressText(clientHost) + "|" + clientDataPort + "|";
        }
    }

    private String modeReply()
    {
        switch (mode)
        {
            case MODE_PASV: return "227 Entering Passive Mode (" + Hosts.addressText(serverHost).replace('.', ',') +
                "," + (serverDataPort >>> 8) + "," + (serverDataPort & 0xff) + ").";
            case MODE_EPSV: return "229 Entering Extended Passive Mode (|||" + serverDataPort + "|)";
            case MODE_PORT: return "200 PORT command successful. Consider using PASV.";
            default: return "200 EPRT command successful. Consider using EPSV.";
        }
    }

    private long command(final long now, final String text) throws IOException
    {
        return sendLine(now, CLIENT, text);
    }

    private long reply(final long now, final String text) throws IOException
    {
        return sendLine(now, SERVER, text);
    }

    private long sendLine(final long now, final int side, final String text) throws IOException
    {
        final int length = Math.min(text.length(), line.length - 2);
        for (int i = 0; i < length; i++)
        {
            line[i] = (byte)text.charAt(i);
        }
        line[length] = '\r';
        line[length + 1] = '\n';
        builder.text(line, length + 2);
        return control.send(now, side, PacketBuilder.PSH | PacketBuilder.ACK, 0, length + 2);
    }

    private void finalReply(final long now, final int code, final String text) throws IOException
    {
        final long frame = reply(now, code + " " + text);
        final StringBuilder sb = new StringBuilder(640);
        sb.append("{\"transfer\":").append(truth.lines() + 1);
        sb.append(",\"session\":").append(session);
        sb.append(",\"transfer_in_session\":").append(transferIndex + 1);
        sb.append(",\"ip_version\":").append(v6 ? 6 : 4);
        sb.append(",\"vlan\":").append(control.vlan);
        sb.append(",\"control\":{\"client\":");
        endpoint(sb, clientHost, control.port[CLIENT]).append(",\"server\":");
        endpoint(sb, serverHost, control.port[SERVER]).append('}');
        sb.append(",\"data\":{\"client\":");
        endpoint(sb, clientHost, clientDataPort).append(",\"server\":");
        endpoint(sb, serverHost, serverDataPort).append(",\"opened_by\":");
        TruthLog.quote(sb, clientDataSide == 0 ? "client" : "server").append('}');
        sb.append(",\"command\":");
        TruthLog.quote(sb, command);
        sb.append(",\"file\":");
        TruthLog.quote(sb, file);
        sb.append(",\"mode\":");
        TruthLog.quote(sb, MODE_NAMES[mode]);
        sb.append(",\"bytes_expected\":").append(size);
        sb.append(",\"bytes_delivered\":").append(delivered);
        sb.append(",\"reply_code\":").append(code);
        sb.append(",\"reply_text\":");
        TruthLog.quote(sb, text);
        sb.append(",\"reply_frame\":").append(frame);
        sb.append(",\"fault_frame\":");
        if (transferCause == FailureCause.NONE)
        {
            sb.append("null");
        }
        else
        {
            sb.append(faultFrame);
        }
        sb.append(",\"party\":");
        TruthLog.quote(sb, transferCause.party);
        sb.append(",\"cause\":");
        TruthLog.quote(sb, transferCause.code);
        sb.append(",\"ttl\":{\"client\":").append(hosts.ttl(clientHost))
            .append(",\"server\":").append(hosts.ttl(serverHost));
        if (transferCause == FailureCause.NETWORK_FORGED_RESET)
        {
            sb.append(",\"middlebox\":").append(Hosts.MIDDLEBOX_TTL);
        }
        sb.append("}}");
        truth.write(transferCause, sb);
    }

    private static StringBuilder endpoint(final StringBuilder sb, final int host, final int port)
    {
        sb.append("{\"ip\":");
        TruthLog.quote(sb, Hosts.addressText(host));
        return sb.append(",\"port\":").append(port).append('}');
    }
}
