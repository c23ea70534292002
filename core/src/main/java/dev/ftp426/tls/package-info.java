/**
 * TLS under FTPS: the record layer of each TCP connection, and decryption with an NSS key log.
 * <p>
 * Once {@code AUTH TLS} is answered with 234, every later reply (the PASV port, the 426 itself) travels inside TLS
 * records, and with {@code PROT P} so do the data connections. This package sits between the TCP engine (which
 * delivers reassembled bytes per direction, with explicit gaps) and the FTP tracker (which parses plain control
 * streams). It depends on neither.
 *
 * <h2>Wiring, per TCP connection</h2>
 * <pre>{@code
 * KeyLog keyLog = KeyLog.read(path);                 // once; KeyLog.EMPTY without keys; KeyLogException on bad input
 * TlsConnection tls = new TlsConnection(keyLog, (direction, buffer, offset, length, frame, tsNanos) -> ...);
 * // or by hand: TlsFacts facts = new TlsFacts();
 * //             TlsRecordTracker tracker = new TlsRecordTracker(facts, new TlsDecryptor(keyLog, facts, listener));
 * tls.onData(direction, buffer, offset, length, frame, tsNanos);   // bytes from where TLS starts, in order
 * tls.onGap(direction, bytes, frame, tsNanos);                     // bytes the capture does not hold
 * tls.onFin(direction, frame, tsNanos);  tls.onRst(direction, frame, tsNanos);
 * TlsFacts facts = tls.facts();                                     // read at any time; reset() to pool
 * }</pre>
 * Directions are the TCP engine's: 0 from the initiator, 1 from the responder ({@code StreamListener} convention).
 * The TLS client is whichever side sent the ClientHello ({@link dev.ftp426.tls.TlsFacts#clientDirection()}): the
 * TCP responder on an active-mode (PORT) data connection. Where TLS starts is the caller's business: byte 0 of a
 * protected data connection (or of implicit FTPS on 990); on an explicit-FTPS control connection the client's bytes
 * after its {@code AUTH TLS} line and the server's bytes after its {@code 234} reply line (both TLS streams start in a
 * later segment in practice, since each side waits for the other). {@link dev.ftp426.tls.TlsRecordTracker#isPlausibleHeader}
 * helps to check.
 *
 * <h2>What is visible without keys</h2>
 * {@link dev.ftp426.tls.TlsFacts}: ClientHello (random, offered versions and suites, SNI), ServerHello (random,
 * suite, version incl. supported_versions, HelloRetryRequest), per direction record counts and bytes per outer
 * content type, first ChangeCipherSpec and application data frames, the last record before the close (type, length,
 * frame), the last alert record, plaintext alerts, how the direction ended (FIN/RST, frame, bytes of a record cut by
 * the close), gaps, lost records and synchronisation losses. In TLS 1.2 an encrypted close_notify is still an outer
 * alert record ({@link dev.ftp426.tls.TlsFacts#lastAlertRecordFrame}); in TLS 1.3 it is an application_data record
 * like any other (typically 19 bytes with AES-GCM), so only decryption can tell.
 *
 * <h2>With keys</h2>
 * {@link dev.ftp426.tls.TlsDecryptor} decrypts TLS 1.2 AEAD suites (AES-GCM, ChaCha20-Poly1305) and TLS 1.3
 * (0x1301..0x1303, KeyUpdate included) with the JDK's javax.crypto, hands application data to
 * {@link dev.ftp426.tls.TlsPlaintextListener#onPlaintext} (in stream order, per direction, tagged with the frame that
 * completed the record, which is the frame Wireshark shows for a decrypted FTP reply) and records decrypted alerts:
 * {@link dev.ftp426.tls.TlsFacts#closeNotifyFrame} per direction. Failures are counted, never thrown; a connection
 * whose client random is not in the key log stays encrypted ({@link dev.ftp426.tls.TlsFacts#keyStatus()},
 * {@link dev.ftp426.tls.TlsFacts#note()}).
 *
 * <h2>Bounds and allocation</h2>
 * Records are at most {@link dev.ftp426.tls.TlsRecordTracker#MAX_FRAGMENT_LENGTH} bytes (longer length fields lose
 * synchronisation instead of allocating); a record lying in one chunk is handed on in place, one spanning chunks is
 * copied into a per-direction buffer allocated on first need; hellos over
 * {@link dev.ftp426.tls.TlsRecordTracker#MAX_HELLO_LENGTH} are not parsed. The decryptor allocates its cipher, keys
 * and two record-sized scratch arrays once per connection that has keys; per record only the parameter object the
 * JCE requires. Key logs are bounded in bytes, line length and entries ({@link dev.ftp426.tls.KeyLog}). Instances are
 * not thread-safe; one connection is handled by one thread. A {@link dev.ftp426.tls.KeyLog} is immutable and shared.
 */
package dev.ftp426.tls;
