#!/usr/bin/env python3
"""Compares the ftp426 analyzer's verdicts with the lab's (or the dev corpus's) ground truth.

Usage: check.py [--codes-only] [--jar cli/target/ftp426.jar] [--json OUT] DIR

DIR holds one folder per case with truth.json and {client,router,server}.pcap (a lab run, or the dev corpus).

Verdict mode (default when the jar exists): runs `java -jar JAR analyze --format jsonl FILE` on each capture and
reads the JSON Lines records with "type": "verdict" (fields `party`, `cause`, optional `reply.code`). A case passes
at a vantage when
  * truth party is "none" (nothing failed, or the failure is invisible in the capture): no verdict blames anyone
    (no verdict with party client/server/network);
  * a failure with a 426: at least one verdict about the 426 (a verdict whose `reply.code` is another code is
    ignored; one without a reply code counts), and every such verdict says the true party and cause (or a cause
    truth.json lists in `wire_equivalent_causes`: same party, same packets; shown with a trailing "~");
  * a failure without a 426 (421, 450, or no reply): no verdict is needed; any verdict that blames must be right.
FTPS cases (truth.json has "tls", or "ftps" as in the dev corpus) are judged twice per vantage:
  * "keys": with the case's key log (`analyze --tls-keylog keylog.txt`), by the contract above, exactly;
  * "nokeys": without it, the replies after AUTH TLS are unreadable and the verdict comes from TCP evidence alone:
    every verdict must name truth's party or say undetermined/undetermined_encrypted (truth party "none": no verdict
    may blame anyone). A case whose client wrote no key log gets only the "nokeys" row.
Reply-code mode (always run): tshark re-reads each capture and the reply codes of the control connection must
equal truth.json's (`reply_codes` at the server vantage; `reply_codes_per_vantage` where present), the 426 frames
must equal `frames_426`, and the scenario's expected / forbidden codes must hold at the server vantage. FTPS:
decrypted with the key log (tshark decrypts after "AUTH TLS" only: for a session opened with "AUTH SSL" the
capture's codes are the undecrypted ones, `reply_codes_per_vantage`), and without it the codes must equal
`tls.reply_codes_without_keys_per_vantage`.

Exit status: 0 all checked things passed; 1 some mismatch; 2 usage or tool error.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys

VANTAGES = ("client", "router", "server")
BLAMING = {"client", "server", "network"}
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_JAR = os.path.join(os.path.dirname(HERE), "cli", "target", "ftp426.jar")


def tshark_codes(pcap, control_port, keylog=None):
    """[(frame, code)] of every FTP reply in the capture, in order (FTPS decrypted with the key log if given)."""
    cmd = ["tshark", "-n", "-r", pcap, "-d", "tcp.port==%d,ftp" % control_port, "-Y", "ftp.response",
           "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "frame.number", "-e",
           "ftp.response.code"]
    if keylog:
        cmd += ["-o", "tls.keylog_file:" + keylog]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, errors="replace")
    if res.returncode != 0 and not res.stdout:
        raise RuntimeError("tshark failed on %s: %s" % (pcap, res.stderr.strip()))
    out = []
    for line in res.stdout.splitlines():
        frame, _, codes = line.partition("\t")
        for code in codes.split(","):
            if code:
                out.append((int(frame), code))
    return out


def check_codes(case_dir, truth):
    """{vantage: (ok, message)} for the reply-code check."""
    cp = truth.get("control_port", 21)
    result = {}
    for v in VANTAGES:
        pcap = os.path.join(case_dir, truth.get("files", {}).get("pcaps", {}).get(v, v + ".pcap"))
        if not os.path.exists(pcap):
            result[v] = (None, "no capture")
            continue
        keylog = os.path.join(case_dir, truth["keylog"]) if truth.get("keylog") else None
        seen = tshark_codes(pcap, cp, keylog)
        codes = [c for _, c in seen]
        frames = [f for f, c in seen if c == "426"]
        problems = []
        want = truth.get("reply_codes_per_vantage", {}).get(v)
        if want is None and v == "server":
            want = truth.get("reply_codes")
        if want is not None and codes != want:
            problems.append("codes %s != truth %s" % (" ".join(codes), " ".join(want)))
        if frames != truth.get("frames_426", {}).get(v, frames):
            problems.append("426 frames %s != truth %s" % (frames, truth["frames_426"][v]))
        tls = truth.get("tls") or ({} if truth.get("ftps") else None)  # the dev corpus has the flat fields only
        if tls is not None and keylog:
            plain = [c for _, c in tshark_codes(pcap, cp)]
            want_plain = tls.get("reply_codes_without_keys_per_vantage", {}).get(v)
            if want_plain is None and v == "server":
                want_plain = truth.get("reply_codes_without_keys")
            if want_plain is not None and plain != want_plain:
                problems.append("codes without keys %s != truth %s" % (" ".join(plain), " ".join(want_plain)))
        notes = []
        if v == "server":
            # The scenario's aim. A fault without effect is labelled so in truth.json: reported, not a failure.
            aim = problems if truth.get("scenario_cause") != "fault_had_no_effect" else notes
            if tls and keylog and not tls.get("tshark_decrypts", True):
                codes = truth.get("reply_codes", codes)  # not decryptable by tshark: the server log's codes
            for c in truth.get("expected_codes", []):
                if c not in codes:
                    aim.append("expected %s missing" % c)
            for c in truth.get("forbidden_codes", []):
                if c in codes:
                    aim.append("forbidden %s present" % c)
        if notes:
            notes.insert(0, "fault had no effect:")
        result[v] = (not problems, "; ".join(problems) or " ".join(codes + notes))
    return result


def analyzer_verdicts(jar, pcap, timeout=300, keylog=None):
    """(verdict records, error) from one analyzer run (FTPS decrypted with the key log if given)."""
    cmd = ["java", "-jar", jar, "analyze", "--format", "jsonl"] + (["--tls-keylog", keylog] if keylog else []) + [pcap]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return [], "timeout"
    verdicts = []
    for line in res.stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if rec.get("type") == "verdict":
            verdicts.append(rec)
    err = None if res.returncode == 0 else "exit %d: %s" % (res.returncode, (res.stderr.strip().splitlines()
                                                                              or [""])[-1][:120])
    return verdicts, err


def judge(truth, verdicts):
    """(ok, got-string) for one vantage: the contract described in the module docstring."""
    expected = (truth["party"], truth["cause"])
    got = collections.Counter((v.get("party"), v.get("cause")) for v in verdicts)
    got_s = ", ".join("%s/%s%s" % (p, c, "" if n == 1 else " x%d" % n) for (p, c), n in got.items()) or "-"
    if truth["party"] == "none" or truth.get("visible_in_capture") is False:
        return not any(p in BLAMING for p, _ in got), got_s
    if not truth.get("has_426"):
        # A failure without a 426 (421, 450, no reply at all): a verdict is welcome, not required, and must be
        # right (or undetermined) when given.
        return all((v.get("party"), v.get("cause")) == expected or v.get("party") not in BLAMING
                   for v in verdicts), got_s
    relevant = [v for v in verdicts if str((v.get("reply") or {}).get("code", "426")) == "426"]
    if not relevant:
        return False, got_s
    # A cause the capture cannot tell from the true one (truth.json "wire_equivalent_causes", same party) passes,
    # marked "~" in the output.
    alternatives = {(truth["party"], c) for c in truth.get("wire_equivalent_causes", [])}
    if any((v.get("party"), v.get("cause")) in alternatives for v in relevant):
        got_s += " ~"
    return all((v.get("party"), v.get("cause")) in {expected} | alternatives for v in relevant), got_s


def judge_without_keys(truth, verdicts):
    """(ok, got-string) for an FTPS capture read without its key log: never a wrong party. Truth party "none": no
    verdict blames anyone; otherwise every verdict names truth's party or says undetermined_encrypted."""
    got = collections.Counter((v.get("party"), v.get("cause")) for v in verdicts)
    got_s = ", ".join("%s/%s%s" % (p, c, "" if n == 1 else " x%d" % n) for (p, c), n in got.items()) or "-"
    if truth["party"] == "none" or truth.get("visible_in_capture") is False:
        return not any(p in BLAMING for p, _ in got), got_s
    return all(p == truth["party"] or (p, c) == ("undetermined", "undetermined_encrypted") for p, c in got), got_s


def modes(truth):
    """How each capture of a case is analysed: plain FTP once; FTPS with its key log and without it."""
    if not truth.get("tls") and not truth.get("ftps"):
        return [("-", None)]
    keylog = truth.get("keylog")
    return ([("keys", keylog)] if keylog else []) + [("nokeys", None)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--codes-only", action="store_true", help="only the reply-code check (no analyzer)")
    ap.add_argument("--jar", default=DEFAULT_JAR)
    ap.add_argument("--json", help="write the results as JSON to this file")
    ap.add_argument("--vantage", choices=VANTAGES, action="append", help="only these vantages (repeatable)")
    args = ap.parse_args()
    if not shutil.which("tshark"):
        print("check.py: tshark missing (lab/install-deps.sh)", file=sys.stderr)
        return 2
    vantages = args.vantage or list(VANTAGES)
    use_jar = not args.codes_only and os.path.exists(args.jar)
    if not args.codes_only and not use_jar:
        print("check.py: %s not found: reply-code check only" % args.jar, file=sys.stderr)
    cases = sorted(d for d in os.listdir(args.dir) if os.path.isfile(os.path.join(args.dir, d, "truth.json")))
    if not cases:
        print("check.py: no case with truth.json under %s" % args.dir, file=sys.stderr)
        return 2
    rows = []
    failed = 0
    print("%-52s %-7s %-6s %-36s %-40s %-5s %s" % ("scenario", "vantage", "keys", "expected", "got", "verd",
                                                   "codes"))
    for case in cases:
        case_dir = os.path.join(args.dir, case)
        with open(os.path.join(case_dir, "truth.json")) as f:
            truth = json.load(f)
        codes = check_codes(case_dir, truth)
        for v in vantages:
            code_ok, code_msg = codes[v]
            for mode, keylog in modes(truth):
                row = {"case": case, "vantage": v, "keys": mode,
                       "expected": {"party": truth["party"], "cause": truth["cause"]},
                       "codes_ok": code_ok, "codes": code_msg, "verdict_ok": None, "got": None}
                if use_jar and code_ok is not None:
                    verdicts, err = analyzer_verdicts(args.jar, os.path.join(case_dir, v + ".pcap"),
                                                      keylog=os.path.join(case_dir, keylog) if keylog else None)
                    ok, got_s = (judge_without_keys if mode == "nokeys" else judge)(truth, verdicts)
                    row.update(verdict_ok=ok, got=got_s if not err else "%s (%s)" % (got_s, err),
                               verdicts=[{"party": x.get("party"), "cause": x.get("cause"),
                                          "reply_code": (x.get("reply") or {}).get("code")} for x in verdicts])
                if code_ok is False or row["verdict_ok"] is False:
                    failed += 1
                rows.append(row)
                verd = {None: "-", True: "ok", False: "FAIL"}[row["verdict_ok"]]
                expected = "%s/%s" % (truth["party"], truth["cause"])
                if mode == "nokeys" and truth["party"] != "none":
                    expected = "%s/* or undetermined_encrypted" % truth["party"]
                print("%-52s %-7s %-6s %-36s %-40s %-5s %s%s" % (
                    case[:52], v, mode, expected[:36], (row["got"] or "-")[:40], verd,
                    {None: "", True: "ok: ", False: "FAIL: "}[code_ok], code_msg), flush=True)
    n_verd = [r for r in rows if r["verdict_ok"] is not None]
    print("\ncheck.py: %d case(s) x %d vantage(s) (%d row(s)); reply codes: %d ok, %d failed; verdicts: %s" % (
        len(cases), len(vantages), len(rows), sum(1 for r in rows if r["codes_ok"]),
        sum(1 for r in rows if r["codes_ok"] is False),
        "%d ok, %d wrong" % (sum(1 for r in n_verd if r["verdict_ok"]), sum(1 for r in n_verd if not r["verdict_ok"]))
        if n_verd else "not checked"))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"analyzer": use_jar, "rows": rows}, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
