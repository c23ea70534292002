package dev.ftp426.ftp;

/**
 * A data connection the control channel announced: who will connect to which address and port.
 * <p>
 * Passive (227/229/228): the FTP client connects to {@code (primary or alternate address, port)}, where primary is
 * the server address of the control connection and alternate the address in the reply when it differs (NAT).
 * Active (PORT/EPRT/LPRT/default): the FTP server connects to the client at the announced address (primary) or the
 * client's control address (alternate), usually from port 20. The client-side port of a passive connection and the
 * server-side port of an active one are left open.
 */
final class DataExpectation
{
    FtpSession session;
    DataMode mode;
    long primaryHi;
    long primaryLo;
    long alternateHi;
    long alternateLo;
    boolean hasAlternate;
    int port;
    long createdTs;
    long setupFrame;
    boolean indexed;
    DataExpectation nextSamePort;

    // the connection that matched, before a transfer command claimed it
    long flowId = FtpTransfer.NONE;
    boolean initiatorIsServer;
    long initiatorHi;
    long initiatorLo;
    int initiatorPort;
    long responderHi;
    long responderLo;
    int responderPort;
    long openedFrame = FtpTransfer.NONE;
    long openedTs = FtpTransfer.NONE;
    boolean closed;
    long closedFrame = FtpTransfer.NONE;
    long closedTs = FtpTransfer.NONE;
    long bytesFromInitiator = FtpTransfer.NONE;
    long bytesFromResponder = FtpTransfer.NONE;

    FtpTransfer transfer;

    boolean passive()
    {
        return mode.passive();
    }

    boolean matchesAddress(final long hi, final long lo)
    {
        return (hi == primaryHi && lo == primaryLo) || (hasAlternate && hi == alternateHi && lo == alternateLo);
    }
}
