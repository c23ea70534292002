/**
 * Fills the attribution stage's input fact model from the TCP engine.
 * <p>
 * {@link dev.ftp426.pipeline.facts.DataFlowRecorder}: one per FTP data connection, hung on its
 * {@link dev.ftp426.tcp.TcpFlow}; fed every packet of the connection after the tracker processed it and the
 * tracker's analysis events; {@link dev.ftp426.pipeline.facts.DataFlowRecorder#snapshot} gives the
 * {@link dev.ftp426.attribution.DataFlowFacts} in FTP roles, while the connection is open or after it closed.
 * {@link dev.ftp426.pipeline.facts.CaptureContextBuilder} derives the {@link dev.ftp426.attribution.CaptureContext}
 * (link type, forwarded duplicates seen by the recorders, capture drops).
 * <p>
 * The meaning of each fact follows core/src/test/tools/corpus_facts.py, the tshark derivation the attribution rules
 * were built on, except where the tracker's Wireshark-style analysis knows better (retransmission kinds, duplicate
 * ACKs, capture gaps, RST window position, challenge ACKs, ICMP errors quoting the connection).
 */
package dev.ftp426.pipeline.facts;
