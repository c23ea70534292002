package dev.ftp426.cli.command;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeTest
{
    private final ByteSize size = new ByteSize();

    @Test
    void numbersWithBinarySuffixes()
    {
        assertThat(size.convert("65536")).isEqualTo(65_536L);
        assertThat(size.convert("64k")).isEqualTo(65_536L);
        assertThat(size.convert("512M")).isEqualTo(512L << 20);
        assertThat(size.convert("2g")).isEqualTo(2L << 30);
    }

    @Test
    void nonsenseIsRefusedWithTheValueInTheMessage()
    {
        for (final String bad : new String[] {"", "k", "0", "-1", "1.5g", "12x", "9999999999999g"})
        {
            assertThatThrownBy(() -> size.convert(bad)).as(bad)
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("'" + bad + "'");
        }
    }
}
