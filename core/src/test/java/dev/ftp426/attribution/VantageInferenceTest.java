package dev.ftp426.attribution;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.ftp426.attribution.Scenario.t;
import static org.assertj.core.api.Assertions.assertThat;

class VantageInferenceTest
{
    private static DataFlowFacts flow(final int clientTtl, final int serverTtl, final Handshake handshake)
    {
        return DataFlowFacts.builder()
            .client(EndpointFacts.builder(FtpRole.CLIENT).ttl(TtlBaseline.of(clientTtl, 10)).build())
            .server(EndpointFacts.builder(FtpRole.SERVER).ttl(TtlBaseline.of(serverTtl, 10)).build())
            .handshake(handshake).build();
    }

    @Test
    void hostAtZeroHopsIsTheCaptureHost()
    {
        assertThat(VantageInference.infer(CaptureContext.UNKNOWN, flow(64, 57, null)).vantage())
            .isEqualTo(Vantage.CLIENT);
        assertThat(VantageInference.infer(CaptureContext.UNKNOWN, flow(117, 255, null)).vantage())
            .isEqualTo(Vantage.SERVER);
        assertThat(VantageInference.infer(CaptureContext.UNKNOWN, flow(60, 120, null)).vantage())
            .isEqualTo(Vantage.MIDDLE);
    }

    @Test
    void handshakeTimingPlacesTheCaptureWhenTtlsCannot()
    {
        final Handshake atOriginator = new Handshake(FtpRole.CLIENT, 1, t(0), t(0.080), t(0.08001));
        final Handshake atResponder = new Handshake(FtpRole.CLIENT, 1, t(0), t(0.00001), t(0.080));
        final Handshake between = new Handshake(FtpRole.CLIENT, 1, t(0), t(0.030), t(0.080));
        assertThat(VantageInference.infer(CaptureContext.UNKNOWN, flow(64, 64, atOriginator)).vantage())
            .isEqualTo(Vantage.CLIENT);
        assertThat(VantageInference.infer(CaptureContext.UNKNOWN, flow(64, 64, atResponder)).vantage())
            .isEqualTo(Vantage.SERVER);
        assertThat(VantageInference.infer(CaptureContext.UNKNOWN, flow(64, 64, between)).vantage())
            .isEqualTo(Vantage.MIDDLE);
    }

    @Test
    void activeModeSwapsTheRoles()
    {
        final Handshake serverOpened = new Handshake(FtpRole.SERVER, 1, t(0), t(0.080), t(0.08001));
        final VantageEstimate v = VantageInference.infer(CaptureContext.UNKNOWN, flow(64, 64, serverOpened));
        assertThat(v.vantage()).isEqualTo(Vantage.SERVER);
        assertThat(v.reason()).contains("Δ1");
    }

    @Test
    void forwardingCaptureIsInTheMiddle()
    {
        final CaptureContext cooked = new CaptureContext(113, true, -1, -1, List.of());
        assertThat(VantageInference.infer(cooked, flow(64, 63, null)).vantage()).isEqualTo(Vantage.MIDDLE);
    }

    @Test
    void severalConnectionsVote()
    {
        final Handshake atOriginator = new Handshake(FtpRole.CLIENT, 1, t(0), t(0.080), t(0.08001));
        final Handshake noisy = new Handshake(FtpRole.CLIENT, 1, t(0), t(0.00001), t(0.080));
        final VantageEstimate v = VantageInference.infer(CaptureContext.UNKNOWN,
            List.of(flow(64, 64, atOriginator), flow(64, 64, atOriginator), flow(64, 64, noisy)));
        assertThat(v.vantage()).isEqualTo(Vantage.CLIENT);
    }

    @Test
    void nothingToGoOn()
    {
        assertThat(VantageInference.infer(CaptureContext.UNKNOWN,
            (DataFlowFacts)null)).isEqualTo(VantageEstimate.UNKNOWN);
    }
}
