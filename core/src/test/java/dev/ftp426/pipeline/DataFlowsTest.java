package dev.ftp426.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftp426.report.DataFlowSummary;
import org.junit.jupiter.api.Test;

/** Data-connection recorders: bounded, and forgotten entries reused clean. */
class DataFlowsTest
{
    @Test
    void aForgottenEntryIsReusedWithNothingOfItsConnection()
    {
        final DataFlows flows = new DataFlows(10, 2);
        final DataFlows.Entry first = flows.open(1);
        first.orphan = true;
        first.summary = new DataFlowSummary(1, "1:x", "SF", "ShADadFf", 0);
        flows.closed(1);
        assertThat(flows.get(1)).isSameAs(first);
        assertThat(first.orphan).isTrue(); // still readable by the caller that closed it

        flows.open(2);
        flows.closed(2);
        flows.open(3);
        flows.closed(3); // forgets flow 1
        assertThat(flows.get(1)).isNull();
        assertThat(flows.forgotten()).isEqualTo(1);
        assertThat(flows.pooled()).isEqualTo(1);
        assertThat(first.summary).isNotNull(); // cleared when taken, not when forgotten

        final DataFlows.Entry reused = flows.open(4);
        assertThat(reused).isSameAs(first);
        assertThat(flows.pooled()).isZero();
        assertThat(reused.orphan).isFalse();
        assertThat(reused.summary).isNull();
        assertThat(reused.tls).isNull();
        assertThat(reused.recorder.rawPackets()).isZero();
        assertThat(flows.get(4)).isSameAs(reused);
        assertThat(flows.get(1)).isNull();
    }

    @Test
    void thePoolIsBounded()
    {
        final int connections = DataFlows.MAX_POOLED * 3;
        final DataFlows flows = new DataFlows(connections, 1);
        for (int i = 1; i <= connections; i++)
        {
            flows.open(i);
        }
        for (int i = 1; i <= connections; i++)
        {
            flows.closed(i);
        }
        assertThat(flows.forgotten()).isEqualTo(connections - 1);
        assertThat(flows.pooled()).isEqualTo(DataFlows.MAX_POOLED);
    }

    @Test
    void refusedBeyondTheOpenLimit()
    {
        final DataFlows flows = new DataFlows(2, 2);
        assertThat(flows.open(1)).isNotNull();
        assertThat(flows.open(2)).isNotNull();
        assertThat(flows.open(3)).isNull();
        assertThat(flows.refused()).isEqualTo(1);
        flows.closed(1);
        assertThat(flows.open(3)).isNotNull();
    }
}
