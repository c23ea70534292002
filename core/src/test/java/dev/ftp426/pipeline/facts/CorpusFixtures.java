package dev.ftp426.pipeline.facts;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import dev.ftp426.attribution.CaptureContext;
import dev.ftp426.attribution.Cause;
import dev.ftp426.attribution.DataFlowFacts;
import dev.ftp426.attribution.Party;
import dev.ftp426.attribution.TransferFacts;

/**
 * The attribution stage's corpus fixtures (dev.ftp426.attribution.CorpusFacts, generated with tshark by
 * core/src/test/tools/corpus_facts.py), read through reflection because they are package-private there.
 */
final class CorpusFixtures
{
    /** One transfer at one vantage, as the fixture describes it. */
    record Fixture(
        String name, String vantage, int transfer, TransferFacts transferFacts, DataFlowFacts data,
        CaptureContext capture, Party expectedParty, Cause expectedCause)
    {
        @Override
        public String toString()
        {
            return name + "/" + vantage + "#" + transfer;
        }
    }

    private CorpusFixtures()
    {
    }

    static List<Fixture> all()
    {
        try
        {
            final Class<?> facts = Class.forName("dev.ftp426.attribution.CorpusFacts");
            final Method all = facts.getDeclaredMethod("all");
            all.setAccessible(true);
            final List<?> cases = (List<?>)all.invoke(null);
            final List<Fixture> out = new ArrayList<>();
            for (final Object c : cases)
            {
                final RecordComponent[] rc = c.getClass().getRecordComponents();
                final Object[] v = new Object[rc.length];
                for (int i = 0; i < rc.length; i++)
                {
                    final Method accessor = rc[i].getAccessor();
                    accessor.setAccessible(true);
                    v[i] = accessor.invoke(c);
                }
                out.add(new Fixture((String)v[0], (String)v[1], (Integer)v[2], (TransferFacts)v[3],
                    (DataFlowFacts)v[4], (CaptureContext)v[5], (Party)v[6], (Cause)v[7]));
            }
            return out;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("corpus fixtures not readable", ex);
        }
    }
}
