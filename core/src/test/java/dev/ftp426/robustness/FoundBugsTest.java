package dev.ftp426.robustness;

import dev.ftp426.ftp.FtpReplyParsers;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bug the robustness work found, as the smallest input that showed it. */
class FoundBugsTest
{
    @Test
    void announcedByteCountOfNineteenDigitsDoesNotOverflowToANegativeSize()
    {
        final byte[] text = "Opening BINARY mode data connection for f (9999999999999999999 bytes)."
            .getBytes(StandardCharsets.US_ASCII);
        final long announced = FtpReplyParsers.parseAnnouncedBytes(new UnsafeBuffer(text), 0, text.length);
        assertThat(announced).isGreaterThanOrEqualTo(-1);
        final byte[] big = "(999999999999999999 bytes)".getBytes(StandardCharsets.US_ASCII);
        assertThat(FtpReplyParsers.parseAnnouncedBytes(new UnsafeBuffer(big), 0, big.length))
            .isEqualTo(999_999_999_999_999_999L);
    }
}
