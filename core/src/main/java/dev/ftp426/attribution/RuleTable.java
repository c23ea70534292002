package dev.ftp426.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ftp426.attribution.Signal.*;

/**
 * The attribution rules as data. The standard table encodes the field guide's §7 mapping; each rule names the
 * signals that must be there, those that help, and those that argue against it.
 */
public final class RuleTable
{
    private static final List<Signal> FORGERY =
        List.of(RESET_TTL_MISMATCH, POST_RESET_ACTIVITY, RESET_SEEN_ONCE_ON_FORWARDER, PAIRED_RESETS);

    private final List<Rule> rules;

    public RuleTable(final List<Rule> rules)
    {
        this.rules = List.copyOf(rules);
    }

    /** The rules, in table order (ties go to the earlier rule). */
    public List<Rule> rules()
    {
        return rules;
    }

    /** The standard table. */
    public static RuleTable standard()
    {
        final List<Rule> r = new ArrayList<>();
        r.add(rule("client_abort", Cause.CLIENT_ABORT, 0.95).requires(ABOR_BEFORE_FAILURE)
            .support(RECEIVER_CLOSED_EARLY, 0.05)
            .summary("{Headline}, {lead} before {reply}; the client stopped the transfer on purpose.").build());
        r.add(rule("client_early_close", Cause.CLIENT_EARLY_CLOSE, 0.9).requires(RECEIVER_CLOSED_EARLY)
            .oppose(ABOR_BEFORE_FAILURE, 1.0).oppose(SERVER_IDLE_OPEN_WINDOW, 1.0).opposeAll(FORGERY, 0.8)
            .oppose(RTO_BACKOFF_UNACKED, 0.5).oppose(HEAVY_LOSS, 0.5)
            .summary("{Headline}, {lead} before {reply}; the server and the path behaved normally.").build());
        r.add(rule("client_receive_stall", Cause.CLIENT_RECEIVE_STALL, 0.9).requires(CLIENT_ZERO_WINDOW_AT_FAILURE)
            .support(TIMEOUT_REPLY, 0.1).oppose(ABOR_BEFORE_FAILURE, 1.0).oppose(ZERO_WINDOW_RECOVERED, 0.1)
            .summary("{Headline} and kept it closed until {reply}; the server gave up waiting for the client to read.")
            .build());
        r.add(rule("client_upload_abort", Cause.CLIENT_UPLOAD_ABORT, 0.85).requires(CLIENT_RESET_UPLOAD)
            .oppose(ABOR_BEFORE_FAILURE, 1.0).opposeAll(FORGERY, 0.8).oppose(ENCRYPTED, 0.3)
            .summary("{Headline}, {lead} before {reply}; the client abandoned the upload.").build());
        // Without the replies (FTPS, no key log) an upload ended without TLS shutdown is no evidence of a failure: a
        // server that does not insist on close_notify (vsftpd strict_ssl_read_eof=NO) answers 226 to the same packets.
        r.add(rule("client_tls_close", Cause.CLIENT_TLS_CLOSE, 0.95).requires(CLIENT_TLS_UPLOAD_END)
            .oppose(ABOR_BEFORE_FAILURE, 1.0).opposeAll(FORGERY, 0.8).oppose(ENCRYPTED, 0.7)
            .summary("{Headline}, {lead} before {reply}; the server refuses an upload that ends without TLS shutdown.")
            .build());
        r.add(rule("server_abort", Cause.SERVER_ABORT, 0.85).requires(SERVER_GENUINE_RESET)
            .oppose(ABOR_BEFORE_FAILURE, 1.0).opposeAll(FORGERY, 0.8).oppose(RTO_BACKOFF_UNACKED, 0.6)
            .oppose(HEAVY_LOSS, 0.6)
            .summary("{Headline}, {lead} before {reply}; the client and the path behaved normally.").build());
        r.add(rule("server_abort_silent", Cause.SERVER_ABORT, 0.85).requires(SERVER_ABORTED_SILENTLY)
            .oppose(ABOR_BEFORE_FAILURE, 1.0).opposeAll(FORGERY, 0.8)
            .summary("{Headline}; the client and the path showed nothing that could have broken the transfer.")
            .build());
        r.add(rule("server_stall", Cause.SERVER_STALL, 0.9).requires(SERVER_IDLE_OPEN_WINDOW)
            .oppose(ABOR_BEFORE_FAILURE, 1.0)
            .summary("{Headline}; the client gave up waiting before {reply}, and the path was idle, not lossy.")
            .build());
        r.add(rule("server_timeout", Cause.SERVER_TIMEOUT, 0.6).requires(TIMEOUT_REPLY, NO_TCP_TRIGGER)
            .summary("{Headline}; the data connection shows no client or network trigger.").build());
        r.add(rule("server_local_io", Cause.SERVER_LOCAL_IO, 0.8).requires(LOCAL_ERROR_REPLY)
            .support(NO_TCP_TRIGGER, 0.15).oppose(RTO_BACKOFF_UNACKED, 0.5).opposeAll(FORGERY, 0.5)
            .oppose(RECEIVER_CLOSED_EARLY, 0.6).oppose(CLIENT_RESET_UPLOAD, 0.6)
            .summary("{Headline}; the data connection shows no client or network trigger.").build());
        r.add(rule("server_local_no_trigger", Cause.SERVER_LOCAL_IO, 0.45).requires(NO_TCP_TRIGGER)
            .oppose(TIMEOUT_REPLY, 0.3).oppose(ENCRYPTED, 0.2).oppose(ABOR_BEFORE_FAILURE, 1.0)
            .opposeAll(FORGERY, 0.5).oppose(SERVER_FAILED_ON_UNSEEN_RESET, 0.3)
            .summary("The server ended the transfer with {reply} although the data connection shows no reset, loss " +
                "or stall; the cause lies on the server's side.").build());
        r.add(rule("loss_timeout_backoff", Cause.NETWORK_LOSS_TIMEOUT, 0.9).requires(RTO_BACKOFF_UNACKED)
            .support(TIMEOUT_REPLY, 0.1).oppose(HEAVY_LOSS, 0.4).oppose(CLIENT_ZERO_WINDOW_AT_FAILURE, 0.8)
            .oppose(ABOR_BEFORE_FAILURE, 1.0).oppose(PMTU_SHAPE, 0.3)
            .summary("{Headline}, and the transfer ended with {reply}; packets were lost on the path, " +
                "not refused by either host.").build());
        r.add(rule("loss_timeout_silence", Cause.NETWORK_LOSS_TIMEOUT, 0.7).requires(DATA_STOPPED_THEN_FAILED)
            .support(TIMEOUT_REPLY, 0.1).oppose(HEAVY_LOSS, 0.3).oppose(CLIENT_ZERO_WINDOW_AT_FAILURE, 0.8)
            .oppose(ABOR_BEFORE_FAILURE, 1.0)
            .summary("{Headline} and nothing more came until {reply}; the data was lost on the path, " +
                "beyond this capture point.").build());
        r.add(rule("heavy_loss", Cause.NETWORK_HEAVY_LOSS, 0.85).requires(HEAVY_LOSS)
            .support(RTO_BACKOFF_UNACKED, 0.1).oppose(ABOR_BEFORE_FAILURE, 1.0).oppose(RECEIVER_CLOSED_EARLY, 0.5)
            .summary("{Headline} before {reply}; heavy loss on the path wore the transfer down.").build());
        r.add(rule("pmtu_blackhole", Cause.NETWORK_PMTU_BLACKHOLE, 0.9).requires(PMTU_SHAPE)
            .support(RTO_BACKOFF_UNACKED, 0.1).oppose(ABOR_BEFORE_FAILURE, 1.0)
            .summary("{Headline}; the path drops full-size packets (PMTU black hole), and the transfer ended with " +
                "{reply}.").build());
        r.add(rule("state_expiry", Cause.NETWORK_STATE_EXPIRY, 0.6).requires(CONTROL_IDLE_LONG)
            .support(CONTROL_DIED, 0.3).oppose(ABOR_BEFORE_FAILURE, 1.0)
            .summary("{Headline}; a NAT or firewall most likely dropped its state before {reply}.").build());
        r.add(rule("forged_reset", Cause.NETWORK_FORGED_RESET, 0.95).anyOf(FORGERY)
            .support(RESET_TTL_MISMATCH, 0.05).support(POST_RESET_ACTIVITY, 0.05).support(PAIRED_RESETS, 0.05)
            .support(RESET_SEEN_ONCE_ON_FORWARDER, 0.05).oppose(ABOR_BEFORE_FAILURE, 1.0)
            .summary("{Headline}, {lead} before {reply}; a device on the path forged the reset, neither host sent it.")
            .build());
        r.add(rule("forged_reset_unseen", Cause.NETWORK_FORGED_RESET, 0.55).requires(SERVER_FAILED_ON_UNSEEN_RESET)
            .summary("{Headline}; the reset that ended the transfer was made between the hosts (or by the client " +
                "host's firewall behind the capture point).").build());
        r.add(rule("alg_rewrite", Cause.NETWORK_ALG_REWRITE, 0.7).requires(NAT_ADDRESS_MISMATCH)
            .summary("{Headline}; a NAT between the hosts rewrote or blocked the data connection setup.").build());
        r.add(rule("capture_loss", Cause.UNDETERMINED_CAPTURE_LOSS, 0.75).requires(CAPTURE_LOSS_AT_FAILURE)
            .summary("{Headline}, around {reply}; with packets missing from the capture the cause cannot be told.")
            .build());
        r.add(rule("no_data_connection", Cause.UNDETERMINED_NO_DATA_CONNECTION, 0.5).requires(NO_DATA_CONNECTION)
            .oppose(NAT_ADDRESS_MISMATCH, 0.3)
            .summary("The transfer ended with {reply}, but no data connection was seen, so the capture cannot say " +
                "who broke it.").build());
        r.add(rule("encrypted", Cause.UNDETERMINED_ENCRYPTED, 0.35).requires(ENCRYPTED)
            .summary("The transfer ended with {reply}; the session is encrypted and the TCP evidence is not " +
                "decisive.").build());
        return new RuleTable(r);
    }

    static RuleBuilder rule(final String name, final Cause cause, final double weight)
    {
        return new RuleBuilder(name, cause, weight);
    }

    /** Small fluent helper so the table reads like a table. */
    static final class RuleBuilder
    {
        private final String name;
        private final Cause cause;
        private final double weight;
        private final List<Signal> required = new ArrayList<>();
        private final List<Signal> anyOf = new ArrayList<>();
        private final Map<Signal, Double> support = new LinkedHashMap<>();
        private final Map<Signal, Double> oppose = new LinkedHashMap<>();
        private String summary = "{Headline}.";

        RuleBuilder(final String name, final Cause cause, final double weight)
        {
            this.name = name;
            this.cause = cause;
            this.weight = weight;
        }

        RuleBuilder requires(final Signal... signals)
        {
            required.addAll(List.of(signals));
            return this;
        }

        RuleBuilder anyOf(final List<Signal> signals)
        {
            anyOf.addAll(signals);
            return this;
        }

        RuleBuilder support(final Signal signal, final double w)
        {
            support.put(signal, w);
            return this;
        }

        RuleBuilder oppose(final Signal signal, final double w)
        {
            oppose.put(signal, w);
            return this;
        }

        RuleBuilder opposeAll(final List<Signal> signals, final double w)
        {
            for (final Signal s : signals)
            {
                oppose.put(s, w);
            }
            return this;
        }

        RuleBuilder summary(final String template)
        {
            summary = template;
            return this;
        }

        Rule build()
        {
            return new Rule(name, cause, weight, required, anyOf, support, oppose, summary);
        }
    }
}
