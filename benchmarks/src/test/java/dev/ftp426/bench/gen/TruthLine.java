package dev.ftp426.bench.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads fields out of one truth line with patterns (no JSON library in this module). */
final class TruthLine
{
    private static final Pattern DATA = Pattern.compile(
        "\"data\":\\{\"client\":\\{\"ip\":\"([^\"]+)\",\"port\":(\\d+)\\}," +
        "\"server\":\\{\"ip\":\"([^\"]+)\",\"port\":(\\d+)\\}");

    final String json;

    TruthLine(final String json)
    {
        this.json = json;
    }

    static List<TruthLine> read(final Path path) throws IOException
    {
        final List<TruthLine> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(path))
        {
            lines.add(new TruthLine(line));
        }
        return lines;
    }

    long number(final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        if (!m.find())
        {
            throw new IllegalStateException(key + " missing in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    String string(final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find())
        {
            throw new IllegalStateException(key + " missing in " + json);
        }
        return m.group(1);
    }

    /** Client port and server port of the data connection. */
    int[] dataPorts()
    {
        final Matcher m = DATA.matcher(json);
        if (!m.find())
        {
            throw new IllegalStateException("data endpoints missing in " + json);
        }
        return new int[]{Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4))};
    }

    String dataClientIp()
    {
        final Matcher m = DATA.matcher(json);
        if (!m.find())
        {
            throw new IllegalStateException("data endpoints missing in " + json);
        }
        return m.group(1);
    }
}
