package dev.ftp426.pipeline.parallel;

import dev.ftp426.ftp.FtpTransfer;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultJoinerTest
{
    @Test
    void localNumbersBecomeTheNumbersOfOneTrackerCountingInFrameOrder()
    {
        // Worker 0 started connections at frames 1, 5, 9; worker 1 at frames 2, 3, 10.
        final LongArrayList[] starts = {list(1, 5, 9), list(2, 3, 10)};
        assertThat(ResultJoiner.globalNumber(starts, 0, 1)).isEqualTo(1);
        assertThat(ResultJoiner.globalNumber(starts, 1, 1)).isEqualTo(2);
        assertThat(ResultJoiner.globalNumber(starts, 1, 2)).isEqualTo(3);
        assertThat(ResultJoiner.globalNumber(starts, 0, 2)).isEqualTo(4);
        assertThat(ResultJoiner.globalNumber(starts, 0, 3)).isEqualTo(5);
        assertThat(ResultJoiner.globalNumber(starts, 1, 3)).isEqualTo(6);
    }

    @Test
    void noneAndUnknownNumbersStayAsTheyAre()
    {
        final LongArrayList[] starts = {list(4), list(2)};
        assertThat(ResultJoiner.globalNumber(starts, 0, FtpTransfer.NONE)).isEqualTo(FtpTransfer.NONE);
        assertThat(ResultJoiner.globalNumber(starts, 0, 7)).isEqualTo(7);
    }

    private static LongArrayList list(final long... values)
    {
        final LongArrayList list = new LongArrayList();
        for (final long v : values)
        {
            list.addLong(v);
        }
        return list;
    }
}
