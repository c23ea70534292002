"""The lab's scenarios: what is done, by whom, and what the real servers are expected to answer.

Each scenario names the TRUE party and cause of the failure it makes (the verdict vocabulary of truth.json),
the finer `scenario_cause` of the dev corpus, how the fault is made, and the reply codes the server is
expected to send at the server vantage (`expect_codes` must all appear, `forbid_codes` must not). The truth
written for a run is corrected by what really happened (see lab.py: a fault without effect is labelled none).
"""

FILE_SIZE = 1 << 20
RATE = 200000                      # bytes/s: 1 MiB in ~5.2 s
DATA_TIMEOUT = 8                   # server data timeout (vsftpd data_connection_timeout, proftpd TimeoutStalled)
TCP_RETRIES2 = 4                   # server namespace net.ipv4.tcp_retries2: a black hole gives up within seconds


class Scenario:
    def __init__(self, case, scenario, party, cause, scenario_cause, note, server="vsftpd", client="ftplib",
                 mode="PASV", command="RETR", ipv6=False, control_port=21, fault=None, expect_codes=(),
                 forbid_codes=(), visible=True, smoke=False, timeout=45, post_secs=1.5, client_opts=None,
                 server_sysctls=None,
                 server_conf=None, tls=None, wire_equivalent_causes=None):
        self.case = case
        self.scenario = scenario
        self.party = party
        self.cause = cause
        self.scenario_cause = scenario_cause
        self.note = note
        self.server = server
        self.client = client
        self.mode = mode
        self.command = command
        self.ipv6 = ipv6
        self.control_port = control_port
        self.fault = fault or {"kind": "none"}
        self.expect_codes = list(expect_codes)
        self.forbid_codes = list(forbid_codes)
        self.visible = visible
        self.smoke = smoke
        self.timeout = timeout
        self.post_secs = post_secs
        self.client_opts = client_opts or {}
        self.server_sysctls = server_sysctls or {}
        self.server_conf = server_conf or {}
        self.tls = tls  # FTPS: None (plain FTP), "1.2" or "1.3" (highest version the client offers)
        # Causes of the same party that the captures cannot tell from `cause` (same packets on the wire); a verdict
        # naming one of them is reported as such by check.py, not as a mismatch.
        self.wire_equivalent_causes = list(wire_equivalent_causes or ())

    @property
    def intends_failure(self):
        return self.party != "none"


def case_name(scenario, server, client, mode, command="RETR", ipv6=False, port=21, tls=None):
    name = "%s-%s-%s-%s" % (scenario, server, client, mode.lower())
    if command == "STOR" and "upload" not in scenario:
        name += "-stor"
    if ipv6:
        name += "-ipv6"
    if port != 21:
        name += "-port%d" % port
    if tls:
        name += "-tls" + tls.replace(".", "")
    return name


def sc(scenario, server, client, mode, party, cause, scenario_cause, note, command="RETR", ipv6=False, port=21,
       **kw):
    return Scenario(case_name(scenario, server, client, mode, command, ipv6, port, kw.get("tls")), scenario, party,
                    cause, scenario_cause, note, server=server, client=client, mode=mode, command=command, ipv6=ipv6,
                    control_port=port, **kw)


# Server namespace send buffer capped (tcp_wmem max 64 KiB): a client that stops reading blocks the server's
# writes within a second instead of the rest of the file vanishing into an autotuned multi-megabyte buffer.
SMALL_SNDBUF = {"net.ipv4.tcp_wmem": "4096 16384 65536"}
FAIL = ("421", "425", "426", "450", "451")
ROUTER_RESET_NOTE = ('Router nft rule on the data connection: "ct bytes > N reject with tcp reset": RSTs forged '
                     'with the peer addresses, router TTL.')
BLACKHOLE_NOTE = ("Router nft rule: drop every packet of the data connection after N bytes; the server "
                  "retransmits until tcp_retries2 gives up.")


def all_scenarios():
    s = []
    # ---- negative controls -------------------------------------------------------------------------------
    s.append(sc("clean_download", "vsftpd", "ftplib", "PASV", "none", "none", "none", "Clean passive RETR.",
                expect_codes=["150", "226"], forbid_codes=FAIL, smoke=True))
    s.append(sc("clean_upload", "vsftpd", "lftp", "PORT", "none", "none", "none", "Clean active (PORT) STOR.",
                command="STOR", expect_codes=["150", "226"], forbid_codes=FAIL))
    s.append(sc("clean_download", "vsftpd", "ftplib", "EPSV", "none", "none", "none",
                "Clean passive RETR over IPv6 (EPSV), control port 2121.", ipv6=True, port=2121,
                expect_codes=["229", "150", "226"], forbid_codes=FAIL))
    s.append(sc("clean_download", "proftpd", "ftplib", "PASV", "none", "none", "none",
                "Clean passive RETR.", expect_codes=["150", "226"], forbid_codes=FAIL))
    s.append(sc("clean_download", "pureftpd", "curl", "EPSV", "none", "none", "none",
                "Clean passive RETR (curl, EPSV).", expect_codes=["150", "226"], forbid_codes=FAIL))
    s.append(sc("moderate_loss", "vsftpd", "curl", "EPSV", "none", "none", "none_loss_recovered",
                "Router drops 5% of data-connection packets at random (after the first 64 KiB); TCP recovers.",
                fault={"kind": "router_loss", "loss_pct": 5}, expect_codes=["226"], forbid_codes=FAIL))
    s.append(sc("clean_upload", "pureftpd", "ftplib", "PASV", "none", "none", "none", "Clean passive STOR.",
                command="STOR", expect_codes=["150", "226"], forbid_codes=FAIL))
    s.append(sc("clean_download", "vsftpd", "ftplib", "EPRT", "none", "none", "none",
                "Clean active RETR with EPRT over IPv4.", expect_codes=["200", "150", "226"], forbid_codes=FAIL))
    # ---- client --------------------------------------------------------------------------------------------
    s.append(sc("client_reset_download", "vsftpd", "ftplib", "PASV", "client", "client_early_close", "client_reset",
                "Client aborts the RETR data socket with SO_LINGER{1,0} (RST) mid-download.",
                fault={"kind": "client_internal", "client_action": "reset"}, expect_codes=["426"], smoke=True))
    s.append(sc("client_kill_download", "vsftpd", "ftplib", "PASV", "client", "client_early_close", "client_reset",
                "Client (python ftplib) stops reading, then SIGKILLs itself mid-RETR; its kernel resets the data "
                "connection (unread data).",
                fault={"kind": "client_internal", "client_action": "kill"}, expect_codes=["426"]))
    s.append(sc("client_kill_download", "vsftpd", "lftp", "EPSV", "client", "client_early_close", "client_reset",
                "Client process SIGKILLed by the harness mid-transfer once N data bytes had passed.",
                fault={"kind": "client_kill_ext"}, expect_codes=["426"]))
    s.append(sc("client_reset_download", "proftpd", "ftplib", "PASV", "client", "client_early_close",
                "client_reset", "Client aborts the RETR data socket with SO_LINGER{1,0} (RST) mid-download.",
                fault={"kind": "client_internal", "client_action": "reset"}, expect_codes=["426"]))
    s.append(sc("client_kill_download", "pureftpd", "curl", "PASV", "client", "client_early_close", "client_reset",
                "Client process (curl) SIGKILLed by the harness mid-transfer once N data bytes had passed.",
                fault={"kind": "client_kill_ext"}, forbid_codes=["226"]))
    s.append(sc("client_close_download", "vsftpd", "ftplib", "PASV", "client", "client_early_close", "client_close",
                "Client close()s the data socket mid-RETR (FIN; data still arriving draws RSTs from the client "
                "kernel).", fault={"kind": "client_internal", "client_action": "close"}, expect_codes=["426"]))
    s.append(sc("client_kill_upload", "vsftpd", "ftplib", "PASV", "client", "client_upload_abort",
                "client_exit_mid_upload",
                "Client SIGKILLs itself mid-STOR: its kernel still sends the queued data, then FIN (looks like a "
                "normal end of file).", command="STOR",
                fault={"kind": "client_internal", "client_action": "killup"}, expect_codes=["226"],
                forbid_codes=FAIL, visible=False, post_secs=8.0))
    s.append(sc("client_reset_upload", "vsftpd", "ftplib", "PASV", "client", "client_upload_abort", "client_reset",
                "Client aborts the STOR data socket with SO_LINGER{1,0} (RST) mid-upload.", command="STOR",
                fault={"kind": "client_internal", "client_action": "rstup"}, expect_codes=["426"]))
    s.append(sc("client_abor", "vsftpd", "ftplib", "PASV", "client", "client_abort", "client_abort_command",
                "Client sends IAC IP, IAC DM (Telnet Synch, urgent) then ABOR mid-RETR, as RFC 959 describes. "
                "Server: async_abor_enable=YES.",
                fault={"kind": "client_internal", "client_action": "abor"}, expect_codes=["426", "226"], smoke=True))
    s.append(sc("client_abor_plain", "vsftpd", "ftplib", "PASV", "client", "client_abort", "client_abort_command",
                "Client sends a bare ABOR (no Telnet IP/Synch; python's FTP.abort() way) mid-RETR and closes its "
                "data socket. Server: async_abor_enable=YES.",
                fault={"kind": "client_internal", "client_action": "abor_plain"}, expect_codes=["426"]))
    s.append(sc("client_abor", "proftpd", "ftplib", "PASV", "client", "client_abort", "client_abort_command",
                "Client sends IAC IP, IAC DM (urgent) then ABOR mid-RETR.",
                fault={"kind": "client_internal", "client_action": "abor"}, expect_codes=["426", "226"]))
    s.append(sc("client_abor", "pureftpd", "ftplib", "PASV", "client", "client_abort", "client_abort_command",
                "Client sends IAC IP, IAC DM (urgent) then ABOR mid-RETR.",
                fault={"kind": "client_internal", "client_action": "abor"}, expect_codes=["426"]))
    s.append(sc("client_stall", "vsftpd", "ftplib", "PASV", "client", "client_receive_stall", "client_stall",
                "Client stops reading the data connection (zero window) for 30 s; server send buffer capped at "
                "64 KiB. vsftpd checks for progress once per data_connection_timeout period and needs a whole "
                "period without any, so its 421 comes two or three periods after the stall began.",
                fault={"kind": "client_internal", "client_action": "stall", "stall_secs": 30},
                expect_codes=["421"], forbid_codes=["226"], timeout=50, server_sysctls=SMALL_SNDBUF))
    s.append(sc("client_stall", "proftpd", "ftplib", "PASV", "client", "client_receive_stall", "client_stall",
                "Client stops reading the data connection (zero window) for 20 s, longer than proftpd's "
                "TimeoutStalled; server send buffer capped at 64 KiB. ProFTPD ends the session (FIN on the control "
                "connection) without a reply on the wire; its own log says 426.",
                fault={"kind": "client_internal", "client_action": "stall", "stall_secs": 20},
                forbid_codes=["226"], timeout=45, server_sysctls=SMALL_SNDBUF))
    # ---- network -------------------------------------------------------------------------------------------
    s.append(sc("middlebox_reset", "vsftpd", "ftplib", "PASV", "network", "network_forged_reset", "middlebox_reset",
                ROUTER_RESET_NOTE, fault={"kind": "router_reset"}, expect_codes=["426"], smoke=True))
    s.append(sc("middlebox_reset", "vsftpd", "ftplib", "PORT", "network", "network_forged_reset", "middlebox_reset",
                ROUTER_RESET_NOTE + " Active mode.", fault={"kind": "router_reset"}, expect_codes=["426"]))
    s.append(sc("middlebox_reset", "vsftpd", "ftplib", "PASV", "network", "network_forged_reset", "middlebox_reset",
                ROUTER_RESET_NOTE + " Upload: the server answers 426 when one of its ACKs drew a forged RST, "
                "421 (data timeout) when only the client's segments did.", command="STOR",
                fault={"kind": "router_reset"}, forbid_codes=["226"]))
    s.append(sc("middlebox_reset", "vsftpd", "ftplib", "EPSV", "network", "network_forged_reset", "middlebox_reset",
                ROUTER_RESET_NOTE + " IPv6.", ipv6=True, fault={"kind": "router_reset"}, expect_codes=["426"]))
    s.append(sc("middlebox_reset", "proftpd", "ftplib", "PASV", "network", "network_forged_reset",
                "middlebox_reset", ROUTER_RESET_NOTE, fault={"kind": "router_reset"}, expect_codes=["426"],
                smoke=True))
    s.append(sc("middlebox_reset", "proftpd", "lftp", "PASV", "network", "network_forged_reset", "middlebox_reset",
                ROUTER_RESET_NOTE + " lftp retries and resumes with REST.", fault={"kind": "router_reset"},
                expect_codes=["426"], timeout=60))
    s.append(sc("middlebox_reset", "pureftpd", "ftplib", "PASV", "network", "network_forged_reset",
                "middlebox_reset", ROUTER_RESET_NOTE + " Pure-FTPd sends no final reply for a failed transfer.",
                port=2121, fault={"kind": "router_reset"}, forbid_codes=["226"]))
    s.append(sc("network_blackhole", "vsftpd", "ftplib", "PASV", "network", "network_loss_timeout", "path_blackhole",
                BLACKHOLE_NOTE, fault={"kind": "router_drop"}, expect_codes=["426"], smoke=True))
    s.append(sc("network_blackhole", "proftpd", "ftplib", "PASV", "network", "network_loss_timeout",
                "path_blackhole", BLACKHOLE_NOTE, fault={"kind": "router_drop"}, expect_codes=["450"]))
    s.append(sc("network_blackhole", "pureftpd", "ftplib", "PASV", "network", "network_loss_timeout",
                "path_blackhole", BLACKHOLE_NOTE, fault={"kind": "router_drop"}, forbid_codes=["226"]))
    s.append(sc("network_heavy_loss", "vsftpd", "ftplib", "PASV", "network", "network_heavy_loss",
                "path_heavy_loss",
                "Router nft rule: after the first 64 KiB, random drop of 45% of the data connection packets (both "
                "directions); server tcp_retries2=3.", fault={"kind": "router_loss", "loss_pct": 45},
                expect_codes=["426"], timeout=60, server_sysctls={"net.ipv4.tcp_retries2": "3"}))
    # ---- server --------------------------------------------------------------------------------------------
    s.append(sc("server_reset", "vsftpd", "ftplib", "PASV", "server", "server_abort", "server_reset",
                "Server host aborts its data socket after N bytes (ss -K, SOCK_DESTROY): genuine RST from the "
                "server TCP stack; server app sees ECONNABORTED.", fault={"kind": "server_abort"},
                expect_codes=["426"]))
    s.append(sc("server_reset", "proftpd", "ftplib", "PASV", "server", "server_abort", "server_reset",
                "Server host aborts its data socket after N bytes (ss -K, SOCK_DESTROY): genuine RST from the "
                "server TCP stack.", fault={"kind": "server_abort"}, forbid_codes=["226"]))
    s.append(sc("server_firewall_reset", "vsftpd", "ftplib", "PASV", "server", "server_abort", "server_reset",
                "Server host's own firewall (nft output hook) rejects the data connection with a TCP reset after "
                "N bytes: the server's socket is reset locally; the client gets the server stack's RSTs.",
                fault={"kind": "server_firewall_reset"}, expect_codes=["426"]))
    s.append(sc("server_stall", "vsftpd", "curl", "PASV", "server", "server_stall", "server_stall",
                "Server session processes SIGSTOPped mid-transfer for longer than the client timeout; SIGCONT "
                "after the client gave up. curl --speed-time 4.",
                fault={"kind": "server_stall", "stall_secs": 10}, timeout=40, post_secs=4.0))
    s.append(sc("server_stall", "vsftpd", "ftplib", "PASV", "server", "server_stall", "server_stall",
                "Server session processes SIGSTOPped mid-transfer for 10 s; the client gives up after 4 s without "
                "data (closes its data socket, waits for the reply); SIGCONT afterwards.",
                fault={"kind": "server_stall", "stall_secs": 10}, timeout=40, post_secs=3.0,
                client_opts={"idle_secs": 4}, smoke=False))
    s += ftps_scenarios()
    return s


# Which clients can write the TLS secrets of their connections (NSS key log format): python's ssl module
# (SSLContext.keylog_filename), curl built with OpenSSL (SSLKEYLOGFILE), lftp through GnuTLS >= 3.6.13
# (SSLKEYLOGFILE). lab.py records in truth.json whether the key log really came out.
KEYLOG_CLIENTS = {"ftplib": "ssl.SSLContext.keylog_filename", "curl": "SSLKEYLOGFILE (OpenSSL)",
                  "lftp": "SSLKEYLOGFILE (GnuTLS)"}
STRICT_EOF = {"strict_ssl_read_eof": "YES"}
LENIENT_EOF = {"strict_ssl_read_eof": "NO"}


def ftps(scenario, client, mode, tls, party, cause, scenario_cause, note, **kw):
    """An FTPS scenario on vsftpd: explicit TLS (AUTH TLS, PROT P) on control and data, the client's TLS version cap
    in the name (-tls12 / -tls13)."""
    conf = dict(STRICT_EOF)
    conf.update(kw.pop("server_conf", {}))
    head = "FTPS (AUTH TLS, PROT P, TLS %s at most; vsftpd strict_ssl_read_eof=%s). " % (
        tls, conf["strict_ssl_read_eof"])
    return sc(scenario, "vsftpd", client, mode, party, cause, scenario_cause, head + note, tls=tls,
              server_conf=conf, **kw)


def ftps_scenarios():
    s = []
    # ---- negative controls
    for tls in ("1.3", "1.2"):
        s.append(ftps("ftps_clean_download", "ftplib", "PASV", tls, "none", "none", "none",
                      "Clean passive RETR; the data connection's TLS ends with close_notify.",
                      expect_codes=["150", "226"], forbid_codes=FAIL, smoke=tls == "1.3"))
        s.append(ftps("ftps_clean_upload", "ftplib", "PASV", tls, "none", "none", "none",
                      "Clean passive STOR; the client ends the data connection's TLS with close_notify.",
                      command="STOR", expect_codes=["150", "226"], forbid_codes=FAIL))
    s.append(ftps("ftps_clean_download", "curl", "EPSV", "1.3", "none", "none", "none",
                  "Clean passive RETR with curl --ssl-reqd (EPSV).", expect_codes=["150", "226"], forbid_codes=FAIL))
    s.append(ftps("ftps_clean_upload", "lftp", "PASV", "1.2", "none", "none", "none",
                  "Clean passive STOR with lftp (ftp:ssl-force, ftp:ssl-protect-data).", command="STOR",
                  expect_codes=["150", "226"], forbid_codes=FAIL))
    # ---- client: upload ended without TLS close_notify
    s.append(ftps("ftps_upload_no_close_notify", "ftplib", "PASV", "1.2", "client", "client_tls_close",
                  "client_tls_close",
                  "ftplib FTP_TLS STOR: every byte written, then the client close()s the TLS data socket without "
                  "unwrap(), so no TLS close_notify precedes its FIN; the server cannot tell a complete upload from "
                  "a truncated one and answers 426.", command="STOR",
                  fault={"kind": "client_internal", "client_action": "no_close_notify"},
                  expect_codes=["150", "426"], forbid_codes=["226"], smoke=True))
    s.append(ftps("ftps_upload_no_close_notify", "ftplib", "PASV", "1.3", "client", "client_tls_close",
                  "client_tls_close",
                  "ftplib FTP_TLS STOR: every byte written, then close() of the TLS data socket without unwrap(). "
                  "The server's TLS 1.3 session tickets sit unread in the client's socket, so the close is a RST "
                  "(no FIN), and it discards what was still queued in the client's send buffer: the server gets "
                  "a reset mid-upload, exactly as if the client had aborted the upload with SO_LINGER{1,0} "
                  "(client_upload_abort); the capture cannot tell the two apart.",
                  command="STOR", fault={"kind": "client_internal", "client_action": "no_close_notify"},
                  expect_codes=["150", "426"], forbid_codes=["226"],
                  wire_equivalent_causes=["client_upload_abort"]))
    s.append(ftps("ftps_upload_no_close_notify_lenient", "ftplib", "PASV", "1.2", "none", "none", "none",
                  "Control for the case above: the same upload without close_notify, but the server is told "
                  "strict_ssl_read_eof=NO, so it takes the FIN as the end of the file and answers 226: no failure.",
                  command="STOR", fault={"kind": "client_internal", "client_action": "no_close_notify"},
                  server_conf=LENIENT_EOF, expect_codes=["150", "226"], forbid_codes=FAIL))
    # ---- client killed mid-download
    s.append(ftps("ftps_client_kill_download", "ftplib", "PASV", "1.3", "client", "client_early_close",
                  "client_reset",
                  "Client (python ftplib) stops reading, then SIGKILLs itself mid-RETR; its kernel resets the TLS "
                  "data connection (unread data).",
                  fault={"kind": "client_internal", "client_action": "kill"}, expect_codes=["426"]))
    s.append(ftps("ftps_client_kill_download", "lftp", "EPSV", "1.2", "client", "client_early_close",
                  "client_reset", "Client process (lftp) SIGKILLed by the harness mid-transfer once N data bytes "
                  "had passed.", fault={"kind": "client_kill_ext"}, expect_codes=["426"]))
    # ---- network: forged resets on the data connection
    for tls in ("1.3", "1.2"):
        s.append(ftps("ftps_middlebox_reset", "ftplib", "PASV", tls, "network", "network_forged_reset",
                      "middlebox_reset", ROUTER_RESET_NOTE, fault={"kind": "router_reset"}, expect_codes=["426"]))
    return s
