package dev.ftp426.bench.gen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TruthLogTest
{
    @Test
    void quotesEscapeQuotesBackslashesAndControlCharacters()
    {
        assertThat(TruthLog.quote(new StringBuilder(), "a\"b\\c\r\n\t\u0001\u007f/é").toString())
            .isEqualTo("\"a\\\"b\\\\c\\r\\n\\t\\u0001\\u007f/é\"");
        assertThat(TruthLog.quote(new StringBuilder(), "").toString()).isEqualTo("\"\"");
    }
}
