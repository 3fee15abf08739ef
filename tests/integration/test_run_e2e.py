#!/usr/bin/python3
"""End to end: record baselines against an ERP "before" its upgrade, then
run from a release notice against the ERP "after" it, with two real
loopback servers (tests/servers/upgrade_server.py). Asserts the exact set
of affected fields, the coverage gap and the exit status; then the same
with 30% of the answers being 503 + Retry-After; an interrupted run
completed with --resume (no call sent twice); and shards 1/2 + 2/2 against
the unsharded run."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

RELCHECK = os.environ["RELCHECK"]
SRC = os.environ["RC_SOURCE_DIR"]
SERVER = os.path.join(SRC, "tests", "servers", "upgrade_server.py")

EXPECTED = {
    ("debiteuren", "status", "changed", "breaking"),
    ("debiteuren", "$.nummer", "removed", "breaking"),
    ("debiteuren", "$.naam", "removed", "breaking"),
    ("debiteuren", "$.error", "added", "additive"),
    ("facturen", "$.facturen[*].bedrag", "type", "breaking"),
    ("facturen", "$.facturen[*].valuta", "removed", "breaking"),
    ("facturen", "$.facturen[*].status", "changed", "changed"),
    ("facturen", "$.facturen[*].btw", "added", "additive"),
    ("grootboek", "/Grootboek/@versie", "changed", "changed"),
    ("grootboek", "/Grootboek/Rekening/Omschrijving", "changed", "changed"),
    ("parameters", "status", "changed", "breaking"),
    ("parameters", "headers.content-type", "changed", "changed"),
    ("parameters", "body", "type", "breaking"),
}
VOLATILE = {"$.generated_at", "$.request_id", "/Grootboek/Gegenereerd"}

NOTICE = """From: AllSolutions <noreply@allsolutions.nl>
To: beheer@example.nl
Subject: Upgrade naar release 10.0.23
Message-ID: <upgrade-10.0.23@allsolutions.nl>
Date: Fri, 20 Nov 2026 09:15:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Beste klant,

In release 10.0.23 is iets gewijzigd in de volgende programma's:

VFAFAC - Facturen
VDBDEB - Debiteuren
MZZPAR - Parameters AllSolutions
FINGRB - Grootboek
VORORD - Orders

Met vriendelijke groet,
AllSolutions
"""


def suite(name, programs, calls):
    return {"name": name, "programs": programs, "calls": calls}


def write_workspace(ws, before, after):
    os.makedirs(os.path.join(ws, "suites"))
    cfg = {"environments": {
        "before": {"base_url": "http://127.0.0.1:%d" % before},
        "after": {"base_url": "http://127.0.0.1:%d" % after}},
        "diff": {"headers": ["content-type"]},
        "redact": ["$..debiteur", "//Saldo"],
        "replay": {"jobs": 4, "retries": 10, "max_wait": 2}}
    suites = [
        suite("facturen", ["VFAFAC"], [{
            "id": "open", "path": "/facturen", "query": {"status": "open"},
            "array_keys": {"$.facturen": "factuurnummer"}}]),
        suite("debiteuren", ["VDB*"], [{"id": "d100",
                                        "path": "/debiteuren/D100"}]),
        suite("parameters", ["MZZPAR"], [{"id": "all",
                                          "path": "/parameters"}]),
        suite("grootboek", ["FINGRB"], [{"id": "export",
                                         "path": "/grootboek"}]),
        suite("artikelen", ["*"], [{"id": "item-%d" % i,
                                    "path": "/items/%d" % i}
                                   for i in range(1, 41)]),
        suite("uren", ["PRJUUR"], [{"id": "week", "path": "/uren"}]),
    ]
    with open(os.path.join(ws, "relcheck.json"), "w") as fp:
        json.dump(cfg, fp, indent=2)
    for s in suites:
        with open(os.path.join(ws, "suites", s["name"] + ".json"), "w") as fp:
            json.dump(s, fp, indent=2)
    with open(os.path.join(ws, "notice.eml"), "w") as fp:
        fp.write(NOTICE)


class Server:
    def __init__(self, tmp, mode, *extra):
        self.log = os.path.join(tmp, "%s-%d.log" % (mode, time.time_ns()))
        open(self.log, "w").close()
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", SERVER, "--mode", mode, "--log", self.log]
            + list(extra), stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("PORT "), line
        self.port = int(line.split()[1])

    def requests(self):
        with open(self.log) as fp:
            return [json.loads(line) for line in fp if line.strip()]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def relcheck(ws, *args, check=None):
    p = subprocess.run([RELCHECK] + list(args), cwd=ws, capture_output=True,
                       text=True)
    if check is not None and p.returncode != check:
        sys.exit("relcheck %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s"
                 % (" ".join(args), p.returncode, check, p.stdout, p.stderr))
    return p


def fields(run_dir):
    """result.json and its non-noise (suite, field, kind, severity) set."""
    with open(os.path.join(run_dir, "result.json")) as fp:
        result = json.load(fp)
    return result, {(f["suite"], f["field"], f["kind"], f["severity"])
                    for f in result["fields"] if f["severity"] != "noise"}


def saved_responses(run_dir, result, outcomes):
    """(suite, call) of the response files on disk, and of the calls with
    one of outcomes in result (every call of this workspace gets a
    response)."""
    on_disk = set()
    for d, _, files in os.walk(os.path.join(run_dir, "responses")):
        on_disk |= {(os.path.basename(d), f[:-5]) for f in files}
    want = {(s["name"], c["id"]) for s in result["suites"]
            for c in s["calls"] if c["outcome"] in outcomes}
    return on_disk, want


def set_env_port(ws, name, port):
    path = os.path.join(ws, "relcheck.json")
    with open(path) as fp:
        cfg = json.load(fp)
    cfg["environments"][name]["base_url"] = "http://127.0.0.1:%d" % port
    with open(path, "w") as fp:
        json.dump(cfg, fp)


def check(cond, what):
    if not cond:
        sys.exit("FAILED: " + what)


def main():
    tmp = tempfile.mkdtemp(prefix="rc-run-e2e-")
    servers = []
    try:
        before = Server(tmp, "before")
        after = Server(tmp, "after")
        servers += [before, after]
        ws = os.path.join(tmp, "ws")
        write_workspace(ws, before.port, after.port)

        # Baselines, with noise learned from two sendings of each GET.
        relcheck(ws, "record", "--env", "before", "--repeat", "2", check=0)
        with open(os.path.join(ws, "fixtures", "facturen", "open.json")) as f:
            fx = json.load(f)
        check(set(fx["noise"]) >= {"$.generated_at", "$.request_id"},
              "record learned the volatile fields as noise: %s" % fx["noise"])

        # The upgrade, from the notice.
        p = relcheck(ws, "run", "--env", "after", "--notice", "notice.eml",
                     "--out", "run1", check=1)
        result, got = fields(os.path.join(ws, "run1"))
        check(got == EXPECTED, "fields differ:\n missing %s\n extra %s"
              % (sorted(EXPECTED - got), sorted(got - EXPECTED)))
        noise = {f["field"] for f in result["fields"]
                 if f["severity"] == "noise"}
        check(noise <= VOLATILE, "unexpected noise fields %s" % noise)
        check(result["coverage_gaps"] == ["VORORD"],
              "coverage gaps %s" % result["coverage_gaps"])
        names = [s["name"] for s in result["suites"]]
        check(names == ["artikelen", "debiteuren", "facturen", "grootboek",
                        "parameters"], "selected suites %s" % names)
        check(result["run"]["complete"] is True, "run complete")
        check(result["summary"]["calls"] == 44, "44 calls accounted for")
        check("Affected fields" in p.stdout, "text summary on stdout")
        # Redacted values never reach a file: fixtures, responses, reports.
        leaks = []
        for root in ("fixtures", "run1"):
            for d, _, files in os.walk(os.path.join(ws, root)):
                for name in files:
                    with open(os.path.join(d, name), errors="replace") as fp:
                        text = fp.read()
                    for secret in ("D101", "D103", "1200.50", "300.00"):
                        if secret in text:
                            leaks.append((os.path.join(d, name), secret))
        check(not leaks, "redacted values in clear: %s" % leaks[:5])
        with open(os.path.join(ws, "run1", "responses", "facturen",
                               "open.json")) as fp:
            check("<redacted:" in fp.read(), "responses hold <redacted:HEX>")
        # --save-responses changed (the default): changed and error calls.
        on_disk, want = saved_responses(os.path.join(ws, "run1"), result,
                                        ("changed", "error"))
        check(on_disk == want and ("facturen", "open") in want,
              "responses of changed calls: %s != %s" % (on_disk, want))
        sent_after = len(after.requests())
        check(result["run"]["calls_sent"] == sent_after,
              "calls_sent %d == server log %d"
              % (result["run"]["calls_sent"], sent_after))

        # 30% of the answers are 503 + Retry-After: the same fields.
        flaky = Server(tmp, "after", "--flaky", "0.3")
        servers.append(flaky)
        set_env_port(ws, "after", flaky.port)
        relcheck(ws, "run", "--env", "after", "--notice", "notice.eml",
                 "--out", "run2", "--save-responses", "all", check=1)
        result2, got2 = fields(os.path.join(ws, "run2"))
        on_disk, want = saved_responses(os.path.join(ws, "run2"), result2,
                                        ("same", "changed", "error"))
        check(on_disk == want and len(want) > len(
            saved_responses(os.path.join(ws, "run1"), result,
                            ("changed", "error"))[1]),
              "--save-responses all: %s != %s" % (on_disk, want))
        check(got2 == EXPECTED, "flaky run: fields %s" % sorted(got2))
        n = len(flaky.requests())
        check(result2["run"]["calls_sent"] == n,
              "flaky run: calls_sent %d == server log %d"
              % (result2["run"]["calls_sent"], n))
        check(result2["summary"]["retries"] > 0, "flaky run counted retries")

        # Interrupted, then resumed: no call sent twice, same result.
        slow = Server(tmp, "after", "--delay", "0.05")
        servers.append(slow)
        set_env_port(ws, "after", slow.port)
        proc = subprocess.Popen([RELCHECK, "run", "--env", "after",
                                 "--notice", "notice.eml", "--out", "run3",
                                 "--jobs", "1", "--quiet"], cwd=ws,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while len(slow.requests()) < 10 and time.time() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
        check(proc.returncode == 130, "interrupted run exits 130, not %d"
              % proc.returncode)
        with open(os.path.join(ws, "run3", "result.json")) as fp:
            partial = json.load(fp)
        check(partial["run"]["complete"] is False, "complete: false")
        first = len(slow.requests())
        check(first < 44, "the interrupt stopped the run (%d sent)" % first)
        relcheck(ws, "run", "--resume", "run3", "--quiet", check=1)
        result3, got3 = fields(os.path.join(ws, "run3"))
        check(got3 == EXPECTED, "resumed run: fields %s" % sorted(got3))
        check(result3["run"]["complete"] is True, "resumed run complete")
        paths = [r["path"] for r in slow.requests()]
        dup = {p for p in paths if paths.count(p) > 1}
        check(not dup, "calls sent twice: %s" % sorted(dup))
        check(len(paths) == 44, "44 requests over both sessions, not %d"
              % len(paths))

        # Shards: 1/2 and 2/2 together equal the unsharded run.
        set_env_port(ws, "after", after.port)
        relcheck(ws, "run", "--env", "after", "--notice", "notice.eml",
                 "--shard", "1/2", "--out", "shard1", check=1)
        relcheck(ws, "run", "--env", "after", "--notice", "notice.eml",
                 "--shard", "2/2", "--out", "shard2", "--save-responses",
                 "none")
        check(not os.path.exists(os.path.join(ws, "shard2", "responses")),
              "--save-responses none keeps no response")
        r1, f1 = fields(os.path.join(ws, "shard1"))
        r2, f2 = fields(os.path.join(ws, "shard2"))
        s1 = {s["name"] for s in r1["suites"]}
        s2 = {s["name"] for s in r2["suites"]}
        check(not (s1 & s2), "shards overlap: %s" % (s1 & s2))
        check(s1 | s2 == set(names), "shards cover every suite")
        check(f1 | f2 == EXPECTED, "shard fields %s" % sorted(f1 | f2))
        print("ok: fields, flaky retries, resume and shards")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
