package dev.ftp426.attribution;

import org.junit.jupiter.api.Test;

import static dev.ftp426.attribution.Scenario.t;
import static org.assertj.core.api.Assertions.assertThat;

class IncidentsTest
{
    @Test
    void everyFailureReplyIsAnIncidentOfItsOwnKind()
    {
        for (final int code : new int[]{ 426, 421, 425, 450, 451, 452, 552 })
        {
            final Scenario s = new Scenario();
            s.transfer.completion(new Reply(code, "x", 500, t(10)));
            assertThat(Incidents.kind(s.transferFacts(), s.dataFacts())).as("code %d", code)
                .isEqualTo(IncidentKind.ofReply(code)).isNotNull();
        }
    }

    @Test
    void brokenDataConnectionWithoutAReply()
    {
        final Scenario s = new Scenario().clientRst(430, 9.0, 64);
        s.transfer.completion(null);
        assertThat(Incidents.kind(s.transferFacts(), s.dataFacts())).isEqualTo(IncidentKind.DATA_BROKEN_NO_REPLY);
    }

    @Test
    void resetAfterAnOrderlyCloseOfBothEndsIsNoBreak()
    {
        final Scenario s = new Scenario();
        s.transfer.completion(null);
        s.server.payloadBytes(1_000_000).fin(new PacketMark(440, t(8), 63));
        s.client.fin(new PacketMark(441, t(8.1), 64)).rst(new ResetFacts(443, t(8.2), 64, 2, true, 1, false), 1);
        assertThat(Incidents.kind(s.transferFacts(), s.dataFacts())).isNull();
        s.client.fin(null);
        assertThat(Incidents.kind(s.transferFacts(), s.dataFacts())).isEqualTo(IncidentKind.DATA_BROKEN_NO_REPLY);
    }

    @Test
    void shortDownloadWithoutReplyIsBrokenButAFullOneIsNot()
    {
        final Scenario s = new Scenario();
        s.transfer.completion(null);
        s.server.fin(new PacketMark(440, t(8), 63));
        assertThat(Incidents.kind(s.transferFacts(), s.dataFacts())).isEqualTo(IncidentKind.DATA_BROKEN_NO_REPLY);
        s.server.payloadBytes(1_000_000);
        assertThat(Incidents.kind(s.transferFacts(), s.dataFacts())).isNull();
    }

    @Test
    void successfulRepliesAreNotIncidents()
    {
        assertThat(Incidents.kind(new Scenario().clean().transferFacts(), new Scenario().clean().dataFacts())).isNull();
        final Scenario listing = new Scenario().clean();
        listing.transfer.command(TransferCommand.LIST).completion(new Reply(250, "Directory send OK.", 500, t(10)));
        assertThat(Incidents.kind(listing.transferFacts(), listing.dataFacts())).isNull();
    }
}
