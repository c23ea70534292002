package dev.ftp426.cli.command;

import dev.ftp426.cli.UserError;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the command line's inputs into capture files: plain files, directories walked recursively (capture files
 * only, by name), glob patterns the shell left unexpanded, and {@code -} for standard input.
 */
final class InputExpander
{
    static final String STDIN = "-";
    private static final int MAX_FILES = 1_000_000;

    private InputExpander()
    {
    }

    static List<String> expand(final List<String> inputs)
    {
        final List<String> files = new ArrayList<>();
        for (final String input : inputs)
        {
            if (STDIN.equals(input))
            {
                files.add(STDIN);
            }
            else if (Files.isDirectory(Paths.get(input)))
            {
                walk(Paths.get(input), files);
            }
            else if (!Files.exists(Paths.get(input)) && isGlob(input))
            {
                glob(input, files);
            }
            else
            {
                files.add(input);
            }
        }
        return files;
    }

    static boolean looksLikeCapture(final Path path)
    {
        final String name = path.getFileName().toString().toLowerCase();
        return name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap") ||
            name.endsWith(".pcap.gz") || name.endsWith(".pcapng.gz") || name.endsWith(".ntar") ||
            name.endsWith(".dmp");
    }

    private static boolean isGlob(final String input)
    {
        return input.indexOf('*') >= 0 || input.indexOf('?') >= 0 || input.indexOf('[') >= 0 ||
            input.indexOf('{') >= 0;
    }

    private static void walk(final Path dir, final List<String> files)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.filter(Files::isRegularFile).filter(InputExpander::looksLikeCapture).sorted()
                .limit(MAX_FILES).forEach(p -> files.add(p.toString()));
        }
        catch (final IOException | java.io.UncheckedIOException ex)
        {
            throw new UserError(dir + ": cannot list directory: " + ex.getMessage());
        }
    }

    private static void glob(final String pattern, final List<String> files)
    {
        final String relativePattern = pattern.startsWith("./") ? pattern.substring(2) : pattern;
        final Path patternPath = Paths.get(relativePattern);
        Path base = patternPath.isAbsolute() ? patternPath.getRoot() : Paths.get(".");
        // The walk starts at the longest prefix without glob characters.
        for (final Path part : patternPath)
        {
            if (isGlob(part.toString()))
            {
                break;
            }
            base = base.resolve(part);
        }
        final PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relativePattern);
        final int before = files.size();
        if (Files.isDirectory(base))
        {
            try (Stream<Path> paths = Files.walk(base))
            {
                final Path here = Paths.get(".");
                paths.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(patternPath.isAbsolute() ? p : here.relativize(p)))
                    .sorted().limit(MAX_FILES).forEach(p -> files.add(p.toString()));
            }
            catch (final IOException | java.io.UncheckedIOException ex)
            {
                throw new UserError(pattern + ": cannot expand pattern: " + ex.getMessage());
            }
        }
        if (files.size() == before)
        {
            throw new UserError(pattern + ": no such file (the pattern matched nothing)");
        }
    }
}
