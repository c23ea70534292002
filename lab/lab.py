#!/usr/bin/env python3
"""FTP 426 scenario lab: real servers and clients in network namespaces, faults made on purpose,
captures at the client, the router and the server, and a truth.json per scenario.

Usage: lab.py [--smoke|--full] [--out DIR] [--only REGEX] [--jobs N] [--list]
"""
import argparse
import atexit
import concurrent.futures
import datetime
import json
import os
import random
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback

import netns
import scenarios as S

LAB_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(LAB_DIR)
BUILD_DIR = os.environ.get("LAB_BUILD", os.path.join(LAB_DIR, "build"))
CONF_DIR = os.path.join(LAB_DIR, "conf")
PASV_MIN, PASV_MAX = 40000, 40999
REMOTE_FILE = "/pub/data-1048576.bin"
UPLOAD_PATH = "incoming/data-1048576.bin"
VANTAGES = ("client", "router", "server")
FAIL_CODES = set(S.FAIL)

_procs = []
_procs_lock = threading.Lock()
_stopping = threading.Event()


# ------------------------------------------------------------------------------------------------- processes
def spawn(cmd, **kw):
    """Starts a process in its own process group and remembers it, so every exit path can end it."""
    proc = subprocess.Popen(cmd, start_new_session=True, **kw)
    with _procs_lock:
        _procs.append(proc)
    return proc


def stop(proc, sig=signal.SIGTERM, wait=5.0):
    """Ends one process (and its group) that this lab started; bounded wait, then SIGKILL."""
    if proc is None:
        return None
    if proc.poll() is None:
        for s in (signal.SIGCONT, sig):
            try:
                os.killpg(proc.pid, s)
            except ProcessLookupError:
                pass
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(5)
    with _procs_lock:
        if proc in _procs:
            _procs.remove(proc)
    return proc.returncode


def cleanup_all():
    with _procs_lock:
        procs = list(_procs)
    for proc in procs:
        try:
            stop(proc, signal.SIGKILL, 2)
        except Exception:
            pass
    netns.teardown_all()


def on_signal(signum, _frame):
    _stopping.set()
    raise KeyboardInterrupt("signal %d" % signum)


# ------------------------------------------------------------------------------------------------- versions
def _first_line(cmd):
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (res.stdout or res.stderr).strip().splitlines()[0]
    except Exception:
        return "unknown"


def deb_version(pkg):
    res = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    if res.returncode == 0 and res.stdout:
        return res.stdout
    debs = [f for f in os.listdir(os.path.join(BUILD_DIR, "debs")) if f.startswith(pkg + "_")] \
        if os.path.isdir(os.path.join(BUILD_DIR, "debs")) else []
    return debs[0].split("_")[1] if debs else "unknown"


def server_info(name):
    pkg = {"vsftpd": "vsftpd", "proftpd": "proftpd-core", "pureftpd": "pure-ftpd"}[name]
    return {"name": name if name != "pureftpd" else "pure-ftpd", "version": deb_version(pkg)}


def client_info(name):
    if name == "ftplib":
        return {"name": "ftplib", "version": "python %s" % sys.version.split()[0]}
    if name == "lftp":
        m = re.search(r"Version ([\d.]+)", _first_line(["lftp", "--version"]))
        return {"name": "lftp", "version": m.group(1) if m else "unknown"}
    m = re.search(r"curl ([\d.]+)", _first_line(["curl", "--version"]))
    return {"name": "curl", "version": m.group(1) if m else "unknown"}


# ------------------------------------------------------------------------------------------------- pcap + tshark
def pcap_info(path):
    """(link type, packet count) of a classic pcap file, read directly."""
    try:
        with open(path, "rb") as f:
            head = f.read(24)
            if len(head) < 24:
                return None, 0
            magic = head[:4]
            endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
            linktype = struct.unpack(endian + "I", head[20:24])[0]
            count = 0
            while True:
                rec = f.read(16)
                if len(rec) < 16:
                    break
                incl = struct.unpack(endian + "I", rec[8:12])[0]
                f.seek(incl, 1)
                count += 1
            return linktype, count
    except OSError:
        return None, 0


TSHARK_FIELDS = ["frame.number", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport",
                 "ip.ttl", "ipv6.hlim", "tcp.flags.reset", "ftp.response.code", "ftp.response.arg",
                 "ftp.request.command", "ftp.request.arg"]
AGG = "\x1f"


def tshark_read(path, control_port, keylog=None):
    """Replies, commands and data-connection resets in one capture, as tshark decodes them (FTPS: decrypted with
    the key log when one is given)."""
    cmd = ["tshark", "-n", "-r", path, "-d", "tcp.port==%d,ftp" % control_port] + (
        ["-o", "tls.keylog_file:" + keylog] if keylog else []) + [
        "-Y", "ftp || (tcp.flags.reset == 1 && !(tcp.port == %d))" % control_port,
           "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=" + AGG]
    for f in TSHARK_FIELDS:
        cmd += ["-e", f]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, errors="replace")
    replies, commands, resets = [], [], []
    for line in res.stdout.splitlines():
        cols = line.split("\t")
        cols += [""] * (len(TSHARK_FIELDS) - len(cols))
        row = dict(zip(TSHARK_FIELDS, cols))
        frame = int(row["frame.number"])
        sport = int(row["tcp.srcport"].split(AGG)[0] or 0)
        dport = int(row["tcp.dstport"].split(AGG)[0] or 0)
        if row["ftp.response.code"]:
            codes = row["ftp.response.code"].split(AGG)
            args = row["ftp.response.arg"].split(AGG)
            for i, code in enumerate(codes):
                replies.append([frame, code, args[i] if i < len(args) else ""])
        if row["ftp.request.command"]:
            cmds = row["ftp.request.command"].split(AGG)
            args = row["ftp.request.arg"].split(AGG)
            for i, c in enumerate(cmds):
                commands.append([frame, c, args[i] if i < len(args) else ""])
        if row["tcp.flags.reset"] in ("1", "True") and control_port not in (sport, dport):
            v6 = bool(row["ipv6.src"])
            ttl = row["ipv6.hlim"] if v6 else row["ip.ttl"]
            resets.append({"frame": frame, "src": (row["ipv6.src"] or row["ip.src"]).split(AGG)[0], "sport": sport,
                           "dst": (row["ipv6.dst"] or row["ip.dst"]).split(AGG)[0], "dport": dport,
                           "ttl": int(ttl.split(AGG)[0]) if ttl else None})
    if res.returncode != 0 and not res.stdout:
        raise RuntimeError("tshark failed on %s: %s" % (path, res.stderr.strip()))
    return replies, commands, resets


TLS_VERSIONS = {"0x0304": "TLSv1.3", "0x0303": "TLSv1.2", "0x0302": "TLSv1.1", "0x0301": "TLSv1"}


def tshark_tls(path, control_port):
    """TLS version negotiated on the control connection (its ServerHello: supported_versions, else the legacy
    version) and the number of TLS connections (TCP streams with a ServerHello) in one capture, read without keys."""
    cmd = ["tshark", "-n", "-r", path, "-d", "tcp.port==%d,ftp" % control_port, "-Y", "tls.handshake.type == 2",
           "-T", "fields", "-E", "occurrence=f", "-e", "tcp.srcport", "-e", "tls.handshake.version",
           "-e", "tls.handshake.extensions.supported_version", "-e", "tcp.stream"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, errors="replace")
    control, first, streams = None, None, set()
    for line in res.stdout.splitlines():
        cols = (line.split("\t") + ["", "", "", ""])[:4]
        streams.add(cols[3])
        version = TLS_VERSIONS.get(cols[2] or cols[1], cols[2] or cols[1])
        first = first or version
        if cols[0] == str(control_port) and control is None:
            control = version
    return control or first, len(streams)


def vsftpd_log_codes(path):
    """Reply codes in vsftpd's protocol log (log_ftp_protocol=YES), in order: what the server really answered."""
    codes = []
    try:
        with open(path, errors="replace") as f:
            for line in f:
                m = re.search(r'FTP response: Client "[^"]*", "(\d{3})[ -]', line)
                if m:
                    codes.append(m.group(1))
    except OSError:
        pass
    return codes


def keylog_labels(path):
    """{label: count} of an NSS key log (CLIENT_RANDOM for TLS 1.2, *_TRAFFIC_SECRET_* for TLS 1.3)."""
    labels = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and not line.startswith("#"):
                    labels[parts[0]] = labels.get(parts[0], 0) + 1
    except OSError:
        pass
    return labels


# ------------------------------------------------------------------------------------------------- live capture
class LiveCapture:
    """--live-capture: run `ftp426 capture -i IFACE -w V-live.pcap --format jsonl -o V-live.jsonl` at these vantages
    beside tcpdump (router: -i any), stopped with one SIGINT or SIGTERM at the end of the scenario."""

    def __init__(self, vantages, command, sig=signal.SIGINT, start_secs=30.0, stop_secs=30.0, linger_secs=0.0):
        self.linger_secs = linger_secs  # extra wait before the stop, for records that are due only after a while
        self.vantages = list(vantages)
        self.command = list(command)
        self.signal = sig
        self.start_secs = start_secs
        self.stop_secs = stop_secs


def default_ftp426_command():
    return ["java", "-jar", os.path.join(REPO_DIR, "cli", "target", "ftp426.jar")]


_STAT_LINES = {
    "packets captured": "captured", "packets received by filter": "received",
    "packets dropped by kernel": "kernel_drops", "packets dropped by interface": "interface_drops",
    "packets dropped by the analysis ring": "ring_drops", "packets truncated by the snapshot length": "truncated",
}


def live_records(path):
    """Records by type in a jsonl report (a last line still being written is not counted)."""
    counts = {}
    try:
        with open(path) as f:
            for line in f:
                if not line.endswith("\n"):
                    break
                try:
                    kind = json.loads(line).get("type")
                except ValueError:
                    continue
                counts[kind] = counts.get(kind, 0) + 1
    except OSError:
        pass
    return counts


def live_statistics(stderr):
    """The statistics `ftp426 capture` prints on stderr when it stops ("1,234 packets captured", ...)."""
    stats = {}
    for line in stderr.splitlines():
        m = re.match(r"^([\d,]+) (packets .*)$", line.strip())
        if m and m.group(2) in _STAT_LINES:
            stats[_STAT_LINES[m.group(2)]] = int(m.group(1).replace(",", ""))
    return stats


# ------------------------------------------------------------------------------------------------- run one
class CaseRun:
    """One scenario: topology, server, captures, client, fault, truth."""

    def __init__(self, sc, out_dir, seed, live=None):
        self.sc = sc
        self.live = live  # LiveCapture settings (--live-capture), or None
        self.dir = os.path.join(out_dir, sc.case)
        self.rng = random.Random("%s/%d" % (sc.case, seed))
        self.work = None
        self.topo = None
        self.server = None
        self.client = None
        self.dumps = {}
        self.lives = {}
        self.live_results = None
        self.stopped_pids = []
        self.fault_fired = None
        self.fired_at = None
        self.events = []

    # -- helpers
    def log(self, msg):
        self.events.append("%.2f %s" % (time.monotonic() - self.t0, msg))

    @property
    def server_addr(self):
        return netns.SERVER6 if self.sc.ipv6 else netns.SERVER4

    @property
    def client_addr(self):
        return netns.CLIENT6 if self.sc.ipv6 else netns.CLIENT4

    def url_host(self):
        return "[%s]" % self.server_addr if self.sc.ipv6 else self.server_addr

    def at_bytes(self):
        kind = self.sc.fault["kind"]
        if kind in ("none", "router_loss"):
            return None
        return self.rng.randint(300000, 520000)

    # -- files
    def prepare(self):
        os.makedirs(self.dir, exist_ok=True)
        self.work = "/tmp/%s%d-%s" % (netns.PREFIX, os.getpid(), self.sc.case)
        shutil.rmtree(self.work, ignore_errors=True)
        root = os.path.join(self.work, "root")
        for d in ("root/pub", "root/incoming", "logs", "run", "client"):
            os.makedirs(os.path.join(self.work, d))
        os.chmod(self.work, 0o755)
        data = random.Random(426).randbytes(S.FILE_SIZE)
        with open(os.path.join(root, "pub", "data-1048576.bin"), "wb") as f:
            f.write(data)
        with open(os.path.join(self.work, "client", "data-1048576.bin"), "wb") as f:
            f.write(data)
        for p in (root, os.path.join(root, "pub")):
            os.chmod(p, 0o755)
        os.chmod(os.path.join(root, "pub", "data-1048576.bin"), 0o644)
        shutil.chown(os.path.join(root, "incoming"), "ftp", "ftp")
        os.chmod(os.path.join(root, "incoming"), 0o755)
        os.makedirs("/var/run/vsftpd/empty", exist_ok=True)
        self.root = root
        self.keylog = os.path.join(self.dir, "keylog.txt")
        if os.path.exists(self.keylog):
            os.remove(self.keylog)
        if self.sc.tls:
            self.make_certificate()

    def make_certificate(self):
        """FTPS: a fresh self-signed certificate and key for this run only, in the run's temporary directory (gone
        with it; never in the output)."""
        tls_dir = os.path.join(self.work, "tls")
        os.makedirs(tls_dir, mode=0o700)
        self.cert = os.path.join(tls_dir, "cert.pem")
        self.cert_key = os.path.join(tls_dir, "key.pem")
        netns.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                   "/CN=ftp.lab.example", "-keyout", self.cert_key, "-out", self.cert])

    def fill(self, template, extra):
        values = {
            "PORT": str(self.sc.control_port), "ROOT": self.root, "LOGDIR": os.path.join(self.work, "logs"),
            "RUNDIR": os.path.join(self.work, "run"), "RATE": str(S.RATE), "RATE_KB": "%.4f" % (S.RATE / 1024.0),
            "RATE_KB_INT": str(S.RATE // 1024), "DATA_TIMEOUT": str(S.DATA_TIMEOUT), "PASV_MIN": str(PASV_MIN),
            "PASV_MAX": str(PASV_MAX), "ADDR": self.server_addr,
        }
        values.update(extra)
        with open(os.path.join(CONF_DIR, template)) as f:
            text = f.read()
        return re.sub(r"@([A-Z0-9_]+)@", lambda m: values.get(m.group(1), m.group(0)), text)

    # -- server
    def start_server(self):
        name = self.sc.server
        run_dir = os.path.join(self.work, "run")
        if name == "vsftpd":
            conf = self.fill("vsftpd.conf.in", {
                "LISTEN4": "NO" if self.sc.ipv6 else "YES", "LISTEN6": "YES" if self.sc.ipv6 else "NO",
                "LISTEN_ADDRESS": ("listen_address6=" if self.sc.ipv6 else "listen_address=") + self.server_addr})
            path = os.path.join(run_dir, "vsftpd.conf")
            cmd = [shutil.which("vsftpd") or "/usr/sbin/vsftpd", path]
        elif name == "proftpd":
            conf = self.fill("proftpd.conf.in", {"USEIPV6": "on" if self.sc.ipv6 else "off"})
            path = os.path.join(run_dir, "proftpd.conf")
            cmd = [os.path.join(BUILD_DIR, "root/proftpd/usr/sbin/proftpd"), "-n", "-q", "-c", path]
        else:
            conf = self.fill("pure-ftpd.args.in", {"BIND": "%s,%d" % (self.server_addr, self.sc.control_port)})
            path = os.path.join(run_dir, "pure-ftpd.args")
            args = [ln.strip() for ln in conf.splitlines() if ln.strip() and not ln.startswith("#")]
            argv = []
            for a in args:
                argv += a.split(" ", 1)
            home = subprocess.run(["getent", "passwd", "ftp"], capture_output=True, text=True).stdout.split(":")[5]
            binary = os.path.join(BUILD_DIR, "root/pure-ftpd/usr/sbin/pure-ftpd")
            # `ip netns exec` runs the shell in a private mount namespace: the bind mount stays inside it.
            cmd = ["sh", "-c", 'mount --bind "$1" "$2" && shift 2 && exec "$@"', "sh", self.root, home, binary] + argv
        if name == "vsftpd":
            # Scenario-specific settings override the template's (FTPS settings first, the scenario's last).
            for key, value in list(self.tls_conf().items()) + list(self.sc.server_conf.items()):
                conf = re.sub(r"(?m)^%s=.*$" % re.escape(key), "", conf) + "%s=%s\n" % (key, value)
        elif name == "proftpd":
            for key, value in self.sc.server_conf.items():
                conf += "%s %s\n" % (key, value)
        with open(path, "w") as f:
            f.write(conf)
        if not os.path.exists(cmd[0]) and name != "pureftpd":
            raise RuntimeError("%s missing: run lab/install-deps.sh" % cmd[0])
        self.server_log = open(os.path.join(self.work, "logs", "server-stdout.txt"), "w")
        self.server = spawn(self.topo.ns(self.topo.server, *cmd), stdout=self.server_log,
                            stderr=subprocess.STDOUT)
        self.log("server %s started (pid %d)" % (name, self.server.pid))
        self.wait_listening()

    def tls_conf(self):
        """vsftpd's FTPS settings: explicit TLS required of the anonymous user on control and data connections.
        vsftpd 3.0.3 has no per-version switch above TLS 1.0 (ssl_tlsv1 allows every TLS version OpenSSL offers),
        so the TLS version is chosen by the client's maximum."""
        if not self.sc.tls:
            return {}
        if self.sc.server != "vsftpd":
            raise RuntimeError("FTPS scenarios run on vsftpd only")
        return {"ssl_enable": "YES", "allow_anon_ssl": "YES", "force_anon_logins_ssl": "YES",
                "force_anon_data_ssl": "YES", "ssl_tlsv1": "YES", "ssl_sslv2": "NO", "ssl_sslv3": "NO",
                "ssl_ciphers": "HIGH", "rsa_cert_file": self.cert, "rsa_private_key_file": self.cert_key,
                "require_ssl_reuse": "NO", "strict_ssl_read_eof": "YES", "debug_ssl": "YES"}

    def wait_listening(self):
        deadline = time.monotonic() + 10
        pattern = ":%d " % self.sc.control_port
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError("server exited at start (rc %s), see %s" % (self.server.returncode,
                                                                              self.server_log.name))
            res = netns.run(self.topo.ns(self.topo.server, "ss", "-Hltn"), check=False)
            if pattern in res.stdout + " ":
                return
            time.sleep(0.05)
        raise RuntimeError("server not listening on port %d" % self.sc.control_port)

    def server_session_pids(self):
        """The server's session processes: every descendant of the listening process."""
        return netns.descendants(self.server.pid)

    # -- captures
    def start_captures(self):
        for vantage, ns, dev in (("client", self.topo.client, "eth0"), ("router", self.topo.router, "any"),
                                 ("server", self.topo.server, "eth0")):
            path = os.path.join(self.dir, vantage + ".pcap")
            cmd = ["tcpdump", "-i", dev, "-U", "-s", "0", "-n", "-Z", "root", "-w", path]
            if dev == "any":
                cmd[3:3] = ["-y", "LINUX_SLL"]
            err = open(os.path.join(self.work, "tcpdump-%s.txt" % vantage), "w+")
            self.dumps[vantage] = spawn(self.topo.ns(ns, *cmd), stdout=subprocess.DEVNULL, stderr=err)
            self.dumps[vantage].errfile = err
        deadline = time.monotonic() + 10
        for vantage, proc in self.dumps.items():
            while True:
                with open(proc.errfile.name) as f:
                    if "listening on" in f.read():
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("tcpdump at %s did not start: %s" % (vantage, open(proc.errfile.name).read()))
                time.sleep(0.05)
        self.log("captures running")

    def stop_captures(self):
        for proc in self.dumps.values():
            stop(proc, signal.SIGINT, 5)
            proc.errfile.close()
        self.stop_live_captures()

    # -- live captures by ftp426 itself (--live-capture), beside tcpdump
    def start_live_captures(self):
        """Starts `ftp426 capture` at each chosen vantage, on the interface tcpdump records, and waits (bounded) until
        each one says it is listening."""
        if not self.live:
            return
        for vantage in self.live.vantages:
            ns = {"client": self.topo.client, "router": self.topo.router, "server": self.topo.server}[vantage]
            dev = "any" if vantage == "router" else "eth0"
            base = os.path.join(self.dir, vantage + "-live")
            cmd = self.live.command + ["capture", "-i", dev, "-w", base + ".pcap", "--format", "jsonl",
                                       "-o", base + ".jsonl"]
            err = open(base + "-stderr.txt", "w+")
            self.lives[vantage] = spawn(self.topo.ns(ns, *cmd), stdout=subprocess.DEVNULL, stderr=err)
            self.lives[vantage].errfile = err
            self.lives[vantage].cmd = cmd
        deadline = time.monotonic() + self.live.start_secs
        for vantage, proc in self.lives.items():
            while True:
                with open(proc.errfile.name) as f:
                    text = f.read()
                if "listening on" in text:
                    break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("ftp426 capture at %s did not start (rc %s): %s" % (
                        vantage, proc.poll(), text.strip()))
                time.sleep(0.05)
        self.log("live captures running at %s" % ",".join(self.lives))

    def stop_live_captures(self):
        """Stops every `ftp426 capture` with the live signal (SIGINT by default) and waits, bounded, for its
        statistics; records exit status and what it printed."""
        if not self.lives or self.live_results is not None:
            return
        results = {}
        if self.live.linger_secs > 0 and not _stopping.is_set():
            time.sleep(self.live.linger_secs)
        # What each one had already written while running (verdicts are flushed as they happen).
        before = {}
        for vantage in self.lives:
            before[vantage] = live_records(os.path.join(self.dir, vantage + "-live.jsonl"))
        # One signal each, all at once (a second SIGINT after the clean stop began would end the JVM at once).
        for proc in self.lives.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, self.live.signal)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + self.live.stop_secs
        for vantage, proc in self.lives.items():
            try:
                rc = proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log("ftp426 capture at %s still running %ss after the signal: killed" % (
                    vantage, self.live.stop_secs))
                rc = stop(proc, signal.SIGKILL, 5)
            with _procs_lock:
                if proc in _procs:
                    _procs.remove(proc)
            proc.errfile.close()
            with open(proc.errfile.name) as f:
                stderr = f.read()
            results[vantage] = {"pcap": vantage + "-live.pcap", "jsonl": vantage + "-live.jsonl",
                                "stderr": vantage + "-live-stderr.txt", "exit": rc,
                                "signal": signal.Signals(self.live.signal).name,
                                "command": " ".join(proc.cmd), "statistics": live_statistics(stderr),
                                "records_before_stop": before[vantage]}
        self.live_results = results
        self.log("live captures stopped: %s" % {v: r["exit"] for v, r in results.items()})

    # -- faults
    def nft(self, ns, script):
        res = subprocess.run(self.topo.ns(ns, "nft", "-f", "-"), input=script, capture_output=True, text=True,
                             timeout=10)
        if res.returncode != 0:
            raise RuntimeError("nft failed: %s\n%s" % (res.stderr, script))

    def install_rules(self, at):
        """Router: a counter of data-connection bytes (every TCP flow that is not the control connection),
        plus the fault rule if the fault lives in the router; server: its firewall rule if any."""
        cp = self.sc.control_port
        data = "meta l4proto tcp tcp sport != %d tcp dport != %d" % (cp, cp)
        kind = self.sc.fault["kind"]
        fault_rule = ""
        if kind == "router_reset":
            fault_rule = "%s ct bytes > %d reject with tcp reset" % (data, at)
        elif kind == "router_drop":
            fault_rule = "%s ct bytes > %d drop" % (data, at)
        elif kind == "router_loss":
            fault_rule = "%s ct bytes > 65536 numgen random mod 100 < %d drop" % (data, self.sc.fault["loss_pct"])
        script = ("table inet lab {\n counter databytes { }\n counter faulted { }\n"
                  " chain data_forward {\n  type filter hook forward priority 0; policy accept;\n"
                  "  %s counter name databytes\n" % data)
        if fault_rule:
            script += "  %s\n" % fault_rule.replace(" reject", " counter name faulted reject").replace(
                " drop", " counter name faulted drop")
        script += " }\n}\n"
        self.nft(self.topo.router, script)
        if kind == "server_firewall_reset":
            # The reset the rule makes is addressed to the server's own socket and passes the OUTPUT hook too:
            # RSTs are exempt, so it reaches the socket (ECONNRESET), and the server stack's later RSTs reach the
            # wire.
            self.nft(self.topo.server, "table inet lab {\n counter faulted { }\n chain data_output {\n"
                     "  type filter hook output priority 0; policy accept;\n"
                     "  %s tcp flags & rst == 0 ct bytes > %d counter name faulted reject with tcp reset\n"
                     " }\n}\n" % (data, at))
        self.rules = script

    def counter(self, ns, name):
        res = subprocess.run(self.topo.ns(ns, "nft", "-j", "list", "counter", "inet", "lab", name),
                             capture_output=True, text=True, timeout=10)
        try:
            for item in json.loads(res.stdout)["nftables"]:
                if "counter" in item:
                    return item["counter"]["packets"], item["counter"]["bytes"]
        except (ValueError, KeyError):
            pass
        return 0, 0

    def trigger_loop(self, at, deadline):
        """Harness-side faults: fire once the router has forwarded `at` data-connection bytes."""
        kind = self.sc.fault["kind"]
        while time.monotonic() < deadline and not _stopping.is_set():
            if self.client.poll() is not None:
                return
            _, nbytes = self.counter(self.topo.router, "databytes")
            if nbytes >= at:
                self.fired_at = nbytes
                self.fault_fired = True
                if kind == "client_kill_ext":
                    os.killpg(self.client.pid, signal.SIGKILL)
                    self.log("client SIGKILLed at %d bytes" % nbytes)
                elif kind == "server_abort":
                    cp = self.sc.control_port
                    res = netns.run(self.topo.ns(self.topo.server, "ss", "-K", "-tn",
                                                 "( sport != :%d and dport != :%d )" % (cp, cp)), check=False)
                    self.log("ss -K at %d bytes: %s" % (nbytes, res.stdout.strip().replace("\n", " | ")))
                elif kind == "server_stall":
                    self.stopped_pids = self.server_session_pids()
                    for pid in self.stopped_pids:
                        os.kill(pid, signal.SIGSTOP)
                    self.log("SIGSTOP %s at %d bytes" % (self.stopped_pids, nbytes))
                    timer = threading.Timer(self.sc.fault["stall_secs"], self.resume_server)
                    timer.daemon = True
                    timer.start()
                return
            time.sleep(0.05)

    def resume_server(self):
        for pid in self.stopped_pids:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        if self.stopped_pids:
            self.log("SIGCONT %s" % self.stopped_pids)
        self.stopped_pids = []

    # -- client
    def client_cmd(self, at):
        sc = self.sc
        local = os.path.join(self.work, "client", "data-1048576.bin" if sc.command == "STOR" else "download.bin")
        self.local = local
        if sc.client == "ftplib":
            cmd = ["python3", os.path.join(LAB_DIR, "client.py"), "--host", self.server_addr, "--port",
                   str(sc.control_port), "--mode", sc.mode.lower(), "--cmd", sc.command,
                   "--path", REMOTE_FILE if sc.command == "RETR" else UPLOAD_PATH, "--local", local,
                   "--idle-secs", str(sc.client_opts.get("idle_secs", 20)), "--max-secs", str(sc.timeout - 5)]
            action = sc.fault.get("client_action")
            if action:
                cmd += ["--action", action, "--at", str(at)]
                if "stall_secs" in sc.fault:
                    cmd += ["--stall-secs", str(sc.fault["stall_secs"])]
            if sc.tls:
                cmd += ["--tls", "--keylog", self.keylog, "--tls-max", sc.tls]
            return cmd
        if sc.client == "lftp":
            passive = sc.mode in ("PASV", "EPSV")
            if sc.tls:
                # GnuTLS writes the secrets named by SSLKEYLOGFILE; a priority string without TLS 1.3 caps it.
                tls = ["set ftp:ssl-allow yes", "set ftp:ssl-force true", "set ftp:ssl-protect-data true",
                       "set ssl:verify-certificate no"]
                if sc.tls == "1.2":
                    tls.append("set ssl:priority NORMAL:-VERS-TLS1.3")
            else:
                tls = ["set ftp:ssl-allow no"]
            script = ["set cmd:fail-exit yes"] + tls + ["set net:max-retries 3",
                      "set net:reconnect-interval-base 1",
                      "set net:reconnect-interval-max 2", "set net:timeout 6", "set net:persist-retries 0",
                      "set ftp:passive-mode %s" % ("on" if passive else "off"),
                      "set ftp:prefer-epsv %s" % ("yes" if sc.mode in ("EPSV", "EPRT") else "no"),
                      "set xfer:clobber on",
                      "open -u anonymous,lab@example.org -p %d %s" % (sc.control_port, self.url_host())]
            if sc.command == "RETR":
                script.append("get %s -o %s" % (REMOTE_FILE, local))
            else:
                script.append("put %s -o %s" % (local, UPLOAD_PATH))
            return self.keylog_env(["lftp", "-c", "; ".join(script)])
        url = "ftp://%s:%d%s" % (self.url_host(), sc.control_port,
                                 REMOTE_FILE if sc.command == "RETR" else "/" + UPLOAD_PATH)
        cmd = ["curl", "-sS", "--speed-time", "4", "--speed-limit", "1000", "--max-time", str(sc.timeout - 5),
               "--user", "anonymous:lab@example.org"]
        if sc.mode == "PASV":
            cmd.append("--disable-epsv")
        elif sc.mode in ("PORT", "EPRT"):
            cmd += ["-P", "-"] + (["--disable-eprt"] if sc.mode == "PORT" else [])
        if sc.tls:
            cmd += ["--ssl-reqd", "-k"] + (["--tls-max", "1.2"] if sc.tls == "1.2" else [])
        if sc.command == "RETR":
            cmd += ["-o", local, url]
        else:
            cmd += ["-T", local, url]
        return self.keylog_env(cmd)

    def keylog_env(self, cmd):
        """FTPS with lftp or curl: the TLS library writes the secrets to the file SSLKEYLOGFILE names."""
        return ["env", "SSLKEYLOGFILE=" + self.keylog] + cmd if self.sc.tls else cmd

    def run_client(self, at):
        cmd = self.client_cmd(at)
        self.client_out_path = os.path.join(self.dir, "client-output.txt")
        out = open(self.client_out_path, "w")
        out.write("$ %s\n" % " ".join(cmd))
        out.flush()
        t_start = time.monotonic()
        self.client = spawn(self.topo.ns(self.topo.client, *cmd), stdout=out, stderr=subprocess.STDOUT)
        self.log("client started: %s" % self.sc.client)
        deadline = t_start + self.sc.timeout
        trig = None
        if self.sc.fault["kind"] in ("client_kill_ext", "server_abort", "server_stall"):
            trig = threading.Thread(target=self.trigger_loop, args=(at, deadline), daemon=True)
            trig.start()
        try:
            self.client.wait(max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.log("client still running after %ss: killed" % self.sc.timeout)
            self.client_timed_out = True
        rc = stop(self.client, signal.SIGKILL, 2)
        if trig:
            trig.join(5)
        out.close()
        self.client_exit = rc
        self.log("client exited rc=%s" % rc)

    # -- the whole case
    def run(self):
        try:
            return self._run()
        finally:
            if self.work:
                shutil.rmtree(self.work, ignore_errors=True)

    def _run(self):
        self.t0 = time.monotonic()
        self.client_timed_out = False
        if _stopping.is_set():
            raise RuntimeError("stopping")
        self.prepare()
        self.topo = netns.Topology(S.TCP_RETRIES2)
        try:
            self.topo.build()
            for key, value in self.sc.server_sysctls.items():
                self.topo.sh(self.topo.server, "sysctl", "-qw", "%s=%s" % (key, value))
            self.ttl = {}
            for role, ns in (("client", self.topo.client), ("router", self.topo.router), ("server", self.topo.server)):
                self.ttl[role] = int(self.topo.sh(ns, "sysctl", "-n", "net.ipv4.ip_default_ttl").stdout.strip())
            self.log("namespaces %s" % " ".join(self.topo.names))
            at = self.at_bytes()
            self.install_rules(at)
            self.start_server()
            self.start_captures()
            self.start_live_captures()
            self.run_client(at)
            if self.stopped_pids:
                # Server stall: the server resumes (SIGCONT timer) after the client gave up; bounded wait.
                end = time.monotonic() + self.sc.fault["stall_secs"] + 1
                while self.stopped_pids and time.monotonic() < end:
                    time.sleep(0.1)
            # Bounded: trailing replies and resets reach all three captures.
            time.sleep(self.sc.post_secs)
            self.resume_server()
            self.fault_counters = {"router": self.counter(self.topo.router, "faulted")}
            if self.sc.fault["kind"] == "server_firewall_reset":
                self.fault_counters["server"] = self.counter(self.topo.server, "faulted")
            self.data_counter = self.counter(self.topo.router, "databytes")
            self.delivered = self.bytes_delivered()
            stop(self.server, signal.SIGTERM, 3)
            self.stop_captures()
            self.server_log.close()
        finally:
            self.resume_server()
            for proc in [self.client, self.server] + list(self.dumps.values()) + list(self.lives.values()):
                if proc is not None:
                    stop(proc, signal.SIGKILL, 2)
            self.topo.teardown()
            self.copy_logs()
        truth = self.truth(at)
        with open(os.path.join(self.dir, "truth.json"), "w") as f:
            json.dump(truth, f, indent=1)
        return truth

    def bytes_delivered(self):
        path = self.local if self.sc.command == "RETR" else os.path.join(self.root, UPLOAD_PATH)
        return os.path.getsize(path) if os.path.exists(path) else 0

    def copy_logs(self):
        logs = os.path.join(self.work, "logs")
        self.server_logs = []
        for name in sorted(os.listdir(logs)) if os.path.isdir(logs) else []:
            shutil.copy(os.path.join(logs, name), os.path.join(self.dir, name))
            self.server_logs.append(name)
        with open(os.path.join(self.dir, "lab-events.txt"), "w") as f:
            f.write("\n".join(self.events) + "\n")
            f.write("\n# nft rules (router)\n" + getattr(self, "rules", ""))

    # -- truth
    def client_result(self):
        result = None
        try:
            with open(self.client_out_path) as f:
                for line in f:
                    line = line.strip()
                    if line.startswith("{"):
                        try:
                            obj = json.loads(line)
                        except ValueError:
                            continue
                        if "client" in obj:
                            result = obj
                        elif "fired" in obj and result is None:
                            result = {"client": "python3-ftplib", "fault": self.sc.fault.get("client_action"),
                                      "fired_at": obj["fired"], "bytes": obj["fired"], "killed": True}
        except OSError:
            pass
        return result

    def truth(self, at):
        sc = self.sc
        tls = self.tls_facts() if sc.tls else None
        keylog = self.keylog if tls and tls["keylog_present"] else None
        per = {}
        for v in VANTAGES:
            per[v] = tshark_read(os.path.join(self.dir, v + ".pcap"), sc.control_port, keylog)
        replies, commands, _ = per["server"]
        codes = [r[1] for r in replies]
        frames_426 = {v: [r[0] for r in per[v][0] if r[1] == "426"] for v in VANTAGES}
        data_resets = {v: per[v][2] for v in VANTAGES}
        has_426 = any(frames_426[v] for v in VANTAGES)
        if tls is not None:
            without = {v: [r[1] for r in tshark_read(os.path.join(self.dir, v + ".pcap"), sc.control_port)[0]]
                       for v in VANTAGES} if keylog else {v: [r[1] for r in per[v][0]] for v in VANTAGES}
            tls["reply_codes_without_keys_per_vantage"] = without
            tls["reply_codes_server_log"] = vsftpd_log_codes(os.path.join(self.dir, "server-vsftpd.log"))
            # tshark (4.0) switches the control connection to TLS after "AUTH TLS" only; curl says "AUTH SSL"
            # first. Then the capture's own codes cannot be read back: the server's protocol log tells them.
            tls["tshark_decrypts"] = bool(keylog) and len(codes) > len(without["server"])
            if keylog and not tls["tshark_decrypts"] and tls["reply_codes_server_log"]:
                codes = tls["reply_codes_server_log"]
                has_426 = "426" in codes
        failed_codes = [c for c in codes if c in FAIL_CODES]
        completed = bool({"226", "250"} & set(codes)) and not failed_codes and self.delivered == S.FILE_SIZE
        result = self.client_result()
        kind = sc.fault["kind"]
        if kind in ("router_reset", "router_drop", "server_firewall_reset"):
            pkts = sum(c[0] for c in self.fault_counters.values())
            fired = pkts > 0
        elif kind == "router_loss":
            fired = self.fault_counters["router"][0] > 0
        elif kind == "client_internal":
            fired = bool(result and result.get("fired_at") is not None)
        elif kind == "none":
            fired = None
        else:
            fired = bool(self.fault_fired)
        if result and result.get("fired_at") is not None:
            self.fired_at = result["fired_at"]
        expectation_met = all(c in codes for c in sc.expect_codes) and not any(c in codes for c in sc.forbid_codes)

        party, cause, scenario_cause, visible = sc.party, sc.cause, sc.scenario_cause, sc.visible
        note = sc.note
        if sc.intends_failure:
            if not fired or (completed and visible):
                party, cause, scenario_cause = "none", "none", "fault_had_no_effect"
                note += " The fault had no effect: %s." % ("its trigger was never reached" if not fired else
                                                          "the transfer completed")
            elif not visible and self.delivered == S.FILE_SIZE:
                party, cause, scenario_cause = "none", "none", "fault_had_no_effect"
                note += " The fault had no effect: every byte arrived."
        elif failed_codes:
            # A negative control that failed anyway: label what happened, never what was hoped for.
            if kind == "router_loss":
                party, cause, scenario_cause = "network", "network_heavy_loss", "path_heavy_loss"
                note += " The loss broke the transfer (%s)." % ",".join(failed_codes)
            else:
                note += " UNEXPECTED failure codes %s: cause unknown, label kept." % ",".join(failed_codes)
        info = {v: pcap_info(os.path.join(self.dir, v + ".pcap")) for v in VANTAGES}
        fault = dict(sc.fault)
        if at is not None:
            fault["at_bytes"] = at
        truth = {
            "has_426": has_426, "transfer_completed": completed, "party": party, "cause": cause,
            "expectation": " ".join(sc.expect_codes + ["!" + c for c in sc.forbid_codes]),
            "expectation_met": expectation_met,
            "expected_codes": sc.expect_codes, "forbidden_codes": sc.forbid_codes,
            "verdict_426": {"party": party, "cause": cause} if has_426 else None,
            "case": sc.case, "scenario": sc.scenario, "split": "lab",
            "server": server_info(sc.server), "client": client_info(sc.client),
            "mode": sc.mode, "data_connection": "passive" if sc.mode in ("PASV", "EPSV") else "active",
            "command": sc.command, "ipv6": sc.ipv6, "client_addr": self.client_addr, "server_addr": self.server_addr,
            "control_port": sc.control_port, "data_bytes_expected": S.FILE_SIZE,
            "data_bytes_delivered": self.delivered, "server_rate_limit_bytes_per_s": S.RATE,
            "server_data_timeout_s": S.DATA_TIMEOUT,
            "server_tcp_retries2": int(sc.server_sysctls.get("net.ipv4.tcp_retries2", S.TCP_RETRIES2)),
            "server_sysctls": sc.server_sysctls, "server_conf": sc.server_conf,
            "ttl": self.ttl,
            "reply_codes": codes, "replies_server_vantage": replies, "commands_server_vantage": commands,
            "reply_codes_per_vantage": {v: [r[1] for r in per[v][0]] for v in VANTAGES},
            "frames_426": frames_426, "data_resets": data_resets,
            "packets": {v: info[v][1] for v in VANTAGES},
            "fault": fault, "fault_fired": fired, "fault_fired_at_bytes": self.fired_at,
            "client_exit": self.client_exit, "client_timed_out": self.client_timed_out, "client_result": result,
            "files": {"pcaps": {v: v + ".pcap" for v in VANTAGES}, "capture_format": "pcap",
                      "linktypes": {v: info[v][0] for v in VANTAGES}, "server_logs": self.server_logs,
                      "client_output": "client-output.txt", "events": "lab-events.txt"},
            "note": note, "generated_s": round(time.monotonic() - self.t0, 1), "scenario_cause": scenario_cause,
            "visible_in_capture": visible,
        }
        if tls is not None:
            # The dev corpus's FTPS fields, and the same facts grouped under "tls".
            without = tls["reply_codes_without_keys_per_vantage"]
            truth.update({"ftps": True, "tls_version": tls["version"], "tls_handshakes": tls["handshakes"],
                          "reply_codes_without_keys": without["server"],
                          "server_strict_ssl_read_eof": tls["strict_ssl_read_eof"], "tls": tls})
            if keylog:
                truth["keylog"] = "keylog.txt"
                truth["files"]["keylog"] = "keylog.txt"
            else:
                truth["note"] += (" No TLS key log came out of the client (%s): the case is judged from TCP evidence "
                                  "only." % tls["keylog_method"])
            if keylog and not tls["tshark_decrypts"]:
                truth["note"] += (" tshark does not decrypt this session (the client said AUTH SSL, tshark switches to "
                                  "TLS after AUTH TLS only): reply_codes come from the server's protocol log, "
                                  "reply_codes_per_vantage from the capture as tshark reads it.")
        if sc.wire_equivalent_causes and party == sc.party:
            truth["wire_equivalent_causes"] = sc.wire_equivalent_causes
        if self.live_results is not None:
            truth["live_capture"] = self.live_results
        return truth

    def tls_facts(self):
        """FTPS facts of a run: negotiated version, handshakes, whether the client's key log came out and covers
        every handshake."""
        version, hellos = tshark_tls(os.path.join(self.dir, "server.pcap"), self.sc.control_port)
        labels = keylog_labels(self.keylog)
        if os.path.exists(self.keylog) and not labels:
            os.remove(self.keylog)  # an empty file is no key log
        # One secret line per connection: CLIENT_RANDOM (TLS 1.2) or CLIENT_TRAFFIC_SECRET_0 (TLS 1.3).
        connections = labels.get("CLIENT_TRAFFIC_SECRET_0", 0) + labels.get("CLIENT_RANDOM", 0)
        conf = dict(self.tls_conf())
        conf.update(self.sc.server_conf)
        return {"version": version, "client_max_version": "TLSv" + self.sc.tls, "handshakes": hellos,
                "keylog_present": bool(labels), "keylog": "keylog.txt" if labels else None,
                "keylog_method": S.KEYLOG_CLIENTS.get(self.sc.client, "none"), "keylog_labels": labels,
                "keylog_connections": connections, "keylog_covers_handshakes": bool(labels) and connections >= hellos,
                "strict_ssl_read_eof": conf.get("strict_ssl_read_eof") == "YES",
                "server_tls_settings": {k: v for k, v in conf.items() if "file" not in k}}


# ------------------------------------------------------------------------------------------------- main
def select(args):
    scs = S.all_scenarios()
    if args.smoke:
        scs = [s for s in scs if s.smoke]
    if args.only:
        rx = re.compile(args.only)
        scs = [s for s in scs if rx.search(s.case)]
    return scs


def table(rows):
    head = "%-58s %-8s %-22s %-7s %-5s | %-16s %-16s %-16s" % (
        "scenario", "party", "cause", "expect", "time", "client", "router", "server")
    lines = [head, "-" * len(head)]
    for r in rows:
        t = r.get("truth")
        if t is None:
            lines.append("%-58s ERROR %s" % (r["case"], r["error"]))
            continue
        cells = []
        for v in VANTAGES:
            cells.append("426x%d rst%d %dp" % (len(t["frames_426"][v]), len(t["data_resets"][v]), t["packets"][v]))
        lines.append("%-58s %-8s %-22s %-7s %4.0fs | %-16s %-16s %-16s" % (
            t["case"], t["party"], t["cause"], "ok" if t["expectation_met"] else "MISSED", t["generated_s"], *cells))
        lines.append("%-58s   codes: %s" % ("", " ".join(t["reply_codes"])))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description="FTP 426 scenario lab")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--smoke", action="store_true", help="the handful of smoke scenarios (default)")
    g.add_argument("--full", action="store_true", help="every scenario")
    ap.add_argument("--out", help="output directory (default <repo>/lab-out/<timestamp>)")
    ap.add_argument("--only", help="regular expression on case names")
    ap.add_argument("--jobs", type=int, default=2, help="scenarios run in parallel (each has its own namespaces)")
    ap.add_argument("--seed", type=int, default=0, help="seed for the fault trigger points")
    ap.add_argument("--list", action="store_true", help="list the selected scenarios and exit")
    ap.add_argument("--live-capture", metavar="VANTAGES",
                    help="also run `ftp426 capture` at these vantages (comma-separated: client,router,server) beside "
                         "tcpdump; writes <vantage>-live.pcap, -live.jsonl, -live-stderr.txt")
    ap.add_argument("--ftp426", metavar="CMD",
                    help="command that runs ftp426 for --live-capture, split like a shell does (default: java -jar "
                         "cli/target/ftp426.jar)")
    ap.add_argument("--live-signal", choices=("INT", "TERM"), default="INT",
                    help="signal that stops the live captures (default INT)")
    ap.add_argument("--live-linger", type=float, default=0.0, metavar="SECS",
                    help="keep the live captures running SECS more (at most 60) after tcpdump stopped, so that what "
                         "they report while running can be told from what they report when stopped")
    args = ap.parse_args()
    if not args.full and not args.smoke and not args.only:
        args.smoke = True
    scs = select(args)
    if args.list:
        for s in scs:
            print("%-58s %-8s %-22s %s" % (s.case, s.party, s.cause, "smoke" if s.smoke else ""))
        return 0
    if os.geteuid() != 0:
        print("lab.py: needs root (network namespaces, tcpdump, nft)", file=sys.stderr)
        return 2
    for name in netns.stale_namespaces():
        netns.kill_namespace(name)
    out = args.out or os.path.join(REPO_DIR, "lab-out", datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ"))
    os.makedirs(out, exist_ok=True)
    atexit.register(cleanup_all)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    t0 = time.monotonic()
    rows = []
    live = None
    if args.live_capture:
        vantages = [v.strip() for v in args.live_capture.split(",") if v.strip()]
        bad = [v for v in vantages if v not in VANTAGES]
        if bad or not vantages:
            print("lab.py: --live-capture takes client, router, server; got %s" % args.live_capture, file=sys.stderr)
            return 2
        command = shlex.split(args.ftp426) if args.ftp426 else default_ftp426_command()
        live = LiveCapture(vantages, command, signal.SIGINT if args.live_signal == "INT" else signal.SIGTERM,
                           linger_secs=max(0.0, min(60.0, args.live_linger)))

    def one(sc):
        if _stopping.is_set():
            return {"case": sc.case, "error": "not run (stopping)"}
        try:
            truth = CaseRun(sc, out, args.seed, live).run()
            return {"case": sc.case, "truth": truth}
        except Exception as exc:
            with open(os.path.join(out, sc.case + ".error.txt"), "w") as f:
                f.write(traceback.format_exc())
            return {"case": sc.case, "error": "%s: %s" % (exc.__class__.__name__, str(exc).splitlines()[0]
                                                          if str(exc) else "")}

    print("lab: %d scenario(s) -> %s" % (len(scs), out), flush=True)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        futures = {pool.submit(one, sc): sc for sc in scs}
        for fut in concurrent.futures.as_completed(futures):
            row = fut.result()
            rows.append(row)
            t = row.get("truth")
            print("  %-58s %s" % (row["case"], ("%s/%s codes %s" % (t["party"], t["cause"], " ".join(t["reply_codes"])))
                                  if t else "ERROR " + row["error"]), flush=True)
        pool.shutdown(wait=True)
    except KeyboardInterrupt:
        # Stop now: no new scenario starts, every process and namespace goes, running scenarios fail fast.
        _stopping.set()
        print("lab: interrupted; cleaning up", file=sys.stderr, flush=True)
        pool.shutdown(wait=False, cancel_futures=True)
        cleanup_all()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(t.is_alive() for t in threading.enumerate()
                                                  if t is not threading.current_thread() and not t.daemon):
            cleanup_all()
            time.sleep(0.2)
        cleanup_all()
        print("lab: partial output kept in %s" % out, file=sys.stderr)
        return 130
    order = {s.case: i for i, s in enumerate(scs)}
    rows.sort(key=lambda r: order[r["case"]])
    index = {"split": "lab", "generated": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
             "elapsed_s": round(time.monotonic() - t0, 1),
             "cases": [{k: r["truth"][k] for k in ("case", "scenario", "party", "cause", "server", "client", "mode",
                                                    "command", "ipv6", "control_port", "reply_codes", "has_426",
                                                    "frames_426", "expectation_met", "scenario_cause")}
                       if r.get("truth") else {"case": r["case"], "error": r["error"]} for r in rows]}
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    print()
    print(table(rows))
    print("\nlab: %d scenario(s) in %.0fs, output in %s" % (len(rows), time.monotonic() - t0, out))
    errors = [r for r in rows if "error" in r]
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
