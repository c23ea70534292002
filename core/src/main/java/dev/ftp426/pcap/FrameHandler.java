package dev.ftp426.pcap;

/** Receives frames one at a time; the frame is only valid during the call. */
@FunctionalInterface
public interface FrameHandler
{
    void onFrame(Frame frame);
}
