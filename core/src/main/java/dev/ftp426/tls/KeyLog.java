package dev.ftp426.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * TLS secrets in the NSS key log format (as written by browsers, curl, OpenSSL and Python via SSLKEYLOGFILE), looked
 * up by the 32-byte ClientHello random.
 * <p>
 * Each line is {@code <LABEL> <client_random hex> <secret hex>}; blank lines and lines starting with {@code #} are
 * skipped. Labels read: {@code CLIENT_RANDOM} (TLS 1.2 master secret), {@code CLIENT_EARLY_TRAFFIC_SECRET},
 * {@code CLIENT_HANDSHAKE_TRAFFIC_SECRET}, {@code SERVER_HANDSHAKE_TRAFFIC_SECRET}, {@code CLIENT_TRAFFIC_SECRET_0},
 * {@code SERVER_TRAFFIC_SECRET_0}, {@code EXPORTER_SECRET}, {@code EARLY_EXPORTER_SECRET}. {@code RSA} lines (keyed
 * by encrypted pre-master secret, not by client random) and other upper-case labels from later specifications are
 * counted and skipped. Anything else (wrong number of fields, bad hex, wrong lengths) is a {@link KeyLogException}
 * naming the source and line. Size is bounded ({@link #MAX_BYTES}, {@link #MAX_LINE_LENGTH}, {@link #MAX_ENTRIES}).
 * An instance is immutable once parsed and may be shared by any number of {@link TlsDecryptor}s.
 */
public final class KeyLog
{
    /** Largest key log read: about 300 000 TLS 1.3 connections. */
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    /** Longest line accepted (the longest valid line is about 230 characters). */
    public static final int MAX_LINE_LENGTH = 1024;
    /** Most connections (distinct client randoms) held. */
    public static final int MAX_ENTRIES = 2_000_000;

    private static final int RANDOM_LENGTH = 32;
    private static final int MAX_SECRET_LENGTH = 64;
    private static final int MASTER_SECRET_LENGTH = 48;

    /** An empty key log: every connection stays encrypted. */
    public static final KeyLog EMPTY = new KeyLog(new HashMap<>(), 0, 0);

    private final Map<String, KeyLogEntry> entries;
    private final int lines;
    private final int skippedLines;

    private KeyLog(final Map<String, KeyLogEntry> entries, final int lines, final int skippedLines)
    {
        this.entries = entries;
        this.lines = lines;
        this.skippedLines = skippedLines;
    }

    /** Reads a key log file. */
    public static KeyLog read(final Path file) throws KeyLogException
    {
        final String name = file.toString();
        try
        {
            final long size = Files.size(file);
            if (size > MAX_BYTES)
            {
                throw new KeyLogException(name, 0, "key log larger than " + MAX_BYTES + " bytes (" + size + ")");
            }
            try (InputStream in = Files.newInputStream(file))
            {
                return parse(name, new InputStreamReader(in, StandardCharsets.US_ASCII));
            }
        }
        catch (final IOException ex)
        {
            throw new KeyLogException(name, "cannot read key log: " + ex.getMessage(), ex);
        }
    }

    /** Parses key log text held in memory; {@code name} is used in error messages. */
    public static KeyLog parse(final String name, final String text) throws KeyLogException
    {
        try
        {
            return parse(name, new StringReader(text));
        }
        catch (final IOException ex)
        {
            throw new KeyLogException(name, "cannot read key log: " + ex.getMessage(), ex);
        }
    }

    /** Parses key log text from a reader (not closed here); {@code name} is used in error messages. */
    public static KeyLog parse(final String name, final Reader reader) throws KeyLogException, IOException
    {
        final BufferedReader in = new BufferedReader(reader);
        final Map<String, KeyLogEntry> entries = new HashMap<>();
        final StringBuilder line = new StringBuilder(256);
        int lineNumber = 0;
        int skipped = 0;
        long total = 0;
        while (true)
        {
            line.setLength(0);
            int c;
            boolean sawAny = false;
            while ((c = in.read()) != -1)
            {
                sawAny = true;
                total++;
                if (total > MAX_BYTES)
                {
                    throw new KeyLogException(name, lineNumber + 1, "key log larger than " + MAX_BYTES + " bytes");
                }
                if (c == '\n')
                {
                    break;
                }
                if (line.length() >= MAX_LINE_LENGTH)
                {
                    throw new KeyLogException(name, lineNumber + 1, "line longer than " + MAX_LINE_LENGTH + " characters");
                }
                line.append((char)c);
            }
            if (!sawAny)
            {
                break;
            }
            lineNumber++;
            if (!parseLine(name, lineNumber, line, entries))
            {
                skipped++;
            }
            if (c == -1)
            {
                break;
            }
        }
        return new KeyLog(entries, lineNumber, skipped);
    }

    private static boolean parseLine(
        final String name, final int lineNumber, final StringBuilder raw, final Map<String, KeyLogEntry> entries)
        throws KeyLogException
    {
        final String line = raw.toString().trim();
        if (line.isEmpty() || line.charAt(0) == '#')
        {
            return true;
        }
        final String[] fields = line.split("[ \t]+");
        if (fields.length != 3)
        {
            throw new KeyLogException(name, lineNumber,
                "expected '<LABEL> <client_random> <secret>' (3 fields), found " + fields.length + " field(s)");
        }
        final String label = fields[0];
        if (!label.matches("[A-Z][A-Z0-9_]*"))
        {
            throw new KeyLogException(name, lineNumber, "bad label '" + abbreviate(label) + "'");
        }
        if ("RSA".equals(label))
        {
            hex(name, lineNumber, fields[1], "encrypted pre-master secret", 8, 8);
            hex(name, lineNumber, fields[2], "pre-master secret", 1, MAX_SECRET_LENGTH);
            return false;
        }
        final byte[] random = hex(name, lineNumber, fields[1], "client random", RANDOM_LENGTH, RANDOM_LENGTH);
        final boolean master = "CLIENT_RANDOM".equals(label);
        final byte[] secret = hex(name, lineNumber, fields[2], master ? "master secret" : "secret",
            master ? MASTER_SECRET_LENGTH : 16, master ? MASTER_SECRET_LENGTH : MAX_SECRET_LENGTH);
        final String key = fields[1].toLowerCase(java.util.Locale.ROOT);
        KeyLogEntry entry = entries.get(key);
        if (entry == null)
        {
            switch (label)
            {
                case "CLIENT_RANDOM":
                case "CLIENT_EARLY_TRAFFIC_SECRET":
                case "CLIENT_HANDSHAKE_TRAFFIC_SECRET":
                case "SERVER_HANDSHAKE_TRAFFIC_SECRET":
                case "CLIENT_TRAFFIC_SECRET_0":
                case "SERVER_TRAFFIC_SECRET_0":
                case "EXPORTER_SECRET":
                case "EARLY_EXPORTER_SECRET":
                    break;
                default:
                    return false;
            }
            if (entries.size() >= MAX_ENTRIES)
            {
                throw new KeyLogException(name, lineNumber, "more than " + MAX_ENTRIES + " connections in key log");
            }
            entry = new KeyLogEntry(random);
            entries.put(key, entry);
        }
        switch (label)
        {
            case "CLIENT_RANDOM": entry.masterSecret = secret; break;
            case "CLIENT_EARLY_TRAFFIC_SECRET": entry.clientEarlyTrafficSecret = secret; break;
            case "CLIENT_HANDSHAKE_TRAFFIC_SECRET": entry.clientHandshakeTrafficSecret = secret; break;
            case "SERVER_HANDSHAKE_TRAFFIC_SECRET": entry.serverHandshakeTrafficSecret = secret; break;
            case "CLIENT_TRAFFIC_SECRET_0": entry.clientTrafficSecret0 = secret; break;
            case "SERVER_TRAFFIC_SECRET_0": entry.serverTrafficSecret0 = secret; break;
            case "EXPORTER_SECRET": entry.exporterSecret = secret; break;
            case "EARLY_EXPORTER_SECRET": entry.earlyExporterSecret = secret; break;
            default: return false;
        }
        return true;
    }

    private static byte[] hex(
        final String name, final int lineNumber, final String text, final String what, final int min, final int max)
        throws KeyLogException
    {
        if ((text.length() & 1) != 0)
        {
            throw new KeyLogException(name, lineNumber, what + " has an odd number of hex digits");
        }
        final int n = text.length() / 2;
        if (n < min || n > max)
        {
            throw new KeyLogException(name, lineNumber, what + " must be " +
                (min == max ? min : min + ".." + max) + " bytes, found " + n);
        }
        final byte[] out = new byte[n];
        for (int i = 0; i < n; i++)
        {
            final int hi = Character.digit(text.charAt(2 * i), 16);
            final int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0)
            {
                throw new KeyLogException(name, lineNumber, what + " is not hex near '" +
                    abbreviate(text.substring(2 * i, 2 * i + 2)) + "'");
            }
            out[i] = (byte)((hi << 4) | lo);
        }
        return out;
    }

    private static String abbreviate(final String s)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++)
        {
            final char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? b + "..." : b.toString();
    }

    /** The entry for a ClientHello random, or null. */
    public KeyLogEntry find(final byte[] clientRandom)
    {
        if (clientRandom == null || clientRandom.length != RANDOM_LENGTH)
        {
            return null;
        }
        final char[] key = new char[2 * RANDOM_LENGTH];
        for (int i = 0; i < RANDOM_LENGTH; i++)
        {
            key[2 * i] = Character.forDigit((clientRandom[i] >> 4) & 0xf, 16);
            key[2 * i + 1] = Character.forDigit(clientRandom[i] & 0xf, 16);
        }
        return entries.get(new String(key));
    }

    /** The entry for the 32-byte ClientHello random at {@code offset}, or null. */
    public KeyLogEntry find(final DirectBuffer buffer, final int offset)
    {
        final byte[] random = new byte[RANDOM_LENGTH];
        buffer.getBytes(offset, random);
        return find(random);
    }

    /** Connections (distinct client randoms) with at least one secret. */
    public int size()
    {
        return entries.size();
    }

    /** Lines read, including comments and blank lines. */
    public int lines()
    {
        return lines;
    }

    /** Well-formed lines with a label not used here ({@code RSA}, labels of later specifications). */
    public int skippedLines()
    {
        return skippedLines;
    }
}
