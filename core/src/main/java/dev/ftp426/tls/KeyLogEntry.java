package dev.ftp426.tls;

/**
 * The secrets a key log holds for one TLS connection, found by its ClientHello random. A secret not logged is null.
 * Returned arrays are the log's own: callers must not modify them.
 */
public final class KeyLogEntry
{
    final byte[] clientRandom;
    byte[] masterSecret;
    byte[] clientEarlyTrafficSecret;
    byte[] clientHandshakeTrafficSecret;
    byte[] serverHandshakeTrafficSecret;
    byte[] clientTrafficSecret0;
    byte[] serverTrafficSecret0;
    byte[] exporterSecret;
    byte[] earlyExporterSecret;

    KeyLogEntry(final byte[] clientRandom)
    {
        this.clientRandom = clientRandom;
    }

    public byte[] clientRandom()
    {
        return clientRandom;
    }

    /** TLS 1.2 and older: the 48-byte master secret ({@code CLIENT_RANDOM} line). */
    public byte[] masterSecret()
    {
        return masterSecret;
    }

    public byte[] clientEarlyTrafficSecret()
    {
        return clientEarlyTrafficSecret;
    }

    public byte[] clientHandshakeTrafficSecret()
    {
        return clientHandshakeTrafficSecret;
    }

    public byte[] serverHandshakeTrafficSecret()
    {
        return serverHandshakeTrafficSecret;
    }

    public byte[] clientTrafficSecret0()
    {
        return clientTrafficSecret0;
    }

    public byte[] serverTrafficSecret0()
    {
        return serverTrafficSecret0;
    }

    public byte[] exporterSecret()
    {
        return exporterSecret;
    }

    public byte[] earlyExporterSecret()
    {
        return earlyExporterSecret;
    }

    /** True when the entry has what a TLS 1.3 connection needs for application data in at least one direction. */
    public boolean hasTls13TrafficSecrets()
    {
        return clientTrafficSecret0 != null || serverTrafficSecret0 != null;
    }
}
