package dev.ftp426.capture.pcap;

import dev.ftp426.capture.pcap.Bindings.LibPcap;

/**
 * A compiled BPF program ({@code struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }}, 16 bytes on LP64).
 * Closing it calls {@code pcap_freecode}.
 */
public final class BpfProgram implements AutoCloseable
{
    private final LibPcap lib;
    private final NativeMemory program = new NativeMemory(16);
    private boolean compiled;
    private boolean closed;

    BpfProgram(final LibPcap lib)
    {
        this.lib = lib;
    }

    long address()
    {
        if (closed)
        {
            throw new IllegalStateException("BPF program is closed");
        }
        return program.address();
    }

    void compiled()
    {
        compiled = true;
    }

    /** Number of BPF instructions. */
    public int instructionCount()
    {
        return program.buffer().getInt(0);
    }

    public void close()
    {
        closed = true;
        if (compiled)
        {
            compiled = false;
            lib.pcap_freecode(program.address());
            program.buffer().setMemory(0, 16, (byte)0);
        }
    }
}
