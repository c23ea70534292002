package dev.ftp426.bench.gen;

/** What ends an FTP transfer, with the party and cause codes the truth file uses. */
enum FailureCause
{
    NONE("none", "none"),
    CLIENT_EARLY_CLOSE("client", "client_early_close"),
    CLIENT_ABORT("client", "client_abort"),
    NETWORK_FORGED_RESET("network", "network_forged_reset"),
    NETWORK_LOSS_TIMEOUT("network", "network_loss_timeout"),
    CLIENT_RECEIVE_STALL("client", "client_receive_stall"),
    SERVER_ABORT("server", "server_abort");

    /** The failing causes, in the order failures cycle through them. */
    static final FailureCause[] FAILURES = {
        CLIENT_EARLY_CLOSE, CLIENT_ABORT, NETWORK_FORGED_RESET, NETWORK_LOSS_TIMEOUT, CLIENT_RECEIVE_STALL,
        SERVER_ABORT};

    final String party;
    final String code;

    FailureCause(final String party, final String code)
    {
        this.party = party;
        this.code = code;
    }
}
