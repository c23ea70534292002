package dev.ftp426.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aligns two captures of the same incident taken at different points (say the client's host and the server's) and
 * says where each reset and each loss was born.
 * <p>
 * Connections are matched by their 5-tuple and the initiator's initial sequence number (address translation between
 * the capture points is out of scope). Inside a connection a packet is recognised by its sender, sequence and
 * acknowledgement numbers, SYN/FIN/RST/ACK flags and payload length; copies with the same identity (retransmissions)
 * are paired in order. The clock offset comes from the shared packets, NTP style: the smallest apparent delay each
 * way, so the offset is exact when the path is symmetric. Which capture sits nearer which host comes from the TTLs:
 * a host's packets arrive with a higher TTL at the capture nearer to it; with equal TTLs the first capture is taken
 * as the client side.
 * <p>
 * A packet held by the capture nearer its sender but not by the other was lost between the two (when the other
 * capture was running at the time it would have arrived); a packet held only by the capture farther from its
 * claimed sender was born on the path between them (forged, or made by a firewall next to the receiver).
 */
public final class Correlator
{
    /** Slack around "the other capture was still running when this packet would have passed". */
    private static final long MIN_MARGIN_NANOS = 20_000_000L;

    private Correlator()
    {
    }

    private record Key(int direction, long seq, long ack, int flags, int length)
    {
    }

    private static final class Copies
    {
        final List<Integer> a = new ArrayList<>(2);
        final List<Integer> b = new ArrayList<>(2);
    }

    private static final class Aggregate
    {
        final String kind;
        final String communityId;
        final String sender;
        long packets;
        long bytes;
        long frameA = -1;
        long frameB = -1;
        long tsNanos = Long.MAX_VALUE;

        Aggregate(final String kind, final String communityId, final String sender)
        {
            this.kind = kind;
            this.communityId = communityId;
            this.sender = sender;
        }
    }

    /** Compares two captures; {@code a} is taken as the client side when the TTLs cannot tell. */
    public static Correlation correlate(final CaptureTrace a, final CaptureTrace b)
    {
        final String[] hosts = hosts(a, b);
        final String clientIp = hosts[0];
        final String serverIp = hosts[1];

        final List<FlowTrace[]> pairs = match(a, b);
        final String[] vantage = vantage(pairs, clientIp, serverIp);
        final boolean aNearClient = "client".equals(vantage[0]);

        final List<Map<Key, Copies>> groups = new ArrayList<>();
        long minAB = Long.MAX_VALUE;
        long minBA = Long.MAX_VALUE;
        for (final FlowTrace[] pair : pairs)
        {
            final Map<Key, Copies> copies = group(pair[0], pair[1]);
            groups.add(copies);
            for (final Map.Entry<Key, Copies> entry : copies.entrySet())
            {
                final Copies c = entry.getValue();
                final boolean senderNearA = role(pair[0], entry.getKey().direction, clientIp).equals("client") ==
                    aNearClient;
                for (int i = 0, n = Math.min(c.a.size(), c.b.size()); i < n; i++)
                {
                    final long dt = pair[1].ts[c.b.get(i)] - pair[0].ts[c.a.get(i)];
                    if (senderNearA)
                    {
                        minAB = Math.min(minAB, dt);
                    }
                    else
                    {
                        minBA = Math.min(minBA, -dt);
                    }
                }
            }
        }
        final long offset;
        final long delay;
        if (minAB != Long.MAX_VALUE && minBA != Long.MAX_VALUE)
        {
            offset = (minAB - minBA) / 2;
            delay = Math.max(0, (minAB + minBA) / 2);
        }
        else
        {
            offset = minAB != Long.MAX_VALUE ? minAB : minBA != Long.MAX_VALUE ? -minBA : 0;
            delay = -1;
        }
        final long margin = Math.max(MIN_MARGIN_NANOS, 2 * Math.max(0, delay));

        final Map<String, Aggregate> aggregates = new LinkedHashMap<>();
        final List<FlowMatch> matches = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++)
        {
            final FlowTrace fa = pairs.get(p)[0];
            final FlowTrace fb = pairs.get(p)[1];
            long shared = 0;
            long onlyA = 0;
            long onlyB = 0;
            for (final Map.Entry<Key, Copies> entry : groups.get(p).entrySet())
            {
                final Key key = entry.getKey();
                final Copies c = entry.getValue();
                final String sender = role(fa, key.direction, clientIp);
                final boolean senderNearA = sender.equals("client") == aNearClient;
                final int matched = Math.min(c.a.size(), c.b.size());
                shared += matched;
                onlyA += c.a.size() - matched;
                onlyB += c.b.size() - matched;
                final boolean rst = (key.flags & 0x04) != 0;
                if (rst && matched > 0)
                {
                    add(aggregates, "rst_delivered", fa, sender, key, fa.frame[c.a.get(0)], fb.frame[c.b.get(0)],
                        fa.ts[c.a.get(0)], 1);
                }
                final List<Integer> near = senderNearA ? c.a : c.b;
                final List<Integer> far = senderNearA ? c.b : c.a;
                final FlowTrace nearFlow = senderNearA ? fa : fb;
                final FlowTrace farFlow = senderNearA ? fb : fa;
                final CaptureTrace nearCapture = senderNearA ? a : b;
                final CaptureTrace farCapture = senderNearA ? b : a;
                final long nearToFar = senderNearA ? offset : -offset;
                for (int i = matched; i < near.size(); i++)
                {
                    final long expected = nearFlow.ts[near.get(i)] + nearToFar;
                    if (expected >= farCapture.firstTsNanos() - margin && expected <= farCapture.lastTsNanos() - margin)
                    {
                        final long frame = nearFlow.frame[near.get(i)];
                        add(aggregates, rst ? "rst_lost_on_path" : "lost_on_path", fa, sender, key,
                            senderNearA ? frame : -1, senderNearA ? -1 : frame, nearFlow.ts[near.get(i)], 1);
                    }
                }
                for (int i = matched; i < far.size(); i++)
                {
                    final long expected = farFlow.ts[far.get(i)] - nearToFar;
                    if (expected >= nearCapture.firstTsNanos() + margin && expected <= nearCapture.lastTsNanos())
                    {
                        final long frame = farFlow.frame[far.get(i)];
                        add(aggregates, rst ? "rst_born_on_path" : "born_on_path", fa, sender, key,
                            senderNearA ? -1 : frame, senderNearA ? frame : -1, farFlow.ts[far.get(i)], 1);
                    }
                }
                if (key.length > 0 && near.size() >= 2 && !far.isEmpty())
                {
                    final long nearFrame = nearFlow.frame[near.get(1)];
                    final long farFrame = farFlow.frame[far.get(0)];
                    add(aggregates, "lost_after", fa, sender, key, senderNearA ? nearFrame : farFrame,
                        senderNearA ? farFrame : nearFrame, nearFlow.ts[near.get(1)], near.size() - 1);
                }
            }
            matches.add(new FlowMatch(fa.communityId, fa.flowId, fb.flowId, endpoint(fa.initiatorIp,
                fa.initiatorPort), endpoint(fa.responderIp, fa.responderPort), shared, onlyA, onlyB));
        }

        final List<Finding> findings = new ArrayList<>();
        for (final Aggregate agg : aggregates.values())
        {
            findings.add(new Finding(agg.kind, agg.communityId, agg.sender, agg.packets, agg.bytes, agg.frameA,
                agg.frameB, agg.tsNanos, text(agg, vantage)));
        }
        findings.sort(Comparator.comparingLong(Finding::tsNanos));
        return new Correlation(a.name(), b.name(), vantage[0], vantage[1], vantage[2], clientIp, serverIp, offset,
            delay, matches, a.flows().size() - pairs.size(), b.flows().size() - pairs.size(), a.packetsNotKept(),
            b.packetsNotKept(), findings, summary(findings, pairs.isEmpty()));
    }

    private static String[] hosts(final CaptureTrace a, final CaptureTrace b)
    {
        for (final CaptureTrace capture : List.of(a, b))
        {
            for (final FlowTrace flow : capture.flows())
            {
                if (flow.responderPort == 21 || flow.responderPort == 990)
                {
                    return new String[] {flow.initiatorIp, flow.responderIp};
                }
            }
        }
        for (final CaptureTrace capture : List.of(a, b))
        {
            if (!capture.flows().isEmpty())
            {
                final FlowTrace first = capture.flows().get(0);
                return new String[] {first.initiatorIp, first.responderIp};
            }
        }
        return new String[] {null, null};
    }

    private static List<FlowTrace[]> match(final CaptureTrace a, final CaptureTrace b)
    {
        final Map<String, List<FlowTrace>> byTuple = new HashMap<>();
        for (final FlowTrace flow : b.flows())
        {
            byTuple.computeIfAbsent(flow.tupleKey(), k -> new ArrayList<>()).add(flow);
        }
        final List<FlowTrace[]> pairs = new ArrayList<>();
        for (final FlowTrace flow : a.flows())
        {
            final List<FlowTrace> candidates = byTuple.get(flow.tupleKey());
            if (candidates == null)
            {
                continue;
            }
            for (int i = 0; i < candidates.size(); i++)
            {
                final FlowTrace other = candidates.get(i);
                if (flow.initiatorIsn < 0 || other.initiatorIsn < 0 || flow.initiatorIsn == other.initiatorIsn)
                {
                    pairs.add(new FlowTrace[] {flow, other});
                    candidates.remove(i);
                    break;
                }
            }
        }
        return pairs;
    }

    /** {vantage of a, vantage of b, reason}. */
    private static String[] vantage(final List<FlowTrace[]> pairs, final String clientIp, final String serverIp)
    {
        for (final FlowTrace[] pair : pairs)
        {
            final int clientA = ttl(pair[0], clientIp, 0);
            final int clientB = ttl(pair[1], clientIp, 0);
            final int serverA = ttl(pair[0], serverIp, 1);
            final int serverB = ttl(pair[1], serverIp, 1);
            if (clientA < 0 || clientB < 0 || serverA < 0 || serverB < 0)
            {
                continue;
            }
            final int score = (clientA - clientB) + (serverB - serverA);
            final String reason = "client TTL " + clientA + " vs " + clientB + ", server TTL " + serverA + " vs " +
                serverB + " (first vs second capture)";
            if (score > 0)
            {
                return new String[] {"client", "server", reason};
            }
            if (score < 0)
            {
                return new String[] {"server", "client", reason};
            }
            return new String[] {"client", "server", reason + ": equal, so the first capture is taken as the client side"};
        }
        return new String[] {"client", "server", "no TTLs to compare: the first capture is taken as the client side"};
    }

    private static int ttl(final FlowTrace flow, final String ip, final int defaultDirection)
    {
        final int direction = ip == null ? defaultDirection : ip.equals(flow.initiatorIp) ? 0 :
            ip.equals(flow.responderIp) ? 1 : defaultDirection;
        return direction == 0 ? flow.initiatorTtl : flow.responderTtl;
    }

    private static String role(final FlowTrace flow, final int direction, final String clientIp)
    {
        final String ip = flow.sender(direction);
        if (clientIp != null && !flow.initiatorIp.equals(flow.responderIp))
        {
            return ip.equals(clientIp) ? "client" : "server";
        }
        return direction == 0 ? "client" : "server";
    }

    private static Map<Key, Copies> group(final FlowTrace a, final FlowTrace b)
    {
        final Map<Key, Copies> copies = new LinkedHashMap<>();
        for (int i = 0; i < a.size; i++)
        {
            copies.computeIfAbsent(key(a, i), k -> new Copies()).a.add(i);
        }
        for (int i = 0; i < b.size; i++)
        {
            copies.computeIfAbsent(key(b, i), k -> new Copies()).b.add(i);
        }
        return copies;
    }

    private static Key key(final FlowTrace flow, final int i)
    {
        return new Key(flow.direction[i], flow.seq[i], flow.ack[i], flow.flags[i], flow.length[i]);
    }

    private static void add(final Map<String, Aggregate> aggregates, final String kind, final FlowTrace flow,
        final String sender, final Key key, final long frameA, final long frameB, final long tsNanos,
        final long packets)
    {
        final Aggregate agg = aggregates.computeIfAbsent(kind + "|" + flow.communityId + "|" + sender,
            k -> new Aggregate(kind, flow.communityId, sender));
        agg.packets += packets;
        agg.bytes += (long)key.length * packets;
        if (tsNanos < agg.tsNanos)
        {
            agg.tsNanos = tsNanos;
            agg.frameA = frameA;
            agg.frameB = frameB;
        }
    }

    private static String text(final Aggregate agg, final String[] vantage)
    {
        final String sender = agg.sender;
        final String receiver = "client".equals(sender) ? "server" : "client";
        final String where = frames(agg, vantage);
        switch (agg.kind)
        {
            case "rst_delivered":
                return "The " + sender + "'s RST left the " + sender + " side and arrived at the " + receiver +
                    " side (" + where + "): the " + sender + " really sent it.";
            case "rst_lost_on_path":
                return agg.packets + " RST(s) left the " + sender + " side but never reached the " + receiver +
                    "-side capture (" + where + "): lost or dropped on the path between the captures.";
            case "rst_born_on_path":
                return agg.packets + " RST(s) claiming to come from the " + sender + " arrived at the " + receiver +
                    " side, but the " + sender + "-side capture never saw them leave (" + where + "): forged on the " +
                    "path between the captures, or by a firewall on the " + receiver + "'s host.";
            case "lost_on_path":
                return agg.packets + " packet(s) (" + agg.bytes + " payload bytes) left the " + sender +
                    " side but never reached the " + receiver + "-side capture (first " + where +
                    "): lost on the path between the captures.";
            case "lost_after":
                return agg.packets + " retransmission(s) by the " + sender + " (" + agg.bytes + " bytes) repeat " +
                    "segments the " + receiver + "-side capture had already seen (first " + where + "): those were " +
                    "lost after that capture point, or their acknowledgements were lost on the way back.";
            case "born_on_path":
            default:
                return agg.packets + " packet(s) claiming to come from the " + sender + " arrived at the " + receiver +
                    " side though the " + sender + "-side capture never saw them leave (first " + where + ").";
        }
    }

    private static String frames(final Aggregate agg, final String[] vantage)
    {
        final StringBuilder sb = new StringBuilder();
        if (agg.frameA >= 0)
        {
            sb.append("frame ").append(agg.frameA).append(" of the ").append(vantage[0]).append("-side capture");
        }
        if (agg.frameB >= 0)
        {
            if (sb.length() > 0)
            {
                sb.append(", ");
            }
            sb.append("frame ").append(agg.frameB).append(" of the ").append(vantage[1]).append("-side capture");
        }
        return sb.toString();
    }

    private static String summary(final List<Finding> findings, final boolean noSharedFlows)
    {
        if (noSharedFlows)
        {
            return "The two captures share no TCP connection (same 5-tuple and initial sequence number): nothing to " +
                "compare.";
        }
        final List<String> sentences = new ArrayList<>();
        final boolean clientForged = has(findings, "rst_born_on_path", "client");
        final boolean serverForged = has(findings, "rst_born_on_path", "server");
        if (clientForged && serverForged)
        {
            sentences.add("Each side received a RST the other side never sent: the resets were born on the path " +
                "between the captures.");
        }
        else if (clientForged || serverForged)
        {
            final String claimed = clientForged ? "client" : "server";
            sentences.add("A RST claiming to come from the " + claimed + " was never sent by the " + claimed +
                ": it was born between the captures (or by a firewall on the receiving host).");
        }
        for (final String role : List.of("client", "server"))
        {
            final String other = "client".equals(role) ? "server" : "client";
            if (has(findings, "rst_delivered", role))
            {
                sentences.add("The " + role + "'s RST left the " + role + " and arrived at the " + other + ".");
            }
            if (has(findings, "rst_lost_on_path", role))
            {
                sentences.add("A RST from the " + role + " left the " + role + " and never reached the " + other +
                    ".");
            }
            if (has(findings, "lost_on_path", role))
            {
                sentences.add("Packets left the " + role + " and never reached the " + other + " (lost on the path).");
            }
            if (has(findings, "lost_after", role))
            {
                sentences.add("Some of the " + role + "'s retransmitted segments had already reached the " + other +
                    "-side capture (lost after it, or their ACKs were lost).");
            }
        }
        if (sentences.isEmpty())
        {
            sentences.add("Every packet of the shared connections was seen at both capture points: nothing was born " +
                "or lost between them.");
        }
        return String.join(" ", sentences);
    }

    private static boolean has(final List<Finding> findings, final String kind, final String sender)
    {
        for (final Finding f : findings)
        {
            if (f.kind().equals(kind) && f.sender().equals(sender))
            {
                return true;
            }
        }
        return false;
    }

    private static String endpoint(final String ip, final int port)
    {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
