package dev.ftp426.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EventQueueTest
{
    @Test
    void pollsInTimeThenIdOrderLikeAReferenceQueueUnderMixedUse()
    {
        final EventQueue queue = new EventQueue(4);
        final PriorityQueue<long[]> reference = new PriorityQueue<>(
            (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        final SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 20_000; round++)
        {
            if (reference.isEmpty() || random.nextInt(3) != 0)
            {
                final long time = random.nextInt(500);
                final int id = random.nextInt(1000);
                queue.add(time, id);
                reference.add(new long[]{time, id});
            }
            else
            {
                final long[] expected = reference.poll();
                assertThat(queue.peekTime()).isEqualTo(expected[0]);
                assertThat(queue.peekId()).isEqualTo((int)expected[1]);
                queue.poll();
            }
            assertThat(queue.size()).isEqualTo(reference.size());
        }
    }
}
