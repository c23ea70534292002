package dev.ftp426.flow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FlowTableTest
{
    @Test
    void keyIsTheSameInBothDirections()
    {
        final FlowKey ab = new FlowKey().set(0, 0xffff_c633_6401L, 40000, 0, 0xffff_cb00_7109L, 21, 7);
        final FlowKey ba = new FlowKey().set(0, 0xffff_cb00_7109L, 21, 0, 0xffff_c633_6401L, 40000, 7);
        assertThat(ab.sameAs(ba)).isTrue();
        assertThat(ab.hash()).isEqualTo(ba.hash());
        assertThat(ab.sourceIsA()).isNotEqualTo(ba.sourceIsA());
        final FlowKey otherVlan = new FlowKey().set(0, 0xffff_c633_6401L, 40000, 0, 0xffff_cb00_7109L, 21, 8);
        assertThat(ab.sameAs(otherVlan)).isFalse();
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void behavesLikeAMapUnderRandomAddsAndRemoves(final long seed)
    {
        final Random random = new Random(seed);
        final FlowTable table = new FlowTable(3000, 2);
        final Map<Long, Integer> reference = new HashMap<>();
        final FlowKey key = new FlowKey();
        for (int i = 0; i < 200_000; i++)
        {
            // small key space so finds, duplicates and removals collide often
            final long k = random.nextInt(5000);
            key.set(0, 0xffff_0000_0000L | k, (int)(k % 7), 0, 0xffff_0000_0001L, 80, 0);
            final int id = table.find(key);
            final Integer expected = reference.get(k);
            assertThat(id).isEqualTo(null == expected ? FlowTable.NO_FLOW : expected);
            if (FlowTable.NO_FLOW == id)
            {
                final int added = table.add(key, i, random.nextInt(2));
                if (reference.size() >= 3000)
                {
                    assertThat(added).isEqualTo(FlowTable.NO_FLOW);
                }
                else
                {
                    assertThat(added).isNotEqualTo(FlowTable.NO_FLOW);
                    reference.put(k, added);
                }
            }
            else if (random.nextInt(3) == 0)
            {
                table.remove(id);
                reference.remove(k);
            }
            else
            {
                table.touch(id, i, random.nextInt(2));
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
        assertThat(table.classSize(0) + table.classSize(1)).isEqualTo(reference.size());
    }

    @Test
    void oldestIsTheLeastRecentlyTouched()
    {
        final FlowTable table = new FlowTable(10, 1);
        final FlowKey key = new FlowKey();
        final int[] ids = new int[3];
        for (int i = 0; i < 3; i++)
        {
            ids[i] = table.add(key.set(0, i, 1, 0, 100, 2, 0), i, 0);
        }
        assertThat(table.oldest(0)).isEqualTo(ids[0]);
        table.touch(ids[0], 10, 0);
        assertThat(table.oldest(0)).isEqualTo(ids[1]);
        table.remove(ids[1]);
        assertThat(table.oldest(0)).isEqualTo(ids[2]);
        assertThat(table.keyOf(ids[2], new FlowKey()).sameAs(key.set(0, 2, 1, 0, 100, 2, 0))).isTrue();
    }
}
