package dev.ftp426.attribution;

import java.util.Locale;

/** What kind of event a verdict is about. */
public enum IncidentKind
{
    REPLY_426,
    REPLY_421,
    REPLY_425,
    REPLY_450,
    /** 451, and the other local-condition codes 452 and 552. */
    REPLY_451,
    /** The data connection broke (RST, or the sender gave up) and no final reply was seen. */
    DATA_BROKEN_NO_REPLY,
    /** An upload answered 226 although the capture shows it was cut short. */
    UPLOAD_TRUNCATED_226;

    /** snake_case code. */
    public String code()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a failure reply code, or null for a code that does not make an incident. */
    public static IncidentKind ofReply(final int code)
    {
        switch (code)
        {
            case 426: return REPLY_426;
            case 421: return REPLY_421;
            case 425: return REPLY_425;
            case 450: return REPLY_450;
            case 451:
            case 452:
            case 552: return REPLY_451;
            default: return null;
        }
    }
}
