package dev.ftp426.bench.gen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code <capture>.truth.jsonl} file: one hand-written JSON object per line per FTP transfer. */
final class TruthLog implements AutoCloseable
{
    private final BufferedWriter writer;
    private final long[] byCause = new long[FailureCause.values().length];
    private long lines;

    TruthLog(final Path path) throws IOException
    {
        writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    void write(final FailureCause cause, final CharSequence jsonObject) throws IOException
    {
        writer.append(jsonObject).append('\n');
        byCause[cause.ordinal()]++;
        lines++;
    }

    long lines()
    {
        return lines;
    }

    long count(final FailureCause cause)
    {
        return byCause[cause.ordinal()];
    }

    /** Appends a JSON string literal, escaping quotes, backslashes and control characters. */
    static StringBuilder quote(final StringBuilder sb, final CharSequence s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"');
    }

    public void close() throws IOException
    {
        writer.close();
    }
}
