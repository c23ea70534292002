package dev.ftp426.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

/** Test listener keeping every decrypted byte and alert per direction. */
final class PlaintextRecorder implements TlsPlaintextListener
{
    final ByteArrayOutputStream[] plaintext = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    final List<long[]> chunks = new ArrayList<>();
    final List<long[]> alerts = new ArrayList<>();

    @Override
    public void onPlaintext(
        final int direction, final DirectBuffer buffer, final int offset, final int length, final long frame,
        final long tsNanos)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        plaintext[direction].writeBytes(bytes);
        chunks.add(new long[] {direction, frame, length});
    }

    @Override
    public void onAlert(final int direction, final int level, final int description, final long frame,
        final long tsNanos)
    {
        alerts.add(new long[] {direction, level, description, frame});
    }

    byte[] bytes(final int direction)
    {
        return plaintext[direction].toByteArray();
    }
}
