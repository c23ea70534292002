package dev.ftp426.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of the attribution stage: decides, for one transfer, whether it is an incident and, if so, who broke
 * it. Stateless and thread-safe; verdicts are rare, so allocation here is fine.
 */
public final class Attributor
{
    /** Retransmissions by the data sender from which a completed transfer earns a "survived loss" note. */
    static final int SURVIVED_LOSS_NOTE = 10;

    private final Scorer scorer;

    public Attributor()
    {
        this(RuleTable.standard());
    }

    public Attributor(final RuleTable table)
    {
        this.scorer = new Scorer(table);
    }

    /** True when the transfer deserves a verdict (see {@link Incidents}). */
    public static boolean deservesVerdict(final TransferFacts transfer, final DataFlowFacts data)
    {
        return Incidents.deservesVerdict(transfer, data);
    }

    /** The verdict for a transfer, inferring the vantage from this transfer's data connection alone. */
    public Optional<Verdict> judge(final TransferFacts transfer, final DataFlowFacts data, final CaptureContext capture)
    {
        return assess(transfer, data, capture).verdict();
    }

    /** The verdict for a transfer, with a vantage inferred beforehand (e.g. over all connections of the capture). */
    public Optional<Verdict> judge(
        final TransferFacts transfer,
        final DataFlowFacts data,
        final CaptureContext capture,
        final VantageEstimate vantage)
    {
        return assess(transfer, data, capture, vantage).verdict();
    }

    /** Verdict (if an incident) plus notes. */
    public Assessment assess(final TransferFacts transfer, final DataFlowFacts data, final CaptureContext capture)
    {
        return assess(transfer, data, capture, VantageInference.infer(capture, data));
    }

    /** Verdict (if an incident) plus notes, with a known vantage. */
    public Assessment assess(
        final TransferFacts transfer,
        final DataFlowFacts data,
        final CaptureContext capture,
        final VantageEstimate vantage)
    {
        final List<String> notes = new ArrayList<>();
        final IncidentKind kind = Incidents.kind(transfer, data);
        if (null == kind)
        {
            if (null != data)
            {
                final EndpointFacts sender = data.endpoint(transfer.dataSender());
                final EndpointFacts receiver = data.endpoint(transfer.dataReceiver());
                if (sender.retransmissions() >= SURVIVED_LOSS_NOTE)
                {
                    notes.add("the transfer survived packet loss: the " + sender.role().word() + " retransmitted " +
                        sender.retransmissions() + " segments and the " + receiver.role().word() + " sent " +
                        receiver.dupAcks() + " duplicate ACKs; no fault");
                }
            }
            return new Assessment(Optional.empty(), notes);
        }
        final JudgeContext context = JudgeContext.of(transfer, data, capture, vantage);
        return new Assessment(Optional.of(scorer.decide(context, kind)), notes);
    }
}
