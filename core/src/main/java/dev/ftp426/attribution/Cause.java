package dev.ftp426.attribution;

import java.util.Locale;

/** Verdict causes. Each belongs to one party; the snake_case code is what reports print. See docs/causes.md. */
public enum Cause
{
    CLIENT_ABORT(Party.CLIENT, "the client aborted the transfer with ABOR"),
    CLIENT_EARLY_CLOSE(Party.CLIENT, "the client closed or reset the data connection mid-download"),
    CLIENT_RECEIVE_STALL(Party.CLIENT, "the client stopped reading (zero window) until the server gave up"),
    CLIENT_UPLOAD_ABORT(Party.CLIENT, "the client reset the data connection mid-upload"),
    CLIENT_TLS_CLOSE(Party.CLIENT, "the client ended the TLS data connection without a proper TLS shutdown"),
    SERVER_LOCAL_IO(Party.SERVER, "the server reported a local error with no network trigger"),
    SERVER_TIMEOUT(Party.SERVER, "the server's own timer ended the transfer with nothing wrong on the wire"),
    SERVER_ABORT(Party.SERVER, "the server host reset its own data connection"),
    SERVER_STALL(Party.SERVER, "the server stopped sending with an open window and nothing outstanding"),
    NETWORK_LOSS_TIMEOUT(Party.NETWORK, "the path stopped delivering; the sender's retransmissions went unanswered"),
    NETWORK_HEAVY_LOSS(Party.NETWORK, "heavy packet loss on the path wore the transfer down"),
    NETWORK_PMTU_BLACKHOLE(Party.NETWORK, "full-size segments were lost on the path (PMTU black hole)"),
    NETWORK_STATE_EXPIRY(Party.NETWORK, "a NAT or firewall dropped the idle control connection's state"),
    NETWORK_FORGED_RESET(Party.NETWORK, "a device on the path forged TCP resets"),
    NETWORK_ALG_REWRITE(Party.NETWORK, "a NAT helper rewrote or blocked the data connection setup"),
    UNDETERMINED_CAPTURE_LOSS(Party.UNDETERMINED, "the capture itself lost packets at the failure"),
    UNDETERMINED_ENCRYPTED(Party.UNDETERMINED, "the session is encrypted and TCP shows nothing decisive"),
    UNDETERMINED_NO_DATA_CONNECTION(Party.UNDETERMINED, "no data connection was seen for the transfer"),
    UNDETERMINED_INSUFFICIENT_EVIDENCE(Party.UNDETERMINED, "the capture shows nothing that explains the failure");

    private final Party party;
    private final String meaning;

    Cause(final Party party, final String meaning)
    {
        this.party = party;
        this.meaning = meaning;
    }

    /** The party this cause blames. */
    public Party party()
    {
        return party;
    }

    /** One-line meaning, for the taxonomy and for summaries. */
    public String meaning()
    {
        return meaning;
    }

    /** snake_case code, e.g. {@code client_abort}. */
    public String code()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause with this code, or null. */
    public static Cause ofCode(final String code)
    {
        for (final Cause c : values())
        {
            if (c.code().equals(code))
            {
                return c;
            }
        }
        return null;
    }
}
