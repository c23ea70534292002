package dev.ftp426.ftp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One FTP transfer (RETR, STOR, APPE, STOU, LIST, NLST, MLSD) with everything the control channel said about it,
 * handed to {@link FtpEventListener#onTransfer} once it is over. Also used, with {@link #command()} null, for a data
 * connection whose command could not be seen (encrypted control channel, control connection not in the capture, or
 * a command lost in a capture gap); {@link #notes()} then says which.
 * <p>
 * A new object per transfer (transfers are rare next to packets); it is never touched again after the listener
 * got it, so the attribution stage may keep it. Frames are Wireshark frame numbers; timestamps are nanoseconds since
 * the epoch; -1 means unknown. Endpoints are 128-bit with IPv4 mapped as in {@code DecodedPacket}. "client" and
 * "server" are FTP roles, never TCP roles: in active mode the server is the data connection's TCP initiator.
 */
public final class FtpTransfer
{
    public static final long NONE = -1;

    /** Why the record was handed over. */
    public enum End
    {
        /** The final reply came (and the ABOR's reply, and the data connection closed). */
        COMPLETED,
        /** The next transfer command started before this one was complete. */
        SUPERSEDED,
        /** The control connection closed first. */
        CONTROL_CLOSED,
        /** Waited longer than the configured linger for the missing pieces. */
        TIMED_OUT,
        /** End of the analysis run. */
        FLUSHED,
        /** A data connection closed that was never tied to a visible command. */
        DATA_ONLY
    }

    long sessionId = NONE;
    long controlFlowId = NONE;
    long dataFlowId = NONE;

    long clientHi;
    long clientLo;
    int clientPort;
    long serverHi;
    long serverLo;
    int serverPort;

    String user;
    String command;
    byte[] argBytes;
    boolean argTruncated;
    long commandFrame = NONE;
    long commandTs = NONE;
    String type;
    DataMode mode = DataMode.UNKNOWN;
    long setupFrame = NONE;
    long setupTs = NONE;
    long setupHi;
    long setupLo;
    int setupPort = -1;
    boolean setupHasAddress;
    boolean natAddress;
    boolean heuristicAssociation;
    long restOffset = NONE;
    long sizeAnnounced = NONE;
    long sizeFromSizeCommand = NONE;

    FtpReplyRecord preliminary;
    int extraPreliminaryReplies;
    FtpReplyRecord extraPreliminary;
    FtpReplyRecord completion;
    final List<FtpReplyRecord> subsequentReplies = new ArrayList<>(2);
    FtpAbort abort;
    FtpReplyRecord abortReply;

    boolean dataInitiatedByServer;
    long dataClientHi;
    long dataClientLo;
    int dataClientPort = -1;
    long dataServerHi;
    long dataServerLo;
    int dataServerPort = -1;
    long dataOpenedFrame = NONE;
    long dataOpenedTs = NONE;
    long dataClosedFrame = NONE;
    long dataClosedTs = NONE;
    long bytesToClient = NONE;
    long bytesToServer = NONE;

    boolean encrypted;
    boolean decrypted;
    boolean controlGap;
    End end;
    final List<String> notes = new ArrayList<>(2);

    // tracker bookkeeping, not part of the record
    FtpSession session;
    DataExpectation expectation;
    boolean emitted;
    long completedTs = NONE;

    /**
     * Replaces the session and connection numbers, which each tracker counts from 1: the parallel pipeline renumbers
     * its workers' transfers into the numbers a single tracker would have given.
     */
    public void renumber(final long sessionId, final long controlFlowId, final long dataFlowId)
    {
        this.sessionId = sessionId;
        this.controlFlowId = controlFlowId;
        this.dataFlowId = dataFlowId;
    }

    public long sessionId()
    {
        return sessionId;
    }

    /** Flow id of the control connection, or {@link #NONE} when the control connection is not in the capture. */
    public long controlFlowId()
    {
        return controlFlowId;
    }

    /** Flow id of the data connection, or {@link #NONE} when none was seen. */
    public long dataFlowId()
    {
        return dataFlowId;
    }

    public long clientHi()
    {
        return clientHi;
    }

    public long clientLo()
    {
        return clientLo;
    }

    /** Client's control-connection port (for a data-only record, its data-connection port). */
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

    /** Last USER argument before the command (never the password), or null. */
    public String user()
    {
        return user;
    }

    /** Upper-case verb, or null when the command could not be seen. */
    public String command()
    {
        return command;
    }

    /** Argument as sent (after telnet unescaping), or null. */
    public byte[] argBytes()
    {
        return argBytes == null ? null : argBytes.clone();
    }

    /** Argument decoded per {@link FtpText}, or null. */
    public String arg()
    {
        return FtpText.decode(argBytes);
    }

    public boolean argTruncated()
    {
        return argTruncated;
    }

    public long commandFrame()
    {
        return commandFrame;
    }

    public long commandTs()
    {
        return commandTs;
    }

    /** Argument of the last TYPE command before the transfer ("I", "A", "A N", ...), or null (server default A). */
    public String type()
    {
        return type;
    }

    public DataMode mode()
    {
        return mode;
    }

    /** Frame of the setup: the 227/229/228 reply, or the PORT/EPRT/LPRT command. */
    public long setupFrame()
    {
        return setupFrame;
    }

    public long setupTs()
    {
        return setupTs;
    }

    /** Address given in the setup (the 227/EPRT address; for EPSV the control server's), if any. */
    public boolean setupHasAddress()
    {
        return setupHasAddress;
    }

    public long setupHi()
    {
        return setupHi;
    }

    public long setupLo()
    {
        return setupLo;
    }

    public int setupPort()
    {
        return setupPort;
    }

    /** The setup's address differs from the control connection's address of that party (NAT, or a lie). */
    public boolean natAddress()
    {
        return natAddress;
    }

    /** The data connection was tied by timing and addresses only (encrypted control channel), not by a port. */
    public boolean heuristicAssociation()
    {
        return heuristicAssociation;
    }

    /** REST offset in force for this transfer, or {@link #NONE}. */
    public long restOffset()
    {
        return restOffset;
    }

    /** Byte count from the 150 reply "(N bytes)", or {@link #NONE}. */
    public long sizeAnnounced()
    {
        return sizeAnnounced;
    }

    /** Size from a 213 reply to SIZE of the same path before a RETR, or {@link #NONE}. */
    public long sizeFromSizeCommand()
    {
        return sizeFromSizeCommand;
    }

    /** The first 150/125 (or other 1xx) reply, or null. */
    public FtpReplyRecord preliminary()
    {
        return preliminary;
    }

    /** Further 1xx replies to the same command (Pure-FTPd's stray "150 N seconds" line). */
    public int extraPreliminaryReplies()
    {
        return extraPreliminaryReplies;
    }

    /**
     * The second 1xx reply to the same command, or null. Pure-FTPd sends "150 N seconds (measured here), X Kbytes
     * per second" and no final reply when the data connection fails (field guide, section 9).
     */
    public FtpReplyRecord extraPreliminary()
    {
        return extraPreliminary;
    }

    /** The final reply to the command (226, 250, 426, 451, 421, 425, 450, ...), or null when none came. */
    public FtpReplyRecord completion()
    {
        return completion;
    }

    /** Replies after the final one while the transfer was still open (e.g. the 226/225 that answers an ABOR). */
    public List<FtpReplyRecord> subsequentReplies()
    {
        return Collections.unmodifiableList(subsequentReplies);
    }

    /** The ABOR sent for this transfer, or null. */
    public FtpAbort abort()
    {
        return abort;
    }

    /** The reply that answered that ABOR, or null. */
    public FtpReplyRecord abortReply()
    {
        return abortReply;
    }

    /**
     * The FTP server is the data connection's TCP initiator as the TCP stage reported it: active mode, or a
     * connection first seen mid-stream whose roles the TCP stage guessed the other way round. Byte counts and the
     * data endpoints below are already mapped to FTP roles.
     */
    public boolean dataInitiatedByServer()
    {
        return dataInitiatedByServer;
    }

    public long dataClientHi()
    {
        return dataClientHi;
    }

    public long dataClientLo()
    {
        return dataClientLo;
    }

    public int dataClientPort()
    {
        return dataClientPort;
    }

    public long dataServerHi()
    {
        return dataServerHi;
    }

    public long dataServerLo()
    {
        return dataServerLo;
    }

    public int dataServerPort()
    {
        return dataServerPort;
    }

    public long dataOpenedFrame()
    {
        return dataOpenedFrame;
    }

    public long dataOpenedTs()
    {
        return dataOpenedTs;
    }

    /** Close of the data connection as reported to the tracker before the record was handed over, or NONE. */
    public long dataClosedFrame()
    {
        return dataClosedFrame;
    }

    public long dataClosedTs()
    {
        return dataClosedTs;
    }

    /** Payload bytes server to client on the data connection (as reported at its close), or {@link #NONE}. */
    public long bytesToClient()
    {
        return bytesToClient;
    }

    public long bytesToServer()
    {
        return bytesToServer;
    }

    /**
     * The control channel was encrypted (FTPS) when this transfer happened: its replies cannot be seen, unless
     * {@link #decrypted()}.
     */
    public boolean encrypted()
    {
        return encrypted;
    }

    /** The control channel was encrypted but decrypted with a key log: commands and replies are known. */
    public boolean decrypted()
    {
        return decrypted;
    }

    /** The capture lost control-channel bytes during this transfer: replies or commands may be missing. */
    public boolean controlGap()
    {
        return controlGap;
    }

    public End end()
    {
        return end;
    }

    /** Plain sentences about what could not be known and why. */
    public List<String> notes()
    {
        return Collections.unmodifiableList(notes);
    }

    void note(final String note)
    {
        if (!notes.contains(note))
        {
            notes.add(note);
        }
    }

    @Override
    public String toString()
    {
        return "FtpTransfer{session=" + sessionId + ", control=" + controlFlowId + ", data=" + dataFlowId +
            ", command=" + command + " " + arg() + ", mode=" + mode + ", type=" + type + ", rest=" + restOffset +
            ", size=" + sizeAnnounced + ", prelim=" + preliminary + ", completion=" + completion +
            ", subsequent=" + subsequentReplies + ", abort=" + abort + ", abortReply=" + abortReply +
            ", encrypted=" + encrypted + ", gap=" + controlGap + ", end=" + end + ", notes=" + notes + "}";
    }
}
