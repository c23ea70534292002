/**
 * FTP control-channel parsing, session tracking and data-connection association.
 * <p>
 * {@link dev.ftp426.ftp.FtpTracker} is the entry point: the TCP stage tells it about every connection (open, close
 * with byte counts), and hands over the reassembled bytes of control connections per direction, with explicit gaps
 * and URG marks. It reports to an {@link dev.ftp426.ftp.FtpEventListener}: sessions, each command and reply (views,
 * for an optional {@code ftp} record), and one {@link dev.ftp426.ftp.FtpTransfer} per transfer once it is over.
 * <p>
 * Decisions worth knowing:
 * <ul>
 * <li><b>Frames.</b> A command or reply is dated by the segment that carried its first text byte; its last byte's
 * frame is kept too. For a reply this is the frame in which tshark shows the reply code (checked against tshark on
 * the whole corpus). Telnet IAC bytes before ABOR are dated separately ({@link dev.ftp426.ftp.FtpAbort}).</li>
 * <li><b>Replies</b> are matched to commands first in, first out (pipelining), 1xx not consuming the command.
 * Multi-line replies follow RFC 959 strictly, bounded by a line count and by a client that moved on (see
 * {@link dev.ftp426.ftp.FtpSession}). A few command-specific codes (227, 221, ...) resynchronise the queue.</li>
 * <li><b>Gaps.</b> The partial line before a gap is handed over flagged damaged; the first line after it is kept
 * only if it starts like a command or a reply; the session goes on. Transfers overlapping a gap say so.</li>
 * <li><b>Data connections.</b> A setup (227/229/228 reply, PORT/EPRT/LPRT command, or the RFC 959 default) creates
 * one expectation per session keyed by port, matched on the control connection's address of the listening party or
 * the announced one (NAT), then by the other party's address, then by port and timing only; a second setup
 * replaces the first; the first matching connection consumes it; it expires after a configurable lifetime. The data
 * connection belongs to the next transfer command after the setup (also when the command was pipelined before the
 * 227 arrived).</li>
 * <li><b>FTPS.</b> After 234 to AUTH, implicit TLS on 990, or a TLS record where text was expected, the session is
 * encrypted: nothing is guessed about commands, replies or ports. Data connections between the two parties soon
 * after control activity are reported as transfers with no command, flagged heuristic. TLS records are followed so
 * that clear text after CCC is read again.</li>
 * <li><b>Text.</b> Paths and reply texts are kept as bytes; {@link dev.ftp426.ftp.FtpText} decodes them without
 * loss (invalid UTF-8 bytes become U+DC80..U+DCFF).</li>
 * <li><b>Memory.</b> Lines are bounded ({@link dev.ftp426.ftp.FtpTrackerConfig#maxLineLength}), as are reply text,
 * block length, pending commands, sessions and expectations; every limit hit is counted in
 * {@link dev.ftp426.ftp.FtpCounters}. Feeding bytes allocates nothing; a session, an expectation or a transfer
 * record allocates when created.</li>
 * </ul>
 */
package dev.ftp426.ftp;
