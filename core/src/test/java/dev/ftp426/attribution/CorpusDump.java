package dev.ftp426.attribution;

import org.junit.jupiter.api.Test;

class CorpusDump
{
    @Test
    void dump()
    {
        final Attributor a = new Attributor();
        for (final CorpusFacts.CorpusCase c : CorpusFacts.all())
        {
            final Assessment as = a.assess(c.transferFacts(), c.data(), c.capture());
            System.out.println("### " + c + " expect " + c.expectedCause() + " notes " + as.notes());
            as.verdict().ifPresent(v -> {
                System.out.println("   " + v.cause().code() + " conf " + v.confidence() + " runnerUp " + v.runnerUp() +
                    " " + v.runnerUpScore() + " vantage " + v.vantage());
                System.out.println("   " + v.summary());
                v.evidence().forEach(e -> System.out.println("      " + (e.against() ? "AGAINST " : "") + e.frame() + " " + e.text()));
            });
        }
    }
}
