package dev.ftp426.ftp;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * FTP command verbs packed into an int (up to four upper-case ASCII letters), so a command is recognised without
 * building a string. Verbs are case-insensitive (RFC 959 5.3).
 */
public final class FtpVerbs
{
    public static final int NONE = 0;

    public static final int USER = pack("USER");
    public static final int PASS = pack("PASS");
    public static final int ACCT = pack("ACCT");
    public static final int QUIT = pack("QUIT");
    public static final int PORT = pack("PORT");
    public static final int PASV = pack("PASV");
    public static final int EPRT = pack("EPRT");
    public static final int EPSV = pack("EPSV");
    public static final int LPRT = pack("LPRT");
    public static final int LPSV = pack("LPSV");
    public static final int SPSV = pack("SPSV");
    public static final int TYPE = pack("TYPE");
    public static final int MODE = pack("MODE");
    public static final int REST = pack("REST");
    public static final int RETR = pack("RETR");
    public static final int STOR = pack("STOR");
    public static final int STOU = pack("STOU");
    public static final int APPE = pack("APPE");
    public static final int LIST = pack("LIST");
    public static final int NLST = pack("NLST");
    public static final int MLSD = pack("MLSD");
    public static final int ABOR = pack("ABOR");
    public static final int SIZE = pack("SIZE");
    public static final int AUTH = pack("AUTH");
    public static final int FEAT = pack("FEAT");
    public static final int SYST = pack("SYST");
    public static final int OPTS = pack("OPTS");
    public static final int HOST = pack("HOST");
    public static final int CLNT = pack("CLNT");
    public static final int PBSZ = pack("PBSZ");
    public static final int PROT = pack("PROT");
    public static final int CCC = pack("CCC");
    public static final int REIN = pack("REIN");
    public static final int RNFR = pack("RNFR");
    public static final int MDTM = pack("MDTM");
    public static final int STAT = pack("STAT");
    public static final int ENC = pack("ENC");
    public static final int MIC = pack("MIC");
    public static final int CONF = pack("CONF");

    private static final String[] KNOWN = {
        "USER", "PASS", "ACCT", "CWD", "CDUP", "SMNT", "QUIT", "REIN", "PORT", "PASV", "TYPE", "STRU", "MODE",
        "RETR", "STOR", "STOU", "APPE", "ALLO", "REST", "RNFR", "RNTO", "ABOR", "DELE", "RMD", "MKD", "PWD", "LIST",
        "NLST", "SITE", "SYST", "STAT", "HELP", "NOOP", "FEAT", "OPTS", "AUTH", "PBSZ", "PROT", "CCC", "ADAT", "MIC",
        "CONF", "ENC", "EPRT", "EPSV", "LPRT", "LPSV", "SPSV", "SIZE", "MDTM", "MLSD", "MLST", "LANG", "HOST", "CLNT",
        "XCWD", "XCUP", "XMKD", "XRMD", "XPWD", "MFMT", "MFCT", "MFF", "AVBL", "CSID", "DSIZ", "HASH", "RANG", "XCRC",
        "XMD5", "XSHA", "XSHA1", "MODZ"};

    private static final Int2ObjectHashMap<String> NAMES = new Int2ObjectHashMap<>();

    static
    {
        for (final String verb : KNOWN)
        {
            if (verb.length() <= 4)
            {
                NAMES.put(pack(verb), verb);
            }
        }
    }

    private FtpVerbs()
    {
    }

    /** Packs a verb of 1..4 ASCII letters, upper-cased; anything else gives {@link #NONE}. */
    public static int pack(final CharSequence verb)
    {
        if (verb.length() == 0 || verb.length() > 4)
        {
            return NONE;
        }
        int packed = 0;
        for (int i = 0; i < verb.length(); i++)
        {
            final char c = verb.charAt(i);
            if (!isLetter(c))
            {
                return NONE;
            }
            packed = (packed << 8) | (c & 0xdf);
        }
        return packed;
    }

    /** Packs the verb at the start of a line ending at the first space; {@link #NONE} if not 1..4 letters. */
    public static int pack(final DirectBuffer buffer, final int offset, final int length)
    {
        int packed = 0;
        int i = 0;
        while (i < length)
        {
            final byte c = buffer.getByte(offset + i);
            if (c == ' ')
            {
                break;
            }
            if (i == 4 || !isLetter((char)c))
            {
                return NONE;
            }
            packed = (packed << 8) | (c & 0xdf);
            i++;
        }
        return packed;
    }

    /** Canonical upper-case name of a known verb, or null. */
    public static String name(final int packed)
    {
        return NAMES.get(packed);
    }

    public static boolean isKnown(final int packed)
    {
        return packed != NONE && NAMES.containsKey(packed);
    }

    /** RETR, STOR, APPE, STOU, LIST, NLST, MLSD: the commands that use a data connection. */
    public static boolean isTransfer(final int packed)
    {
        return packed == RETR || packed == STOR || packed == APPE || packed == STOU || packed == LIST ||
            packed == NLST || packed == MLSD;
    }

    /** Commands a client plausibly sends first on a fresh control connection (used to confirm FTP on odd ports). */
    public static boolean isOpeningCommand(final int packed)
    {
        return packed == USER || packed == AUTH || packed == FEAT || packed == SYST || packed == OPTS ||
            packed == HOST || packed == CLNT || packed == ACCT;
    }

    private static boolean isLetter(final char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
