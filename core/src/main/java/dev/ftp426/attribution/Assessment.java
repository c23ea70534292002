package dev.ftp426.attribution;

import java.util.List;
import java.util.Optional;

/**
 * The outcome for one transfer: a verdict when it deserves one, and notes on things worth knowing that are not a
 * fault (e.g. heavy loss the transfer survived).
 *
 * @param verdict the verdict, if the transfer is an incident.
 * @param notes   remarks, possibly empty.
 */
public record Assessment(Optional<Verdict> verdict, List<String> notes)
{
    public Assessment
    {
        notes = List.copyOf(notes);
    }
}
