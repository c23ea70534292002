#!/usr/bin/env python3
"""Packet blaster for benchmarks/live-load.sh when tcpreplay is not installed: sends the frames of a classic pcap
file, as they are, out of one interface through an AF_PACKET socket, as fast as it can, bounded in packets, loops and
seconds. Prints one line: "blast: sent N packets (B bytes) in T s, F send failures".

Usage: live-blast.py --iface IFACE --pcap FILE [--loops N] [--limit N] [--seconds S] [--max-frames N]
Only ever used inside a private network namespace whose interface is one end of a veth pair.
"""
import argparse
import errno
import socket
import struct
import sys
import time

MAGICS = {b"\xd4\xc3\xb2\xa1": "<", b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">", b"\xa1\xb2\x3c\x4d": ">"}
MAX_FRAME = 65535


def load(path, max_frames):
    """The frames of a classic pcap (Ethernet), at most max_frames; bad records end the read."""
    frames = []
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24 or head[:4] not in MAGICS:
            raise SystemExit("live-blast: %s: not a classic pcap file" % path)
        endian = MAGICS[head[:4]]
        linktype = struct.unpack(endian + "I", head[20:24])[0]
        if linktype != 1:
            raise SystemExit("live-blast: %s: link type %d, only Ethernet (1) can be sent" % (path, linktype))
        while len(frames) < max_frames:
            rec = f.read(16)
            if len(rec) < 16:
                break
            incl = struct.unpack(endian + "I", rec[8:12])[0]
            if incl > MAX_FRAME:
                break
            data = f.read(incl)
            if len(data) < incl:
                break
            if incl >= 14:
                frames.append(data)
    return frames


def main():
    ap = argparse.ArgumentParser(description="send a pcap's frames out of an interface as fast as possible")
    ap.add_argument("--iface", required=True)
    ap.add_argument("--pcap", required=True)
    ap.add_argument("--loops", type=int, default=1, help="times through the file (default 1)")
    ap.add_argument("--limit", type=int, default=10_000_000, help="packets at most (default 10 000 000)")
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds at most (default 10)")
    ap.add_argument("--max-frames", type=int, default=2_000_000, help="frames loaded from the file at most")
    args = ap.parse_args()
    frames = load(args.pcap, args.max_frames)
    if not frames:
        raise SystemExit("live-blast: no frames in %s" % args.pcap)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((args.iface, 0))
    send = sock.send
    sent = failed = nbytes = 0
    start = time.monotonic()
    deadline = start + args.seconds
    done = False
    for _ in range(max(1, args.loops)):
        for i, frame in enumerate(frames):
            if sent + failed >= args.limit:
                done = True
                break
            if (i & 1023) == 0 and time.monotonic() >= deadline:
                done = True
                break
            try:
                send(frame)
                sent += 1
                nbytes += len(frame)
            except OSError as ex:
                if ex.errno not in (errno.ENOBUFS, errno.EAGAIN, errno.EMSGSIZE):
                    raise
                failed += 1
        if done:
            break
    elapsed = time.monotonic() - start
    sock.close()
    print("blast: sent %d packets (%d bytes) in %.3f s, %d send failures" % (sent, nbytes, elapsed, failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
