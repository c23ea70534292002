package dev.ftp426.attribution;

/**
 * An IP address (textual, as a report prints it) and a TCP port.
 *
 * @param ip   address in its usual text form.
 * @param port TCP port, 0..65535.
 */
public record Endpoint(String ip, int port)
{
    @Override
    public String toString()
    {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
