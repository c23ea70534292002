#!/usr/bin/env python3
"""Compares ftp426's JSON-lines report of a generated capture with the generator's truth file.

Usage: benchmarks/check-truth.py CAPTURE.truth.jsonl REPORT.jsonl

Every transfer the truth lists must be reported (matched by the control connection's client address and port, the
command and its argument) with the truth's final reply code, party and cause. Prints a tally and the first
disagreements; exits 1 when any transfer disagrees, 2 on bad input.
"""
import collections
import json
import sys


def key(ip, port, command, arg):
    # the generator's LIST has no argument on the wire; its truth names the directory
    return ip, int(port), command, "" if command == "LIST" else (arg or "")


def main(truth_path, report_path):
    reported = {}
    with open(report_path, encoding="utf-8") as report:
        for line in report:
            record = json.loads(line)
            if record.get("type") != "transfer" or not record["ftp"].get("command"):
                continue
            ftp = record["ftp"]
            reported.setdefault(key(record["src_ip"], record["src_port"], ftp["command"], ftp["arg"]), record)
    tally = collections.Counter()
    wrong = []
    total = 0
    with open(truth_path, encoding="utf-8") as truth:
        for line in truth:
            t = json.loads(line)
            total += 1
            client = t["control"]["client"]
            k = key(client["ip"], client["port"], t["command"], t["file"])
            expected = "%s %s/%s" % (t["reply_code"], t["party"], t["cause"])
            record = reported.get(k)
            if record is None:
                actual = "missing"
            else:
                code = (record.get("reply") or {}).get("code")
                actual = "%s %s" % (code if code is not None else "no-reply", record.get("verdict") or "none/none")
            if actual == expected:
                tally["agree"] += 1
            else:
                tally["expected %s, got %s" % (expected, actual)] += 1
                wrong.append("%s:%s %s %s: expected %s, got %s" % (k[0], k[1], k[2], t["file"], expected, actual))
    print("%d transfers in the truth, %d agree" % (total, tally.pop("agree", 0)))
    for what, n in tally.most_common():
        print("  %6d  %s" % (n, what))
    for line in wrong[:10]:
        print("  e.g. " + line)
    return 1 if wrong else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(main(sys.argv[1], sys.argv[2]))
    except (OSError, ValueError, KeyError) as e:
        print("check-truth: %s" % e, file=sys.stderr)
        sys.exit(2)
