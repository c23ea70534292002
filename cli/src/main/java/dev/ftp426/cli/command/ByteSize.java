package dev.ftp426.cli.command;

import picocli.CommandLine;

import java.util.Locale;

/** A byte count written as a number with an optional binary suffix: 65536, 64k, 512m, 2g. */
final class ByteSize implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(final String value)
    {
        final String text = value.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        int end = text.length();
        if (end > 0)
        {
            switch (text.charAt(end - 1))
            {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> end++;
            }
            end--;
        }
        final long number;
        try
        {
            number = Long.parseLong(text.substring(0, end));
        }
        catch (final NumberFormatException e)
        {
            throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a size (a whole number, optionally with k, m or g)");
        }
        if (number <= 0 || number > (Long.MAX_VALUE >> shift))
        {
            throw new CommandLine.TypeConversionException("'" + value + "' is out of range: give a positive size");
        }
        return number << shift;
    }
}
