package dev.ftp426.capture.live;

/** What the capture thread does when a worker's ring is full. */
public enum BackPressure
{
    /** Drop the frame and count it (live capture: blocking would only move the loss into the kernel, unseen). */
    DROP,
    /** Wait for room (reading a file, where nothing is lost by waiting). */
    WAIT
}
