package dev.ftp426.tls;

import org.agrona.DirectBuffer;

/**
 * The usual wiring for one TCP connection: a {@link TlsRecordTracker} feeding a {@link TlsDecryptor}, sharing one
 * {@link TlsFacts}. Poolable: {@link #reset()} readies it for another connection (the key log and listener stay).
 */
public final class TlsConnection
{
    private final TlsFacts facts = new TlsFacts();
    private final TlsDecryptor decryptor;
    private final TlsRecordTracker tracker;

    /**
     * @param keyLog   secrets ({@link KeyLog#EMPTY} to follow the record layer only).
     * @param listener receives decrypted application data and alerts.
     */
    public TlsConnection(final KeyLog keyLog, final TlsPlaintextListener listener)
    {
        decryptor = new TlsDecryptor(keyLog, facts, listener);
        tracker = new TlsRecordTracker(facts, decryptor);
    }

    public TlsFacts facts()
    {
        return facts;
    }

    public TlsRecordTracker tracker()
    {
        return tracker;
    }

    public TlsDecryptor decryptor()
    {
        return decryptor;
    }

    /** See {@link TlsRecordTracker#onData}. */
    public void onData(
        final int direction, final DirectBuffer buffer, final int offset, final int length, final long frame,
        final long tsNanos)
    {
        tracker.onData(direction, buffer, offset, length, frame, tsNanos);
    }

    /** See {@link TlsRecordTracker#onGap}. */
    public void onGap(final int direction, final long bytes, final long frame, final long tsNanos)
    {
        tracker.onGap(direction, bytes, frame, tsNanos);
    }

    public void onFin(final int direction, final long frame, final long tsNanos)
    {
        tracker.onFin(direction, frame, tsNanos);
    }

    public void onRst(final int direction, final long frame, final long tsNanos)
    {
        tracker.onRst(direction, frame, tsNanos);
    }

    /** Clears facts and state for reuse on another connection. */
    public void reset()
    {
        tracker.reset();
        decryptor.reset();
    }
}
