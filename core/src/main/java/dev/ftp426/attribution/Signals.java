package dev.ftp426.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The signal functions: each reads the facts of one incident and says how strongly one observable pattern is
 * there. They never decide blame; the rule table combines them (see {@link RuleTable}).
 */
public final class Signals
{
    /** Silences shorter than this are ordinary pacing (rate limits, application reads). */
    static final long IDLE_FLOOR_NANOS = 1_000_000_000L;
    /** A silence this long before a peer gives up is a stall at full strength. */
    static final long IDLE_FULL_NANOS = 4_000_000_000L;
    /** Window around the failure in which capture loss makes the capture unreliable. */
    static final long CAPTURE_LOSS_BEFORE_NANOS = 2_000_000_000L;
    static final long CAPTURE_LOSS_AFTER_NANOS = 200_000_000L;
    /** A sender still retransmitting this long after the ACK passed the capture point never got that ACK. */
    static final long ACK_LOST_AFTER_CAPTURE_NANOS = 500_000_000L;
    /** Retransmissions (outside the last back-off run) from which loss counts as heavy. */
    static final int HEAVY_LOSS_RETRANSMISSIONS = 20;
    static final int HEAVY_LOSS_FULL = 60;
    /**
     * A transfer that died early has had few segments to lose: a share of the sender's packets this high counts as
     * heavy loss too, from this many retransmissions on. TCP's throughput falls as about 1.2 / sqrt(p) segments
     * per RTT: at 5 % loss about 5, at 15 % about 3. Only a failed transfer is judged, and loss upstream of the
     * capture point hides some retransmissions (a receiver-side capture sees gaps instead), so the share is low.
     */
    static final double HEAVY_LOSS_RATE = 0.05;
    static final double HEAVY_LOSS_RATE_FULL = 0.15;
    static final int HEAVY_LOSS_RATE_MIN_RETRANSMISSIONS = 5;
    /** Control idleness from which NAT/firewall state expiry becomes plausible. */
    static final long CONTROL_IDLE_FLOOR_NANOS = 120_000_000_000L;
    static final long CONTROL_IDLE_FULL_NANOS = 300_000_000_000L;

    private Signals()
    {
    }

    /** ABOR on the control connection before the failure: the client stopped the transfer on purpose. */
    public static SignalResult abortBeforeFailure(final JudgeContext c)
    {
        final Abort abort = c.transfer().abort();
        if (null == abort || !c.beforeFailure(abort.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        final List<String> parts = new ArrayList<>();
        if (abort.telnetInterrupt())
        {
            parts.add("Telnet IP");
        }
        if (abort.telnetSynch() || abort.urgent())
        {
            parts.add("Telnet Synch" + (abort.urgent() ? " as urgent data" : ""));
        }
        final String how = abort.outOfBand() ? " preceded by " + String.join(" and ", parts) :
            " (plain, no Telnet IP/Synch)";
        final List<Evidence> evidence = new ArrayList<>();
        evidence.add(Evidence.of(abort.frame(), abort.tsNanos(), "client sent ABOR" + how));
        for (final Reply r : c.transfer().following())
        {
            evidence.add(Evidence.of(r.frame(), r.tsNanos(), "server answered the ABOR with " + r));
        }
        return new SignalResult(abort.outOfBand() ? 1.0 : 0.9, evidence,
            "the client sent ABOR at frame " + abort.frame(), abort.tsNanos());
    }

    /** The client's host closed (FIN) or reset the data connection of a download before the server finished. */
    public static SignalResult receiverClosedEarly(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || c.transfer().upload())
        {
            return SignalResult.ABSENT;
        }
        final EndpointFacts client = d.client();
        final PacketMark close = client.firstClose();
        if (null == close || !c.beforeFailure(close.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        final PacketMark serverFin = d.server().fin();
        if (null != serverFin && serverFin.tsNanos() <= close.tsNanos())
        {
            return SignalResult.ABSENT;
        }
        final boolean reset = null != client.rst() && client.rst().frame() == close.frame();
        final String verb = reset ? "reset" : "closed";
        final Genuineness g = genuineness(c, client, close.ttl(), reset ? client.rst() : null);
        double strength = g.strength;
        final long announced = c.transfer().announcedSize();
        String complete = "";
        if (announced >= 0 && d.server().payloadBytes() >= announced)
        {
            strength *= 0.3;
            complete = "; all " + announced + " announced bytes had been sent";
        }
        return SignalResult.of(strength, "the client's host " + verb + " the data connection at frame " + close.frame(),
            close.frame(), close.tsNanos(), "client sent " + (reset ? "RST" : "FIN") + " on the data connection " +
            "mid-download (TTL " + close.ttl() + ", " + g.text + ")" + complete);
    }

    /** The client's host reset the data connection of an upload. */
    public static SignalResult clientResetUpload(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || !c.transfer().upload())
        {
            return SignalResult.ABSENT;
        }
        final EndpointFacts client = d.client();
        final ResetFacts rst = client.rst();
        if (null == rst || !c.beforeFailure(rst.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        final PacketMark serverClose = d.server().firstClose();
        if (null != serverClose && serverClose.tsNanos() < rst.tsNanos())
        {
            // the server had already ended the connection (its data timer, say): the RST answers that close
            return SignalResult.ABSENT;
        }
        final Genuineness g = genuineness(c, client, rst.ttl(), rst);
        double strength = g.strength;
        String text = "client sent RST on the upload's data connection (TTL " + rst.ttl() + ", " + g.text + ")";
        if (null != client.fin() && client.fin().tsNanos() < rst.tsNanos())
        {
            strength *= 0.5;
            text += " after its FIN at frame " + client.fin().frame();
        }
        return SignalResult.of(strength, "the client's host reset the upload's data connection at frame " + rst.frame(),
            rst.frame(), rst.tsNanos(), text);
    }

    /** The client advertised a zero window that was still closed when the server gave up. */
    public static SignalResult clientZeroWindowAtFailure(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || c.transfer().upload() || c.failureNanos() < 0)
        {
            return SignalResult.ABSENT;
        }
        final EndpointFacts client = d.client();
        final PacketMark close = client.firstClose();
        for (final ZeroWindowSpan span : client.zeroWindows())
        {
            if (!span.closedAt(c.failureNanos()))
            {
                continue;
            }
            if (null != close && close.tsNanos() >= span.startNanos() && close.tsNanos() < c.failureNanos())
            {
                continue;
            }
            final long closedFor = span.closedFor(c.failureNanos());
            if (closedFor < IDLE_FLOOR_NANOS)
            {
                continue;
            }
            final double strength = 0.5 + 0.5 * ramp(closedFor, IDLE_FLOOR_NANOS, IDLE_FULL_NANOS);
            return SignalResult.of(strength, "the client advertised a zero window from frame " + span.startFrame(),
                span.startFrame(), span.startNanos(), "client's receive window stayed at zero for " +
                duration(closedFor) + " until the failure");
        }
        return SignalResult.ABSENT;
    }

    /** A client zero window that reopened before the failure: the client read again, so it did not stall to death. */
    public static SignalResult zeroWindowRecovered(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || c.transfer().upload())
        {
            return SignalResult.ABSENT;
        }
        for (final ZeroWindowSpan span : d.client().zeroWindows())
        {
            if (span.reopened() && c.beforeFailure(span.endNanos()))
            {
                return SignalResult.of(0.5, "the client's zero window reopened at frame " + span.endFrame(),
                    span.endFrame(), span.endNanos(), "client's zero window (from frame " + span.startFrame() +
                    ") reopened after " + duration(span.endNanos() - span.startNanos()) + ", before the failure");
            }
        }
        return SignalResult.ABSENT;
    }

    /** The reply names a timer: 421 "Data timeout", a "timed out" text, or ProFTPD's 450 for ETIMEDOUT. */
    public static SignalResult timeoutReply(final JudgeContext c)
    {
        final Reply r = c.failureReply();
        if (null == r)
        {
            return SignalResult.ABSENT;
        }
        final String text = r.text().toLowerCase(Locale.ROOT);
        final boolean mentionsTime = text.contains("timeout") || text.contains("timed out");
        final double strength;
        if (r.code() == 421)
        {
            strength = mentionsTime ? 1.0 : 0.6;
        }
        else if (r.code() == 450)
        {
            strength = 0.7;
        }
        else
        {
            strength = mentionsTime ? 0.8 : 0;
        }
        if (strength == 0)
        {
            return SignalResult.ABSENT;
        }
        return SignalResult.of(strength, "the server's timer fired (" + r + ")", r.frame(), r.tsNanos(),
            "server reply " + r + " reports a timeout");
    }

    /** A RST from the server whose TTL fits the server's own packets and after which the server went silent. */
    public static SignalResult serverGenuineReset(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d)
        {
            return SignalResult.ABSENT;
        }
        final EndpointFacts server = d.server();
        final ResetFacts rst = server.rst();
        if (null == rst || !c.beforeFailure(rst.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        final PacketMark clientClose = d.client().firstClose();
        if (null != clientClose && clientClose.tsNanos() < rst.tsNanos())
        {
            return SignalResult.ABSENT;
        }
        final Genuineness g = genuineness(c, server, rst.ttl(), rst);
        return SignalResult.of(g.strength, "the server's host reset the data connection at frame " + rst.frame(),
            rst.frame(), rst.tsNanos(), "server sent RST on the data connection (TTL " + rst.ttl() + ", " +
                g.text + ")");
    }

    /**
     * The server reported a broken data connection (426) with nothing on the wire to explain it, and afterwards its
     * host answered the client with a RST of its own (the server's TTL, no FIN before it): the server's socket had
     * been torn down on the server's host (its own firewall, or the stack) without any packet passing here. Only a
     * capture on the server's host rules out a device between this capture point and the server (field guide §8).
     */
    public static SignalResult serverAbortedSilently(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        final Reply r = c.failureReply();
        if (null == d || null == r || r.code() != 426 || null != c.transfer().abort())
        {
            return SignalResult.ABSENT;
        }
        final EndpointFacts server = d.server();
        final ResetFacts rst = server.rst();
        if (null == rst || c.beforeFailure(rst.tsNanos()) ||
            (null != server.fin() && server.fin().tsNanos() <= rst.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        final PacketMark clientClose = d.client().firstClose();
        if (null != clientClose && clientClose.tsNanos() < r.tsNanos())
        {
            return SignalResult.ABSENT;
        }
        final Genuineness g = genuineness(c, server, rst.ttl(), rst);
        if (g.strength < 1.0)
        {
            return SignalResult.ABSENT;
        }
        if (rtoBackoffUnacked(c).present() || heavyLoss(c).present() || dataStoppedThenFailed(c).present() ||
            serverIdleOpenWindow(c).present() || clientZeroWindowAtFailure(c).present() ||
            captureLossAtFailure(c).present())
        {
            return SignalResult.ABSENT;
        }
        final boolean onServerHost = c.vantage().vantage() == Vantage.SERVER;
        return new SignalResult(onServerHost ? 1.0 : 0.6, List.of(
            Evidence.of(r.frame(), r.tsNanos(), "the server reported " + r + " although no reset, close, loss or " +
                "stall of the data connection passed " + (onServerHost ? "the server's interface" :
                "this capture point")),
            Evidence.of(rst.frame(), rst.tsNanos(), "afterwards the server's host answered with RST (TTL " +
                rst.ttl() + ", " + g.text + ") without ever sending FIN: its socket had been reset, not closed")),
            "the server's host reset its end of the data connection without a packet passing " +
            (onServerHost ? "its interface" : "this capture point"), r.tsNanos());
    }

    /** The server stopped sending with nothing outstanding and an open window, and the client gave up waiting. */
    public static SignalResult serverIdleOpenWindow(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || c.transfer().upload() || null == d.senderIdle())
        {
            return SignalResult.ABSENT;
        }
        final IdleSpan idle = d.senderIdle();
        if (idle.sender() != FtpRole.SERVER || idle.bytesOutstanding() > 0 || !idle.peerWindowOpen())
        {
            return SignalResult.ABSENT;
        }
        final PacketMark clientClose = d.client().firstClose();
        if (null == clientClose || !idle.contains(clientClose.tsNanos()) || !c.beforeFailure(clientClose.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        final long silent = clientClose.tsNanos() - idle.startNanos();
        if (silent < IDLE_FLOOR_NANOS)
        {
            return SignalResult.ABSENT;
        }
        final double strength = 0.5 + 0.5 * ramp(silent, IDLE_FLOOR_NANOS, IDLE_FULL_NANOS);
        return new SignalResult(strength, List.of(
            Evidence.of(idle.startFrame(), idle.startNanos(), "server sent its last data before a silence of " +
                duration(silent) + ", with nothing outstanding and the client's window open"),
            Evidence.of(clientClose.frame(), clientClose.tsNanos(), "client gave up and closed the data connection")),
            "the server stopped sending at frame " + idle.startFrame() + " for " + duration(silent) +
            " with the client's window open", idle.startNanos());
    }

    /** The data stopped arriving and the server then reported failure, while the receiver kept waiting. */
    public static SignalResult dataStoppedThenFailed(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        final Reply reply = c.failureReply();
        if (null == d || null == d.senderIdle() || null == reply)
        {
            return SignalResult.ABSENT;
        }
        final IdleSpan idle = d.senderIdle();
        if (!idle.contains(reply.tsNanos()) || !idle.peerWindowOpen())
        {
            return SignalResult.ABSENT;
        }
        final PacketMark receiverClose = d.endpoint(idle.sender().peer()).firstClose();
        if (null != receiverClose && receiverClose.tsNanos() < reply.tsNanos())
        {
            return SignalResult.ABSENT;
        }
        final PacketMark senderClose = d.endpoint(idle.sender()).firstClose();
        if (null != senderClose && senderClose.tsNanos() < reply.tsNanos())
        {
            return SignalResult.ABSENT;
        }
        final long silent = reply.tsNanos() - idle.startNanos();
        if (silent < IDLE_FLOOR_NANOS)
        {
            return SignalResult.ABSENT;
        }
        final double strength = 0.5 + 0.5 * ramp(silent, IDLE_FLOOR_NANOS, IDLE_FULL_NANOS);
        return SignalResult.of(strength, "the " + idle.sender().word() + "'s data stopped arriving at frame " +
            idle.startFrame(), idle.startFrame(), idle.startNanos(), "no data from the " + idle.sender().word() +
            " for " + duration(silent) + " before the failure reply, while the receiver's window was open and " +
            "neither end closed");
    }

    /** The data sender's last segment was retransmitted with growing gaps and never acknowledged. */
    public static SignalResult rtoBackoffUnacked(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d)
        {
            return SignalResult.ABSENT;
        }
        final FtpRole sender = c.transfer().dataSender();
        final RetransmissionRun run = d.endpoint(sender).lastRun();
        if (null == run || run.count() < 2 || !c.beforeFailure(run.firstNanos()))
        {
            return SignalResult.ABSENT;
        }
        final long until = c.failureNanos() < 0 ? Long.MAX_VALUE : c.failureNanos();
        if (run.ackedBefore(until))
        {
            if (!run.backoff() || run.lastNanos() - run.ackedNanos() < ACK_LOST_AFTER_CAPTURE_NANOS)
            {
                return SignalResult.ABSENT;
            }
            final FtpRole receiver = sender.peer();
            return new SignalResult(0.8, List.of(
                Evidence.of(run.firstFrame(), run.firstNanos(), "the " + sender.word() + " retransmitted the segment " +
                    "at seq " + run.seq() + " " + run.count() + " times with exponential back-off"),
                Evidence.of(run.lastFrame(), run.lastNanos(), "it kept retransmitting although the " + receiver.word() +
                    "'s ACK passed this capture point earlier: the ACK was lost between here and the " +
                        sender.word())),
                "the " + sender.word() + " retransmitted its data " + run.count() + " times from frame " +
                run.firstFrame() + " because the " + receiver.word() + "'s ACKs never reached it", run.firstNanos());
        }
        final double strength = run.backoff() ? Math.min(1.0, 0.5 + run.count() / 8.0) : 0.4;
        return new SignalResult(strength, List.of(
            Evidence.of(run.firstFrame(), run.firstNanos(), "the " + sender.word() +
                " retransmitted the segment at seq " +
                run.seq() + " " + run.count() + " times" + (run.backoff() ? " with exponential back-off" : "")),
            Evidence.of(run.lastFrame(), run.lastNanos(), "last retransmission; the segment was never acknowledged")),
            "the " + sender.word() + " retransmitted its data " + run.count() + " times from frame " +
                run.firstFrame() +
            " without an acknowledgement", run.firstNanos());
    }

    /** Many retransmissions over the transfer, with the receiver's duplicate ACKs or SACKs showing holes. */
    public static SignalResult heavyLoss(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d)
        {
            return SignalResult.ABSENT;
        }
        final FtpRole sender = c.transfer().dataSender();
        final EndpointFacts s = d.endpoint(sender);
        final EndpointFacts r = d.endpoint(sender.peer());
        final int inRun = null == s.lastRun() ? 0 : s.lastRun().count();
        final int retrans = Math.max(0, s.retransmissions() - inRun);
        final int holes = Math.max(r.dupAcks(), r.sackAcks());
        final double rate = s.packets() > 0 ? (double)retrans / s.packets() : 0;
        final boolean many = retrans >= HEAVY_LOSS_RETRANSMISSIONS;
        final boolean dense = retrans >= HEAVY_LOSS_RATE_MIN_RETRANSMISSIONS && rate >= HEAVY_LOSS_RATE;
        if ((!many && !dense) || holes == 0)
        {
            return SignalResult.ABSENT;
        }
        final double byCount = many ? 0.5 + 0.5 * ramp(retrans, HEAVY_LOSS_RETRANSMISSIONS, HEAVY_LOSS_FULL) : 0;
        final double byRate = dense ? 0.5 + 0.5 * ramp(rate, HEAVY_LOSS_RATE, HEAVY_LOSS_RATE_FULL) : 0;
        final double strength = Math.max(byCount, byRate);
        return SignalResult.of(strength, "the " + sender.word() + " had to retransmit " + s.retransmissions() +
            " segments", s.lastDataFrame(), s.lastDataNanos(), "the " + sender.word() + " retransmitted " +
            s.retransmissions() + " segments (" + retrans + " outside the last run, " +
            String.format(Locale.ROOT, "%.0f", 100 * rate) + " % of its " + s.packets() + " packets) and the " +
            sender.peer().word() + " sent " + r.dupAcks() + " duplicate ACKs (" + r.sackAcks() +
            " with SACK): packets were lost on the path throughout");
    }

    /** A RST whose hop distance does not fit the claimed sender's own packets. */
    public static SignalResult resetTtlMismatch(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d)
        {
            return SignalResult.ABSENT;
        }
        for (final EndpointFacts e : new EndpointFacts[]{ d.client(), d.server() })
        {
            final ResetFacts rst = e.rst();
            if (null == rst || forgeryWindow(c, rst.tsNanos()) == 0 || !e.ttl().known() || e.ttl().matches(rst.ttl()))
            {
                continue;
            }
            final double strength = (e.ttl().samples() >= 3 ? 1.0 : 0.6) * forgeryWindow(c, rst.tsNanos());
            return SignalResult.of(strength, "a RST claiming to come from the " + e.role().word() +
                " arrived at frame " +
                rst.frame() + " with TTL " + rst.ttl() + ", where the " + e.role().word() + "'s own packets carry " +
                ttlBand(e.ttl()), rst.frame(), rst.tsNanos(), "RST from the " + e.role().word() +
                    "'s address with TTL " +
                rst.ttl() + " (" + hops(TtlBaseline.hopDistance(rst.ttl())) + ") while its other packets arrive with " +
                ttlBand(e.ttl()) + " (" + hops(e.ttl().hopDistance()) + ")");
        }
        return SignalResult.ABSENT;
    }

    /** The claimed sender of a RST kept talking afterwards: a real stack goes silent after its RST. */
    public static SignalResult postResetActivity(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d)
        {
            return SignalResult.ABSENT;
        }
        for (final EndpointFacts e : new EndpointFacts[]{ d.client(), d.server() })
        {
            final ResetFacts rst = e.rst();
            final PostResetActivity after = e.afterRst();
            if (null == rst || null == after || after.count() == 0 || forgeryWindow(c, rst.tsNanos()) == 0)
            {
                continue;
            }
            final double strength = (after.withData() > 0 || after.count() >= 2 ? 1.0 : 0.7) *
                forgeryWindow(c, rst.tsNanos());
            return new SignalResult(strength, List.of(
                Evidence.of(rst.frame(), rst.tsNanos(), "RST claiming to come from the " + e.role().word()),
                Evidence.of(after.firstFrame(), after.firstNanos(), "the " + e.role().word() + " kept sending after " +
                    "that RST (" + after.count() + " packets, " + after.withData() + " with data)")),
                "a RST claiming to come from the " + e.role().word() + " at frame " + rst.frame() +
                " was followed by more traffic from the " + e.role().word(), rst.tsNanos());
        }
        return SignalResult.ABSENT;
    }

    /** On a forwarding capture that shows each packet twice, a RST seen once was made by the capture host. */
    public static SignalResult resetSeenOnceOnForwarder(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || !c.capture().forwardedDuplicates())
        {
            return SignalResult.ABSENT;
        }
        for (final EndpointFacts e : new EndpointFacts[]{ d.client(), d.server() })
        {
            final ResetFacts rst = e.rst();
            if (null == rst || rst.copies() != 1 || forgeryWindow(c, rst.tsNanos()) == 0 || mayBeDropped(e, rst))
            {
                continue;
            }
            return SignalResult.of(0.9 * forgeryWindow(c, rst.tsNanos()), "a RST claiming to come from the " +
                e.role().word() + " appeared at frame " +
                rst.frame() + " only on the forwarding host's outgoing side", rst.frame(), rst.tsNanos(),
                "RST from the " + e.role().word() + "'s address seen once on a capture that shows every forwarded " +
                "packet twice: the forwarding host made it");
        }
        return SignalResult.ABSENT;
    }

    /** RSTs towards both ends within a few milliseconds. */
    public static SignalResult pairedResets(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d)
        {
            return SignalResult.ABSENT;
        }
        for (final ResetPair pair : d.resetPairs())
        {
            if (forgeryWindow(c, pair.tsNanos()) > 0)
            {
                return new SignalResult(forgeryWindow(c, pair.tsNanos()), List.of(
                    Evidence.of(pair.towardServerFrame(), pair.tsNanos(), "RST towards the server"),
                    Evidence.of(pair.towardClientFrame(), pair.tsNanos() + pair.gapNanos(),
                        "RST towards the client " + duration(pair.gapNanos()) + " apart: both ends reset at once")),
                    "resets went to both ends at once (frames " + pair.towardServerFrame() + " and " +
                    pair.towardClientFrame() + ")", pair.tsNanos());
            }
        }
        return SignalResult.ABSENT;
    }

    /** The capture itself missed packets close to the failure. */
    public static SignalResult captureLossAtFailure(final JudgeContext c)
    {
        if (c.failureNanos() < 0)
        {
            return SignalResult.ABSENT;
        }
        final long from = c.failureNanos() - CAPTURE_LOSS_BEFORE_NANOS;
        final long to = c.failureNanos() + CAPTURE_LOSS_AFTER_NANOS;
        final DataFlowFacts d = c.data();
        final boolean unseen = null != d && d.ackedUnseen().touches(from, to);
        final boolean drops = c.capture().dropsOverlap(from, to);
        ControlGap controlGap = null;
        for (final ControlGap g : c.transfer().controlGaps())
        {
            if (g.missedBytes() > 0 && g.endNanos() >= from && g.startNanos() <= to)
            {
                controlGap = g;
                break;
            }
        }
        if (!unseen && !drops && null == controlGap)
        {
            return SignalResult.ABSENT;
        }
        final List<Evidence> evidence = new ArrayList<>();
        if (null != controlGap)
        {
            evidence.add(Evidence.of(controlGap.endFrame(), controlGap.endNanos(), "the capture missed " +
                controlGap.missedBytes() + " bytes of the control connection near the failure"));
        }
        if (unseen)
        {
            evidence.add(Evidence.of(d.ackedUnseen().firstFrame(), d.ackedUnseen().firstNanos(),
                "ACKs for data the capture never saw (" + d.ackedUnseen().count() + " times) near the failure"));
        }
        if (drops)
        {
            evidence.add(Evidence.of(-1, -1, "the capture recorded kernel or ring drops overlapping the failure"));
        }
        final long frame = unseen ? d.ackedUnseen().firstFrame() : c.failureFrame();
        final double strength = unseen && drops ? 1.0 : unseen ? 0.8 : drops ? 0.7 : 0.6;
        return new SignalResult(strength, evidence,
            "the capture missed packets near frame " + frame, unseen ? d.ackedUnseen().firstNanos() : c.failureNanos());
    }

    /** The control channel is encrypted and was not decrypted (a decrypted one reads like plain FTP). */
    public static SignalResult encrypted(final JudgeContext c)
    {
        if (!c.transfer().encrypted() || c.transfer().repliesVisible())
        {
            return SignalResult.ABSENT;
        }
        return new SignalResult(1.0, List.of(Evidence.of(-1, -1,
            "the session is FTPS: commands and replies cannot be read")), "the session is encrypted", -1);
    }

    /** No data connection was seen for the transfer. */
    public static SignalResult noDataConnection(final JudgeContext c)
    {
        if (null != c.data())
        {
            return SignalResult.ABSENT;
        }
        return new SignalResult(1.0, List.of(Evidence.of(-1, -1, "no data connection was seen for this transfer")),
            "no data connection was seen", -1);
    }

    /** The client ended an encrypted upload's data connection at the TCP level (FIN, or RST over TLS 1.3). */
    public static SignalResult clientTlsUploadEnd(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || !c.transfer().upload())
        {
            return SignalResult.ABSENT;
        }
        final EndpointFacts client = d.client();
        if (client.tlsClose() == TlsClose.NOT_TLS && !c.transfer().encrypted())
        {
            return SignalResult.ABSENT;
        }
        final PacketMark close = client.firstClose();
        if (null == close || !c.beforeFailure(close.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        final boolean reset = null != client.rst() && client.rst().frame() == close.frame();
        final double strength;
        final String how;
        if (reset)
        {
            strength = 0.6;
            how = "reset its TLS data connection (unread TLS records still queued) at frame " + close.frame();
        }
        else if (client.tlsClose() == TlsClose.NO_CLOSE_NOTIFY)
        {
            strength = 1.0;
            how = "closed its TLS data connection with a bare FIN, no close_notify, at frame " + close.frame();
        }
        else if (client.tlsClose() == TlsClose.CLOSE_NOTIFY)
        {
            strength = 0.1;
            how = "closed its TLS data connection after a close_notify at frame " + close.frame();
        }
        else
        {
            strength = 0.8;
            how = "closed its TLS data connection (close_notify not visible) at frame " + close.frame();
        }
        return SignalResult.of(strength, "the client " + how, close.frame(), close.tsNanos(),
            "client " + how + " at the end of its upload");
    }

    /**
     * Seen from the client: the server reported a broken data connection (426) while the client never closed or reset
     * it and the server neither reset nor went silent. The RST that hit the server never passed this capture point:
     * it was made on the path (or by the client host's firewall behind the capture point).
     */
    public static SignalResult serverFailedOnAnUnseenReset(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        final Reply r = c.failureReply();
        if (null == d || null == r || r.code() != 426 || c.vantage().vantage() != Vantage.CLIENT ||
            null != c.transfer().abort())
        {
            return SignalResult.ABSENT;
        }
        final PacketMark clientClose = d.client().firstClose();
        final PacketMark serverClose = d.server().firstClose();
        if ((null != clientClose && clientClose.tsNanos() < r.tsNanos()) ||
            (null != serverClose && serverClose.tsNanos() < r.tsNanos()))
        {
            return SignalResult.ABSENT;
        }
        if (rtoBackoffUnacked(c).present() || dataStoppedThenFailed(c).present() || heavyLoss(c).present() ||
            localErrorReply(c).present() || timeoutReply(c).present())
        {
            return SignalResult.ABSENT;
        }
        return SignalResult.of(0.6, "the server reported a broken data connection at frame " + r.frame() +
            " although this client-side capture shows no reset or close from the client", r.frame(), r.tsNanos(),
            "the client never closed or reset the data connection before the " + r.code() + ", so the reset the " +
            "server acted on was made between the hosts");
    }

    /** The reply reports a local condition on the server (451/452/552, or a "local" text). */
    public static SignalResult localErrorReply(final JudgeContext c)
    {
        final Reply r = c.failureReply();
        if (null == r)
        {
            return SignalResult.ABSENT;
        }
        final boolean localCode = r.code() == 451 || r.code() == 452 || r.code() == 552;
        final String text = r.text().toLowerCase(Locale.ROOT);
        final boolean localText = text.contains("local");
        if (!localCode && !localText)
        {
            return SignalResult.ABSENT;
        }
        // Pure-FTPd and ProFTPD also answer socket errors with 451 ("Error during read from data connection")
        final boolean aboutTheNetwork = !localText && (text.contains("data connection") || text.contains("network"));
        return SignalResult.of(aboutTheNetwork ? 0.3 : localCode ? 1.0 : 0.9, "the server reported a local error (" + r + ")", r.frame(),
            r.tsNanos(), "server reply " + r + " names a local condition");
    }

    /** The data connection shows nothing that could have made the server fail: no RST, no loss, no stall. */
    public static SignalResult noTcpTrigger(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d || c.failureReply() == null)
        {
            return SignalResult.ABSENT;
        }
        for (final EndpointFacts e : new EndpointFacts[]{ d.client(), d.server() })
        {
            final PacketMark close = e.firstClose();
            if (null != close && close.tsNanos() < c.failureNanos() && e.role() != c.transfer().dataSender())
            {
                return SignalResult.ABSENT;
            }
            if (null != e.rst() && c.beforeFailure(e.rst().tsNanos()))
            {
                return SignalResult.ABSENT;
            }
            for (final ZeroWindowSpan span : e.zeroWindows())
            {
                if (span.closedAt(c.failureNanos()))
                {
                    return SignalResult.ABSENT;
                }
            }
        }
        if (rtoBackoffUnacked(c).present() || heavyLoss(c).present() || dataStoppedThenFailed(c).present() ||
            serverIdleOpenWindow(c).present() || captureLossAtFailure(c).present())
        {
            return SignalResult.ABSENT;
        }
        return new SignalResult(1.0, List.of(Evidence.of(-1, -1,
            "the data connection shows no reset, loss, zero window or stall before the reply")),
            "the data connection shows no client or network trigger", -1);
    }

    /** ICMP "fragmentation needed", or only full-size segments lost while small ones got through. */
    public static SignalResult pmtuShape(final JudgeContext c)
    {
        final DataFlowFacts d = c.data();
        if (null == d)
        {
            return SignalResult.ABSENT;
        }
        if (d.icmpFragNeeded().count() > 0)
        {
            return SignalResult.of(1.0, "ICMP 'fragmentation needed' arrived at frame " +
                d.icmpFragNeeded().firstFrame(),
                d.icmpFragNeeded().firstFrame(), d.icmpFragNeeded().firstNanos(),
                "ICMP fragmentation-needed / packet-too-big quoting the data connection (" +
                    d.icmpFragNeeded().count() +
                " times)");
        }
        final RetransmissionRun run = d.endpoint(c.transfer().dataSender()).lastRun();
        if (d.fullSizeOnlyLost() && null != run)
        {
            return SignalResult.of(0.8, "only full-size segments were lost from frame " + run.firstFrame(),
                run.firstFrame(), run.firstNanos(), "full-size segments (" + run.segmentLength() + " bytes) were " +
                "retransmitted without an ACK while smaller segments got through");
        }
        return SignalResult.ABSENT;
    }

    /** The control connection had been idle long enough for NAT or firewall state to expire. */
    public static SignalResult controlIdleLong(final JudgeContext c)
    {
        final long idle = c.transfer().controlIdleBeforeFailure();
        if (idle < CONTROL_IDLE_FLOOR_NANOS)
        {
            return SignalResult.ABSENT;
        }
        final double strength = 0.5 + 0.5 * ramp(idle, CONTROL_IDLE_FLOOR_NANOS, CONTROL_IDLE_FULL_NANOS);
        return SignalResult.of(strength, "the control connection had been idle for " + duration(idle),
            c.failureFrame(), c.failureNanos(), "control connection idle for " + duration(idle) +
                " before the failure");
    }

    /** The control connection died by RST (or never carried the final reply). */
    public static SignalResult controlDied(final JudgeContext c)
    {
        final ConnectionEnd end = c.transfer().controlEnd();
        if (null != end && end.reset())
        {
            return SignalResult.of(1.0, "the control connection was reset at frame " + end.frame(), end.frame(),
                end.tsNanos(), "control connection reset, claimed sender: " + end.by().word());
        }
        if (null == c.transfer().completion() && c.transfer().repliesVisible())
        {
            return new SignalResult(0.6, List.of(Evidence.of(-1, -1, "no final reply ever arrived on the control " +
                "connection")), "the final reply never arrived", -1);
        }
        return SignalResult.ABSENT;
    }

    /** A 425 where the setup reply carried an address other than the control connection's (NAT in the way). */
    public static SignalResult natAddressMismatch(final JudgeContext c)
    {
        final Reply r = c.failureReply();
        if (null == r || r.code() != 425 || !c.transfer().passiveAddressMismatch())
        {
            return SignalResult.ABSENT;
        }
        return SignalResult.of(1.0, "the data connection could not be set up (" + r + ")", r.frame(), r.tsNanos(),
            "the PASV/PORT address differs from the control connection's address, then " + r);
    }

    // ----- helpers -----

    /** A middlebox that reset one end often resets the other end's next packet a little later. */
    static final long FORGERY_AFTER_NANOS = 2_000_000_000L;

    /** Weight of a RST by its time: full before the failure, reduced shortly after it, nothing later. */
    private static double forgeryWindow(final JudgeContext c, final long tsNanos)
    {
        if (c.beforeFailure(tsNanos))
        {
            return 1.0;
        }
        return tsNanos - c.failureNanos() <= FORGERY_AFTER_NANOS ? 0.8 : 0;
    }

    /**
     * A RST seen once on a forwarding capture is either made by the forwarding host (seen outgoing only) or the
     * endpoint's own RST that the forwarding host dropped (seen incoming only). When the forwarding host already
     * dropped other packets of this endpoint before the RST, and the RST carries the endpoint's TTL as it arrives
     * here (the higher of each forwarded pair), the capture cannot tell the two apart.
     */
    static boolean mayBeDropped(final EndpointFacts e, final ResetFacts rst)
    {
        return e.firstUnforwardedNanos() >= 0 && e.firstUnforwardedNanos() < rst.tsNanos() && e.ttl().known() &&
            rst.ttl() == e.ttl().max();
    }

    /** How far a RST or FIN looks like it came from the endpoint's own host. */
    private record Genuineness(double strength, String text)
    {
    }

    private static Genuineness genuineness(
        final JudgeContext c, final EndpointFacts e, final int ttl, final ResetFacts rst)
    {
        if (null != rst && null != e.afterRst() && e.afterRst().count() > 0)
        {
            return new Genuineness(0.2, "but the " + e.role().word() + " kept sending afterwards");
        }
        if (null != rst && c.capture().forwardedDuplicates() && rst.copies() == 1 && !mayBeDropped(e, rst))
        {
            return new Genuineness(0.2, "seen once on a capture that shows forwarded packets twice");
        }
        if (!e.ttl().known())
        {
            return new Genuineness(0.6, "no TTL baseline to compare with");
        }
        if (e.ttl().matches(ttl))
        {
            return new Genuineness(1.0, "matches the " + e.role().word() + "'s baseline " + ttlBand(e.ttl()));
        }
        return new Genuineness(0.2, "does not match the " + e.role().word() + "'s baseline " + ttlBand(e.ttl()));
    }

    static String hops(final int n)
    {
        return n == 1 ? "1 hop" : n + " hops";
    }

    static String ttlBand(final TtlBaseline b)
    {
        return b.min() == b.max() ? "TTL " + b.min() : "TTL " + b.min() + ".." + b.max();
    }

    static double ramp(final double value, final double floor, final double full)
    {
        return SignalResult.clamp((value - floor) / (full - floor));
    }

    /** "40 ms", "2.3 s", "5 min". */
    public static String duration(final long nanos)
    {
        final long abs = Math.abs(nanos);
        if (abs < 1_000_000L)
        {
            return (abs / 1000) + " µs";
        }
        if (abs < 10_000_000_000L && abs < 1_000_000_000L)
        {
            return (abs / 1_000_000L) + " ms";
        }
        if (abs < 120_000_000_000L)
        {
            return String.format(Locale.ROOT, "%.1f s", abs / 1e9);
        }
        return String.format(Locale.ROOT, "%.1f min", abs / 60e9);
    }
}
