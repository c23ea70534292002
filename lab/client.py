#!/usr/bin/env python3
"""Scripted FTP client for the scenario lab (python ftplib underneath).

Runs one RETR or STOR and misbehaves on purpose once a given number of data bytes has passed:

  none        clean transfer
  stall       stop reading the data connection for --stall-secs (small receive buffer, so the window closes)
  abor        RFC 959 abort: IAC IP, IAC DM (Telnet Synch, DM sent urgent), then ABOR; keeps draining the data
  abor_plain  python's FTP.abort() way: "ABOR" sent as urgent data without the Telnet IP/Synch prefix,
              then the data socket is closed
  close       close() the data socket while data is still arriving (FIN, then RSTs for the data in flight)
  reset       SO_LINGER {1, 0} then close(): the data connection is reset (RST)
  kill        stop reading, then SIGKILL itself: its kernel resets the data connection (unread data)
  killup      (STOR) SIGKILL itself mid-upload: its kernel still sends the queued bytes, then FIN
  rstup       (STOR) SO_LINGER {1, 0} then close() mid-upload: RST
  no_close_notify  (STOR, --tls) send every byte, then close() the TLS data socket without a TLS shutdown:
              FIN with no close_notify before it (what vsftpd's strict_ssl_read_eof=YES answers with 426)

--tls: explicit FTPS (AUTH TLS, PBSZ 0, PROT P: control and data connections encrypted), certificate not
verified, the TLS secrets of every connection written to --keylog (NSS key log format, via
ssl.SSLContext.keylog_filename), --tls-max 1.2 to cap the version (default: TLS 1.3 allowed). A clean transfer
ends the data connection's TLS with close_notify (unwrap()), as ftplib itself does.

Prints one JSON line (the client's own summary) on stdout; for kill/killup a "fired" line is printed
and flushed first, since the process dies.
"""
import argparse
import ftplib
import json
import os
import select
import signal
import socket
import ssl
import struct
import sys
import time

IAC = b"\xff"
IP = b"\xf4"
DM = b"\xf2"
FINAL_REPLY_WAIT_S = 15.0


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def tls_context(keylog, tls_max):
    """Client context for FTPS: no certificate check (the lab's certificate is self-signed), every secret logged."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if tls_max == "1.2":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    if keylog:
        ctx.keylog_filename = keylog
    return ctx


class LabFtp(ftplib.FTP_TLS):
    """ftplib.FTP (FTP_TLS when tls is set) with explicit PASV/EPSV/PORT/EPRT choice and a small receive buffer on
    the data socket."""

    def __init__(self, mode, rcvbuf, timeout, context=None):
        super().__init__(timeout=timeout, context=context)
        self.mode = mode
        self.rcvbuf = rcvbuf
        self.tls = context is not None

    def wrap_data(self, conn):
        """PROT P: the data connection's own TLS handshake (after the 150, as ftplib's FTP_TLS does)."""
        if not self.tls:
            return conn
        return self.context.wrap_socket(conn, server_hostname=self.host)

    def open_data(self, cmd):
        """Opens the data connection and sends cmd; returns the connected socket (the 150 reply is read)."""
        if self.mode in ("pasv", "epsv"):
            if self.mode == "epsv" or self.af == socket.AF_INET6:
                host, port = ftplib.parse229(self.sendcmd("EPSV"), self.sock.getpeername())
            else:
                host, port = ftplib.parse227(self.sendcmd("PASV"))
                host = self.sock.getpeername()[0]
            conn = socket.socket(self.af, socket.SOCK_STREAM)
            if self.rcvbuf:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.rcvbuf)
            conn.settimeout(self.timeout)
            conn.connect((host, port))
            resp = self.sendcmd(cmd)
            if resp[0] == "2":
                resp = self.getresp()
            if resp[0] != "1":
                raise ftplib.error_reply(resp)
            return self.wrap_data(conn), resp
        listener = socket.socket(self.af, socket.SOCK_STREAM)
        if self.rcvbuf:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.rcvbuf)
        listener.bind((self.sock.getsockname()[0], 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        host = self.sock.getsockname()[0]
        if self.mode == "eprt" or self.af == socket.AF_INET6:
            self.sendeprt(host, port)
        else:
            self.sendport(host, port)
        resp = self.sendcmd(cmd)
        if resp[0] == "2":
            resp = self.getresp()
        if resp[0] != "1":
            raise ftplib.error_reply(resp)
        listener.settimeout(self.timeout)
        conn, _ = listener.accept()
        listener.close()
        conn.settimeout(self.timeout)
        return self.wrap_data(conn), resp

    def control_readable(self, wait):
        """True when a reply is waiting on the control socket (nothing is read ahead between replies)."""
        if isinstance(self.sock, ssl.SSLSocket) and self.sock.pending():
            return True
        ready, _, _ = select.select([self.sock], [], [], wait)
        return bool(ready)


def read_replies(ftp, replies, wait_s):
    """Reads replies until a final (2xx-5xx) one, or until wait_s passes without one."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if not ftp.control_readable(max(0.0, min(1.0, deadline - time.monotonic()))):
            continue
        try:
            resp = ftp.getmultiline()
        except (EOFError, OSError) as exc:
            replies.append("<control closed: %s>" % exc.__class__.__name__)
            return False
        replies.append(resp)
        if resp[:1] in ("2", "3", "4", "5"):
            return True
    return False


def linger_reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def close_data(conn, result, tls_shutdown=True):
    """Closes the data socket; a TLS one with close_notify first (unwrap()) unless told otherwise."""
    if isinstance(conn, ssl.SSLSocket):
        if not tls_shutdown:
            result["data_tls_shutdown"] = "none (socket closed without close_notify)"
        else:
            try:
                conn.settimeout(5.0)
                conn = conn.unwrap()
                result["data_tls_shutdown"] = "close_notify"
            except (OSError, ValueError) as exc:
                result["data_tls_shutdown"] = "unwrap failed: %s" % exc
    conn.close()


def send_abor_rfc959(ftp):
    ftp.sock.sendall(IAC + IP + IAC)
    ftp.sock.sendall(DM, socket.MSG_OOB)
    ftp.sock.sendall(b"ABOR\r\n")


def download(ftp, args, result):
    conn, _ = ftp.open_data("RETR " + args.path)
    if isinstance(conn, ssl.SSLSocket):
        result["data_tls"] = conn.version()
    conn.settimeout(1.0)
    got = 0
    fired = False
    idle_since = time.monotonic()
    deadline = time.monotonic() + args.max_secs
    aborted = False
    with open(args.local, "wb") as out:
        while time.monotonic() < deadline:
            if not fired and args.action != "none" and got >= args.at:
                fired = True
                result["fired_at"] = got
                if args.action == "stall":
                    time.sleep(args.stall_secs)
                elif args.action == "abor":
                    send_abor_rfc959(ftp)
                    aborted = True
                elif args.action == "abor_plain":
                    ftp.sock.sendall(b"ABOR\r\n", socket.MSG_OOB)
                    conn.close()
                    conn = None
                    break
                elif args.action == "close":
                    conn.close()
                    conn = None
                    break
                elif args.action == "reset":
                    linger_reset(conn)
                    conn = None
                    break
                elif args.action == "kill":
                    result["bytes"] = got
                    emit({"fired": got})
                    os.kill(os.getpid(), signal.SIGKILL)
            try:
                data = conn.recv(65536 if args.action == "none" else 8192)
            except socket.timeout:
                if ftp.control_readable(0):
                    result["note"] = "reply arrived while the data connection was silent"
                    break
                if time.monotonic() - idle_since > args.idle_secs:
                    result["note"] = "data connection idle for %ss: client gives up" % args.idle_secs
                    break
                continue
            except OSError as exc:
                result["data_error"] = exc.__class__.__name__
                break
            if not data:
                break
            idle_since = time.monotonic()
            got += len(data)
            out.write(data)
    if conn is not None:
        close_data(conn, result, "data_error" not in result)
    result["bytes"] = got
    return aborted


def upload(ftp, args, result):
    conn, _ = ftp.open_data("STOR " + args.path)
    if isinstance(conn, ssl.SSLSocket):
        result["data_tls"] = conn.version()
    sent = 0
    chunk = 8192
    with open(args.local, "rb") as src:
        while True:
            if args.action not in ("none", "no_close_notify") and sent >= args.at:
                result["fired_at"] = sent
                if args.action == "killup":
                    result["bytes"] = sent
                    emit({"fired": sent})
                    os.kill(os.getpid(), signal.SIGKILL)
                elif args.action == "rstup":
                    linger_reset(conn)
                    conn = None
                    break
                elif args.action == "close":
                    conn.close()
                    conn = None
                    break
            data = src.read(chunk)
            if not data:
                if args.action == "no_close_notify":
                    result["fired_at"] = sent
                    close_data(conn, result, tls_shutdown=False)
                    conn = None
                break
            try:
                conn.sendall(data)
            except OSError as exc:
                result["data_error"] = exc.__class__.__name__
                break
            sent += len(data)
    if conn is not None:
        close_data(conn, result, "data_error" not in result)
    result["bytes"] = sent


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, default=21)
    ap.add_argument("--mode", choices=["pasv", "epsv", "port", "eprt"], default="pasv")
    ap.add_argument("--cmd", choices=["RETR", "STOR"], default="RETR")
    ap.add_argument("--path", required=True, help="remote path")
    ap.add_argument("--local", required=True, help="local file to write (RETR) or read (STOR)")
    ap.add_argument("--action", default="none",
                    choices=["none", "stall", "abor", "abor_plain", "close", "reset", "kill", "killup", "rstup",
                             "no_close_notify"])
    ap.add_argument("--at", type=int, default=0, help="data bytes after which the action fires")
    ap.add_argument("--stall-secs", type=float, default=13.0)
    ap.add_argument("--idle-secs", type=float, default=20.0, help="give up when the data connection is this idle")
    ap.add_argument("--max-secs", type=float, default=60.0, help="hard bound on the transfer loop")
    ap.add_argument("--timeout", type=float, default=20.0, help="socket timeout")
    ap.add_argument("--rcvbuf", type=int, default=0, help="SO_RCVBUF for the data socket (0: kernel default)")
    ap.add_argument("--tls", action="store_true", help="explicit FTPS: AUTH TLS, PBSZ 0, PROT P")
    ap.add_argument("--keylog", help="--tls: write the TLS secrets here (NSS key log format)")
    ap.add_argument("--tls-max", choices=["1.2", "1.3"], default="1.3", help="--tls: highest TLS version offered")
    args = ap.parse_args()
    if args.action == "no_close_notify" and not (args.tls and args.cmd == "STOR"):
        ap.error("no_close_notify needs --tls and STOR")

    start = time.monotonic()
    result = {"client": "python3-ftplib", "fault": args.action, "at": args.at, "replies": []}
    ctx = tls_context(args.keylog, args.tls_max) if args.tls else None
    ftp = LabFtp(args.mode, args.rcvbuf or (32768 if args.action in ("stall", "kill") else 0), args.timeout, ctx)
    exit_code = 0
    try:
        ftp.connect(args.host, args.port)
        ftp.login("anonymous", "lab@example.org", secure=args.tls)
        if args.tls:
            ftp.prot_p()
            result["control_tls"] = ftp.sock.version()
        ftp.voidcmd("TYPE I")
        if args.cmd == "RETR":
            download(ftp, args, result)
        else:
            upload(ftp, args, result)
        # After ABOR a server answers twice (426 then 226); otherwise once.
        read_replies(ftp, result["replies"], FINAL_REPLY_WAIT_S)
        if args.action in ("abor", "abor_plain"):
            read_replies(ftp, result["replies"], 3.0)
    except (ftplib.Error, OSError, EOFError) as exc:
        result["error"] = "%s: %s" % (exc.__class__.__name__, str(exc).strip())
        exit_code = 1
    result["elapsed"] = round(time.monotonic() - start, 3)
    try:
        ftp.sock.settimeout(3.0)
        result["quit"] = ftp.quit()
    except Exception as exc:  # the server may be gone: the summary is what matters
        result["quit"] = "<%s>" % exc.__class__.__name__
        ftp.close()
    emit(result)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
