package dev.ftp426.lab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the lab tests share: reading ftp426's and the lab's JSON as plain maps, and the machine they run on. */
public final class LabSupport
{
    private static final JsonFactory JSON = new JsonFactory();

    private LabSupport()
    {
    }

    // ---------------------------------------------------------------------------------------------------- JSON
    static Object readJson(final Path file) throws IOException
    {
        return parseJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Object parseJson(final String text) throws IOException
    {
        try (JsonParser p = JSON.createParser(text))
        {
            p.nextToken();
            return value(p);
        }
    }

    /** A JSON object as a map (asserted to be one). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(final Object o)
    {
        assertThat(o).as("a JSON object").isInstanceOf(Map.class);
        return (Map<String, Object>)o;
    }

    /** Maps, lists, strings, numbers, booleans and null from a streaming parser positioned on a value. */
    private static Object value(final JsonParser p) throws IOException
    {
        final JsonToken t = Objects.requireNonNull(p.currentToken(), "truncated JSON");
        switch (t)
        {
            case START_OBJECT:
                final Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY)
                {
                    list.add(value(p));
                }
                return list;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    // ---------------------------------------------------------------------------------------------------- env
    static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> walk = Files.walk(root))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The checkout holding lab/run.sh, from the module directory tests run in. */
    static Path repoRoot()
    {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++)
        {
            if (Files.isRegularFile(dir.resolve("lab/run.sh")))
            {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("lab/run.sh not found above " + Path.of("").toAbsolutePath());
    }

    public static boolean isRoot() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("Uid:"))
            {
                return "0".equals(line.split("\\s+")[1]);
            }
        }
        return false;
    }

    static boolean onPath(final String tool)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            if (Files.isExecutable(Path.of(dir, tool)))
            {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}
