package dev.ftp426.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class LineAssemblerTest
{
    private final List<String> lines = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private final LineAssembler assembler = new LineAssembler(16);
    private final LineAssembler.Sink sink = line ->
    {
        final byte[] bytes = new byte[line.length()];
        line.buffer().getBytes(0, bytes, 0, bytes.length);
        lines.add(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        flags.add((line.truncated() ? "T" + line.droppedBytes() : "") + (line.afterGap() ? "G" : "") +
            (line.cutByGap() ? "C" : "") + ((line.telnetFlags() & LineAssembler.TELNET_IP) != 0 ? "I" : "") +
            ((line.telnetFlags() & LineAssembler.TELNET_DM) != 0 ? "D" : "") + "@" + line.firstFrame() + "-" +
            line.lastFrame());
    };

    private void feed(final long frame, final int... bytes)
    {
        final byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++)
        {
            b[i] = (byte)bytes[i];
        }
        assembler.feed(new UnsafeBuffer(b), 0, b.length, frame, frame * 10, sink);
    }

    private void feed(final long frame, final String text)
    {
        final byte[] b = Wire.ascii(text);
        assembler.feed(new UnsafeBuffer(b), 0, b.length, frame, frame * 10, sink);
    }

    @Test
    void crlfAndBareLfEndLines()
    {
        feed(1, "USER a\r\nPASS b\nQUIT\r");
        feed(2, "\n");
        assertThat(lines).containsExactly("USER a", "PASS b", "QUIT");
        assertThat(flags).containsExactly("@1-1", "@1-1", "@1-2");
    }

    @Test
    void lineKeepsFrameOfFirstByte()
    {
        feed(5, "RE");
        feed(6, "TR x\r\n");
        assertThat(lines).containsExactly("RETR x");
        assertThat(flags).containsExactly("@5-6");
    }

    @Test
    void telnetInterruptAndSynchBeforeAbor()
    {
        feed(7, 0xff, 0xf4, 0xff);
        feed(8, 0xf2, 'A', 'B', 'O', 'R', '\r', '\n');
        assertThat(lines).containsExactly("ABOR");
        assertThat(flags).containsExactly("ID@8-8");
    }

    @Test
    void iacIacIsAByteAndOptionsAreSkipped()
    {
        feed(1, 'C', 'W', 'D', ' ', 0xff, 0xff, 'x', 0xff, 0xfd, 0x01, 'y', 0xff, 0xfa, 1, 2, 0xff, 0xf0, '\n');
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).isEqualTo("CWD \u00ffxy");
    }

    @Test
    void overlongLineIsTruncatedAndCounted()
    {
        feed(1, "RETR 0123456789abcdefghij\r\nNOOP\r\n");
        assertThat(lines).containsExactly("RETR 0123456789a", "NOOP");
        assertThat(flags.get(0)).startsWith("T10");
        assertThat(assembler.linesTruncated()).isEqualTo(1);
    }

    @Test
    void gapHandsOverThePartialLineAndFlagsTheNextOne()
    {
        feed(1, "226 Tran");
        assembler.gap(2, 20, sink);
        feed(3, "sfer complete.\r\n150 ok\r\n");
        assertThat(lines).containsExactly("226 Tran", "sfer complete.", "150 ok");
        assertThat(flags).containsExactly("C@1-1", "G@3-3", "@3-3");
    }

    @Test
    void stopEndsLineCutting()
    {
        feed(1, "234 go\r\n");
        assembler.stop();
        feed(2, "\u0016\u0003\u0001junk\njunk\n");
        assertThat(lines).containsExactly("234 go");
    }
}
