package dev.ftp426.robustness;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of every parser that reads bytes from outside, through {@link FuzzTargets}.
 * <p>
 * In the normal suite these run in regression mode: each replays the inputs Jazzer stored under
 * {@code src/test/resources/dev/ftp426/robustness/ParserFuzzTestInputs/<method>/} (past findings). With
 * {@code JAZZER_FUZZ=1} and one method selected ({@code -Dtest=ParserFuzzTest#pipeline}) Jazzer fuzzes it for up
 * to {@code maxDuration}; docs/robustness.md says how to seed it from {@code src/test/resources/fuzz/}.
 */
class ParserFuzzTest
{
    @FuzzTest(maxDuration = "10m")
    void captureReader(final byte[] input)
    {
        FuzzTargets.captureReader(input);
    }

    @FuzzTest(maxDuration = "10m")
    void decoder(final byte[] input)
    {
        FuzzTargets.decoder(input);
    }

    @FuzzTest(maxDuration = "10m")
    void defragmenter(final byte[] input)
    {
        FuzzTargets.defragmenter(input);
    }

    @FuzzTest(maxDuration = "10m")
    void ftpControl(final byte[] input)
    {
        FuzzTargets.ftpControl(input);
    }

    @FuzzTest(maxDuration = "10m")
    void replyParsers(final byte[] input)
    {
        FuzzTargets.replyParsers(input);
    }

    @FuzzTest(maxDuration = "10m")
    void pipeline(final byte[] input)
    {
        FuzzTargets.pipeline(input);
    }
}
