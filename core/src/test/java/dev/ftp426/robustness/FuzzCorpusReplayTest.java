package dev.ftp426.robustness;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every stored fuzz input (seeds and past findings) through its target: the regression run of the fuzz corpus. */
class FuzzCorpusReplayTest
{
    @TestFactory
    Stream<DynamicTest> everyStoredInput()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final String target : FuzzCorpus.TARGETS)
        {
            final var inputs = FuzzCorpus.inputs(target);
            assertThat(inputs).as("stored inputs of %s", target).isNotEmpty();
            for (final var input : inputs)
            {
                tests.add(DynamicTest.dynamicTest(target + "/" + input.getFileName(),
                    () -> FuzzCorpus.run(target, Files.readAllBytes(input))));
            }
        }
        return tests.stream();
    }
}
