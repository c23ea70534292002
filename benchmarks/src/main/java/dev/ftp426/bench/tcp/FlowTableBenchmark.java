package dev.ftp426.bench.tcp;

import dev.ftp426.flow.FlowKey;
import dev.ftp426.flow.FlowTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Flow table cost per operation: lookup of live flows (hit), and insert + remove churn at a steady 100k flows,
 * which is what a SYN scan does to the table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class FlowTableBenchmark
{
    private static final int FLOWS = 100_000;
    private static final int BATCH = 1024;

    private final FlowTable table = new FlowTable(FLOWS + BATCH, 1);
    private final FlowKey key = new FlowKey();
    private final int[] ids = new int[FLOWS];
    private int next;
    private int churn = FLOWS;

    @Setup
    public void setup()
    {
        for (int i = 0; i < FLOWS; i++)
        {
            ids[i] = table.add(keyOf(i), i, 0);
        }
    }

    private FlowKey keyOf(final int i)
    {
        // 198.51.100.x:port <-> 203.0.113.9:21, as an FTP server sees many clients
        return key.set(0, 0xffff_c633_6400L | (i & 0xff), 1024 + (i >>> 8), 0, 0xffff_cb00_7109L, 21, -1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lookupHit()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            next = next + 7919 >= FLOWS ? (next + 7919) - FLOWS : next + 7919;
            sum += table.find(keyOf(next));
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int insertAndRemove()
    {
        int sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            final int victim = table.oldest(0);
            table.remove(victim);
            final int id = table.add(keyOf(churn++), churn, 0);
            sum += id;
        }
        return sum;
    }
}
