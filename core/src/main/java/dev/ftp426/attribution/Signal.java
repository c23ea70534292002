package dev.ftp426.attribution;

import java.util.function.Function;

/**
 * The named signals. Each wraps one function of {@link Signals}; rules refer to signals by these names, so adding a
 * cause means adding a signal here and a rule in {@link RuleTable}, not a branch in the scorer.
 */
public enum Signal
{
    ABOR_BEFORE_FAILURE(Signals::abortBeforeFailure),
    RECEIVER_CLOSED_EARLY(Signals::receiverClosedEarly),
    CLIENT_RESET_UPLOAD(Signals::clientResetUpload),
    CLIENT_ZERO_WINDOW_AT_FAILURE(Signals::clientZeroWindowAtFailure),
    ZERO_WINDOW_RECOVERED(Signals::zeroWindowRecovered),
    TIMEOUT_REPLY(Signals::timeoutReply),
    SERVER_GENUINE_RESET(Signals::serverGenuineReset),
    SERVER_ABORTED_SILENTLY(Signals::serverAbortedSilently),
    SERVER_IDLE_OPEN_WINDOW(Signals::serverIdleOpenWindow),
    DATA_STOPPED_THEN_FAILED(Signals::dataStoppedThenFailed),
    RTO_BACKOFF_UNACKED(Signals::rtoBackoffUnacked),
    HEAVY_LOSS(Signals::heavyLoss),
    RESET_TTL_MISMATCH(Signals::resetTtlMismatch),
    POST_RESET_ACTIVITY(Signals::postResetActivity),
    RESET_SEEN_ONCE_ON_FORWARDER(Signals::resetSeenOnceOnForwarder),
    PAIRED_RESETS(Signals::pairedResets),
    CAPTURE_LOSS_AT_FAILURE(Signals::captureLossAtFailure),
    ENCRYPTED(Signals::encrypted),
    NO_DATA_CONNECTION(Signals::noDataConnection),
    CLIENT_TLS_UPLOAD_END(Signals::clientTlsUploadEnd),
    LOCAL_ERROR_REPLY(Signals::localErrorReply),
    NO_TCP_TRIGGER(Signals::noTcpTrigger),
    PMTU_SHAPE(Signals::pmtuShape),
    CONTROL_IDLE_LONG(Signals::controlIdleLong),
    CONTROL_DIED(Signals::controlDied),
    NAT_ADDRESS_MISMATCH(Signals::natAddressMismatch),
    SERVER_FAILED_ON_UNSEEN_RESET(Signals::serverFailedOnAnUnseenReset);

    private final Function<JudgeContext, SignalResult> function;

    Signal(final Function<JudgeContext, SignalResult> function)
    {
        this.function = function;
    }

    /** Evaluates the signal on one incident. */
    public SignalResult evaluate(final JudgeContext context)
    {
        return function.apply(context);
    }
}
