#!/usr/bin/env python3
"""Three-host topology in network namespaces: client -- router -- server, documentation addresses only.

  client  eth0 198.51.100.10/24  2001:db8:100::10/64        (default via the router)
  router  c0   198.51.100.1/24   2001:db8:100::1/64         (forwarding on)
          s0   203.0.113.1/24    2001:db8:113::1/64
  server  eth0 203.0.113.10/24   2001:db8:113::10/64        (default via the router)

Namespace names are "<prefix><pid>-<n>-{c,r,s}" so parallel runs never collide. The veth pairs are created
inside the namespaces (never in the host namespace), so deleting the namespaces removes every link. TSO, GSO,
GRO and TX checksum offload are off on every interface, so captures show wire-sized segments with real checksums.
No route leads out of the three namespaces.
"""
import itertools
import os
import shutil
import signal
import subprocess
import time

CLIENT4, ROUTER_C4, ROUTER_S4, SERVER4 = "198.51.100.10", "198.51.100.1", "203.0.113.1", "203.0.113.10"
CLIENT6, ROUTER_C6, ROUTER_S6, SERVER6 = "2001:db8:100::10", "2001:db8:100::1", "2001:db8:113::1", "2001:db8:113::10"
PREFIX = "f426lab"
_counter = itertools.count(1)
_live = []
# Connecting to a closed port: "refused" (the server host's RST) proves the path works both ways.
_PROBE = """
import socket, sys
try:
    socket.create_connection((sys.argv[1], 9), timeout=1)
except ConnectionRefusedError:
    sys.exit(0)
except OSError:
    sys.exit(1)
"""


def run(cmd, check=True, timeout=20, **kw):
    """Runs a command (list), returns CompletedProcess; stderr included in the error on failure."""
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    if check and res.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s%s" % (res.returncode, " ".join(cmd), res.stdout, res.stderr))
    return res


def ethtool_path():
    for cand in (shutil.which("ethtool"), "/usr/sbin/ethtool", "/sbin/ethtool"):
        if cand and os.path.exists(cand):
            return cand
    raise RuntimeError("ethtool missing: run lab/install-deps.sh")


class Topology:
    """Builds the three namespaces; teardown() kills every process inside them and deletes them."""

    def __init__(self, tcp_retries2=4):
        n = next(_counter)
        base = "%s%d-%d" % (PREFIX, os.getpid(), n)
        self.client, self.router, self.server = base + "-c", base + "-r", base + "-s"
        self.tcp_retries2 = tcp_retries2
        self.names = [self.client, self.router, self.server]
        self.built = False

    def ns(self, name, *cmd):
        return ["ip", "netns", "exec", name] + list(cmd)

    def sh(self, name, *cmd, check=True):
        return run(self.ns(name, *cmd), check=check)

    def build(self):
        _live.append(self)
        for name in self.names:
            run(["ip", "netns", "add", name])
        self.built = True
        c, r, s = self.client, self.router, self.server
        run(["ip", "-n", c, "link", "add", "eth0", "type", "veth", "peer", "name", "c0", "netns", r])
        run(["ip", "-n", s, "link", "add", "eth0", "type", "veth", "peer", "name", "s0", "netns", r])
        for name in self.names:
            # No DAD: IPv6 addresses usable at once; no router solicitations or other chatter.
            for key in ("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                        "net.ipv6.conf.all.router_solicitations=0", "net.ipv6.conf.default.router_solicitations=0"):
                self.sh(name, "sysctl", "-qw", key)
        self.sh(r, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        self.sh(r, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1")
        self.sh(s, "sysctl", "-qw", "net.ipv4.tcp_retries2=%d" % self.tcp_retries2)
        addrs = [
            (c, "eth0", CLIENT4 + "/24", CLIENT6 + "/64"),
            (r, "c0", ROUTER_C4 + "/24", ROUTER_C6 + "/64"),
            (r, "s0", ROUTER_S4 + "/24", ROUTER_S6 + "/64"),
            (s, "eth0", SERVER4 + "/24", SERVER6 + "/64"),
        ]
        eth = ethtool_path()
        for name, dev, a4, a6 in addrs:
            run(["ip", "-n", name, "addr", "add", a4, "dev", dev])
            run(["ip", "-n", name, "addr", "add", a6, "dev", dev, "nodad"])
            run(["ip", "-n", name, "link", "set", dev, "up"])
            self.sh(name, eth, "-K", dev, "tso", "off", "gso", "off", "gro", "off", "tx", "off")
        for name in self.names:
            run(["ip", "-n", name, "link", "set", "lo", "up"])
        run(["ip", "-n", c, "route", "add", "default", "via", ROUTER_C4])
        run(["ip", "-n", c, "-6", "route", "add", "default", "via", ROUTER_C6])
        run(["ip", "-n", s, "route", "add", "default", "via", ROUTER_S4])
        run(["ip", "-n", s, "-6", "route", "add", "default", "via", ROUTER_S6])
        self._ping_check()
        return self

    def _ping_check(self):
        """Bounded wait until both families route end to end (neighbour discovery is on the first packet)."""
        for target in (SERVER4, SERVER6):
            deadline = time.monotonic() + 5
            while True:
                res = run(self.ns(self.client, "python3", "-c", _PROBE, target), check=False)
                if res.returncode == 0:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("no route from client to %s" % target)
                time.sleep(0.1)

    def pids(self, name):
        res = run(["ip", "netns", "pids", name], check=False)
        return [int(p) for p in res.stdout.split()] if res.returncode == 0 else []

    def teardown(self):
        """Kills every process left in the namespaces, then deletes them. Safe to call more than once."""
        if not self.built:
            return
        for name in self.names:
            pids = self.pids(name)
            for pid in pids + [d for p in pids for d in descendants(p)]:
                for sig in (signal.SIGCONT, signal.SIGKILL):
                    try:
                        os.kill(pid, sig)
                    except ProcessLookupError:
                        pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(self.pids(name) for name in self.names):
            time.sleep(0.05)
        for name in self.names:
            run(["ip", "netns", "del", name], check=False)
        self.built = False
        if self in _live:
            _live.remove(self)


def descendants(root_pid):
    """Every descendant of root_pid (children, grandchildren...), read from /proc. vsftpd runs each session's
    unprivileged half in a network namespace of its own, so `ip netns pids` alone does not see it."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root_pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def teardown_all():
    for topo in list(_live):
        try:
            topo.teardown()
        except Exception:  # keep tearing down the others
            pass


def kill_namespace(name):
    """Kills every process in a namespace (and their descendants), then deletes it."""
    res = run(["ip", "netns", "pids", name], check=False)
    pids = [int(p) for p in res.stdout.split()] if res.returncode == 0 else []
    for pid in pids + [d for p in pids for d in descendants(p)]:
        for sig in (signal.SIGCONT, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
    time.sleep(0.1)
    run(["ip", "netns", "del", name], check=False)


def stale_namespaces():
    """Namespaces of this lab whose creating process is gone (left by a run killed with SIGKILL)."""
    res = run(["ip", "netns", "list"], check=False)
    stale = []
    for line in res.stdout.splitlines():
        name = line.split()[0] if line.strip() else ""
        if not name.startswith(PREFIX):
            continue
        pid = name[len(PREFIX):].split("-")[0]
        if pid.isdigit() and not os.path.exists("/proc/%s" % pid):
            stale.append(name)
    return stale


def main(argv):
    """Builds the topology, runs a command (default: an interactive shell) with CLIENT_NS, ROUTER_NS and SERVER_NS
    set, then tears everything down, whatever way the command ends."""
    import atexit
    if os.geteuid() != 0:
        print("netns.py: needs root", file=sys.stderr)
        return 2
    for name in stale_namespaces():
        kill_namespace(name)
    topo = Topology()
    atexit.register(teardown_all)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda s, f: sys.exit(128 + s))
    topo.build()
    env = dict(os.environ, CLIENT_NS=topo.client, ROUTER_NS=topo.router, SERVER_NS=topo.server)
    print("client %s  router %s  server %s  (e.g. ip netns exec $CLIENT_NS bash)" % tuple(topo.names),
          file=sys.stderr)
    try:
        return subprocess.call(argv or [os.environ.get("SHELL", "bash")], env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        topo.teardown()


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv[1:]))
