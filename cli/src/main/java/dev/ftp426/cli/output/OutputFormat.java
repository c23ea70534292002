package dev.ftp426.cli.output;

/** The {@code --format} choices. */
public enum OutputFormat
{
    /** A report for a person: a table of transfers and a paragraph per verdict. */
    human,
    /** JSON Lines: one record per line (transfer, verdict, summary). */
    jsonl,
    /** One JSON document holding every record. */
    json
}
