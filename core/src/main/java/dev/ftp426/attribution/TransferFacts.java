package dev.ftp426.attribution;

import java.util.List;

/**
 * What the FTP tracker knows about one transfer: the command, its replies, an ABOR, and the control connection.
 * Nullable parts are null when absent.
 *
 * @param command                  the transfer command (UNKNOWN when the control channel is unreadable).
 * @param argument                 its argument (file name), may be empty.
 * @param dataSender               who sends the data: SERVER for downloads and listings, CLIENT for uploads.
 * @param mode                     passive or active data connection.
 * @param announcedSize            size announced by the 150 text or a SIZE reply, -1 when unknown.
 * @param preliminary              the 150/125 reply, or null.
 * @param completion               the first reply after the preliminary one that ends the transfer (226, 250, 421,
 *                                 425, 426, 450, 451, ...), or null when none was seen.
 * @param following                replies that still belong to the transfer after the completion (226 or 225
 *                                 after a 426 answering ABOR).
 * @param abort                    the ABOR sent during the transfer, or null.
 * @param encrypted                the control channel was encrypted (AUTH TLS, then 234).
 * @param repliesVisible           reply codes and commands after 234 could be read (decrypted); false leaves
 *                                 completion null even when the server did reply.
 * @param client                   client end of the control connection.
 * @param server                   server end of the control connection.
 * @param controlEnd               first FIN/RST on the control connection, or null when it stayed open.
 * @param controlIdleBeforeFailure how long the control connection had been silent when the failure came
 *                                 (reply or data break), -1 when unknown.
 * @param controlGaps              holes in the control connection during the transfer.
 * @param passiveAddressMismatch   the address in the 227/229/PORT differed from the control connection's (NAT).
 */
public record TransferFacts(
    TransferCommand command,
    String argument,
    FtpRole dataSender,
    DataMode mode,
    long announcedSize,
    Reply preliminary,
    Reply completion,
    List<Reply> following,
    Abort abort,
    boolean encrypted,
    boolean repliesVisible,
    Endpoint client,
    Endpoint server,
    ConnectionEnd controlEnd,
    long controlIdleBeforeFailure,
    List<ControlGap> controlGaps,
    boolean passiveAddressMismatch)
{
    public TransferFacts
    {
        following = List.copyOf(following);
        controlGaps = List.copyOf(controlGaps);
        argument = null == argument ? "" : argument;
    }

    /** True for STOR/APPE/STOU (or an unreadable command whose data flowed from the client). */
    public boolean upload()
    {
        return dataSender == FtpRole.CLIENT;
    }

    /** The receiving side of the data. */
    public FtpRole dataReceiver()
    {
        return dataSender.peer();
    }

    /** A builder for a download (RETR, passive) with nothing else known. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Fluent construction for tests and for the pipeline. */
    public static final class Builder
    {
        private TransferCommand command = TransferCommand.RETR;
        private String argument = "";
        private FtpRole dataSender;
        private DataMode mode = DataMode.PASSIVE;
        private long announcedSize = -1;
        private Reply preliminary;
        private Reply completion;
        private List<Reply> following = List.of();
        private Abort abort;
        private boolean encrypted;
        private boolean repliesVisible = true;
        private Endpoint client;
        private Endpoint server;
        private ConnectionEnd controlEnd;
        private long controlIdleBeforeFailure = -1;
        private List<ControlGap> controlGaps = List.of();
        private boolean passiveAddressMismatch;

        /** Sets the command; the data sender follows from it unless set explicitly. */
        public Builder command(final TransferCommand v)
        {
            command = v;
            return this;
        }

        public Builder argument(final String v)
        {
            argument = v;
            return this;
        }

        public Builder dataSender(final FtpRole v)
        {
            dataSender = v;
            return this;
        }

        public Builder mode(final DataMode v)
        {
            mode = v;
            return this;
        }

        public Builder announcedSize(final long v)
        {
            announcedSize = v;
            return this;
        }

        public Builder preliminary(final Reply v)
        {
            preliminary = v;
            return this;
        }

        public Builder completion(final Reply v)
        {
            completion = v;
            return this;
        }

        public Builder following(final List<Reply> v)
        {
            following = v;
            return this;
        }

        public Builder abort(final Abort v)
        {
            abort = v;
            return this;
        }

        /** Marks the control channel encrypted; replies stay readable only when {@code readable}. */
        public Builder encrypted(final boolean readable)
        {
            encrypted = true;
            repliesVisible = readable;
            return this;
        }

        public Builder control(final Endpoint clientSide, final Endpoint serverSide)
        {
            client = clientSide;
            server = serverSide;
            return this;
        }

        public Builder controlEnd(final ConnectionEnd v)
        {
            controlEnd = v;
            return this;
        }

        public Builder controlIdleBeforeFailure(final long v)
        {
            controlIdleBeforeFailure = v;
            return this;
        }

        public Builder controlGaps(final List<ControlGap> v)
        {
            controlGaps = v;
            return this;
        }

        public Builder passiveAddressMismatch(final boolean v)
        {
            passiveAddressMismatch = v;
            return this;
        }

        public TransferFacts build()
        {
            final FtpRole sender = null != dataSender ? dataSender : command.upload() ? FtpRole.CLIENT : FtpRole.SERVER;
            return new TransferFacts(command, argument, sender, mode, announcedSize, preliminary, completion, following,
                abort, encrypted, repliesVisible, client, server, controlEnd, controlIdleBeforeFailure, controlGaps,
                passiveAddressMismatch);
        }
    }
}
