package dev.ftp426.robustness;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded structure-aware mutations of capture files: bit flips, byte runs inserted or deleted, length fields set to
 * interesting values (found by {@link PcapRecords#lengthFields}), and splices of two captures. Deterministic per seed.
 */
public final class Mutator
{
    private static final int[] INTERESTING = {0, 1, 3, 4, 7, 8, 11, 12, 16, 0x7f, 0x80, 0xff, 0xffff, 0x10000,
        0x3ffff, 0x40000, 0x40001, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0, 0xffff_ffff};

    private final Random random;

    public Mutator(final long seed)
    {
        this.random = new Random(seed);
    }

    public Random random()
    {
        return random;
    }

    /** One to four mutations of {@code input}, or a splice with {@code other}. */
    public byte[] mutate(final byte[] input, final byte[] other)
    {
        byte[] bytes = input.clone();
        final int count = 1 + random.nextInt(4);
        for (int m = 0; m < count; m++)
        {
            switch (random.nextInt(6))
            {
                case 0 -> bytes = flipBits(bytes);
                case 1 -> bytes = insert(bytes);
                case 2 -> bytes = delete(bytes);
                case 3, 4 -> bytes = lengthField(bytes);
                default -> bytes = splice(bytes, other);
            }
        }
        return bytes;
    }

    private byte[] flipBits(final byte[] bytes)
    {
        if (bytes.length > 0)
        {
            for (int i = 1 + random.nextInt(8); i > 0; i--)
            {
                final int at = random.nextInt(bytes.length);
                bytes[at] ^= (byte)(1 << random.nextInt(8));
            }
        }
        return bytes;
    }

    private byte[] insert(final byte[] bytes)
    {
        final int at = random.nextInt(bytes.length + 1);
        final byte[] run = new byte[1 + random.nextInt(random.nextBoolean() ? 16 : 4096)];
        if (random.nextBoolean())
        {
            random.nextBytes(run);
        }
        else
        {
            Arrays.fill(run, (byte)random.nextInt(256));
        }
        final byte[] out = new byte[bytes.length + run.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(run, 0, out, at, run.length);
        System.arraycopy(bytes, at, out, at + run.length, bytes.length - at);
        return out;
    }

    private byte[] delete(final byte[] bytes)
    {
        if (bytes.length < 2)
        {
            return bytes;
        }
        final int at = random.nextInt(bytes.length);
        final int n = Math.min(bytes.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 4096));
        final byte[] out = new byte[bytes.length - n];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + n, out, at, bytes.length - at - n);
        return out;
    }

    private byte[] lengthField(final byte[] bytes)
    {
        final List<Integer> fields = PcapRecords.lengthFields(bytes);
        if (fields.isEmpty())
        {
            return flipBits(bytes);
        }
        final int at = fields.get(random.nextInt(fields.size()));
        if (at + 4 > bytes.length)
        {
            return bytes;
        }
        final boolean little = random.nextInt(4) != 0;
        final int old = PcapRecords.getInt(bytes, at, little);
        final int value = switch (random.nextInt(3))
        {
            case 0 -> INTERESTING[random.nextInt(INTERESTING.length)];
            case 1 -> old + random.nextInt(33) - 16;
            default -> old ^ (1 << random.nextInt(32));
        };
        PcapRecords.putInt(bytes, at, value, little);
        return bytes;
    }

    private byte[] splice(final byte[] bytes, final byte[] other)
    {
        final int cut = random.nextInt(bytes.length + 1);
        final int from = random.nextInt(other.length + 1);
        final int n = Math.min(other.length - from, random.nextInt(64 * 1024));
        final byte[] out = Arrays.copyOf(bytes, cut + n);
        System.arraycopy(other, from, out, cut, n);
        return out;
    }
}
