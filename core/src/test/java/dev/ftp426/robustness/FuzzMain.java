package dev.ftp426.robustness;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs one Jazzer fuzz test outside Maven, for long runs: {@code JAZZER_FUZZ=1 java -cp <test classpath>
 * dev.ftp426.robustness.FuzzMain pipeline}, or {@code FuzzMain mutation} with {@code -Dftp426.fuzz.seconds=N}
 * for the seeded mutation fuzzer ({@link PipelineMutationFuzzTest}, N seconds per seed). The run lasts the test's {@code maxDuration} (10 minutes) unless it
 * finds a crash, which Jazzer stores under {@code src/test/resources/dev/ftp426/robustness/ParserFuzzTestInputs/}.
 */
public final class FuzzMain
{
    private FuzzMain()
    {
    }

    public static void main(final String[] args)
    {
        final LauncherDiscoveryRequest request = "mutation".equals(args[0]) ?
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(PipelineMutationFuzzTest.class)).build() :
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(ParserFuzzTest.class, args[0], "byte[]")).build();
        final Launcher launcher = LauncherFactory.create();
        final SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        summary.getSummary().printTo(new PrintWriter(System.out));
        summary.getSummary().printFailuresTo(new PrintWriter(System.out), 40);
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
