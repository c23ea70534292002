package dev.ftp426.pipeline;

/** Told every few thousand packets how far the analysis of an input got, for a progress display. */
public interface ProgressListener
{
    /**
     * @param inputPosition bytes of the input consumed (compressed bytes for gzip).
     * @param inputSize     size of the input, or -1 for a stream.
     */
    void onProgress(String input, long inputPosition, long inputSize, long packets, long verdicts);

    /** The input is done; a display should clear itself before results are printed. */
    void onFinished(String input);
}
