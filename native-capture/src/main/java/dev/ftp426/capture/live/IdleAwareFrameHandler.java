package dev.ftp426.capture.live;

import dev.ftp426.pcap.FrameHandler;

/**
 * A frame handler that is also told when its ring is empty, on its own worker thread. A live analysis needs it to
 * let time pass on a quiet link: its clock otherwise moves only with packet time stamps, so whatever waits for time
 * (a closed connection's linger, a transfer's last reply) would wait for the next packet.
 */
public interface IdleAwareFrameHandler extends FrameHandler
{
    /** The ring was empty at the last poll; called often (up to every idle poll), so keep it cheap or rate-limit it. */
    void onIdle();
}
