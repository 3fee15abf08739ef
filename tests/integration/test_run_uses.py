#!/usr/bin/python3
"""End to end, SPEC section 11: the fields an integration uses. Records
baselines against the loopback ERP "before" its upgrade
(tests/servers/upgrade_server.py), then runs against the one "after":

- a run whose only changes are in fields the integration does not use
  passes (exit 0), its call stays `changed`, every row says "used": false,
  summary.unused counts them, JUnit has no failure (the unused differences
  are in system-out);
- a run with a used change (an XML field below a suite-wide `uses`) fails,
  and JUnit fails only that call;
- result.json is format 3, the text summary counts the unused fields, and
  report.html shows the used table and the folded "not used" section;
- `relcheck report` rebuilds the same verdict offline.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

RELCHECK = os.environ["RELCHECK"]
SRC = os.environ["RC_SOURCE_DIR"]
SERVER = os.path.join(SRC, "tests", "servers", "upgrade_server.py")


def check(cond, what):
    if not cond:
        sys.exit("FAILED: " + what)


def relcheck(ws, *args, want=None):
    p = subprocess.run([RELCHECK] + list(args), cwd=ws, capture_output=True,
                       text=True)
    if want is not None and p.returncode != want:
        sys.exit("relcheck %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s"
                 % (" ".join(args), p.returncode, want, p.stdout, p.stderr))
    return p


def start(tmp, mode):
    log = os.path.join(tmp, mode + ".log")
    proc = subprocess.Popen(["/usr/bin/python3", SERVER, "--mode", mode,
                             "--log", log], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("PORT "), line
    return proc, int(line.split()[1])


def write_workspace(ws, before, after):
    os.makedirs(os.path.join(ws, "suites"))
    cfg = {"environments": {
        "before": {"base_url": "http://127.0.0.1:%d" % before},
        "after": {"base_url": "http://127.0.0.1:%d" % after}},
        "diff": {"headers": ["content-type"]},
        "replay": {"jobs": 2}}
    suites = [
        # the integration reads the invoice number and the debtor only:
        # bedrag retyped, status changed, valuta removed, btw added are all
        # outside what it reads
        {"name": "facturen", "programs": ["VFAFAC"], "calls": [{
            "id": "open", "path": "/facturen", "query": {"status": "open"},
            "array_keys": {"$.facturen": "factuurnummer"},
            "uses": ["$.facturen[*].factuurnummer",
                     "$.facturen[*].debiteur"]}]},
        # suite-wide uses: the description of an account is read
        {"name": "grootboek", "programs": ["FINGRB"],
         "uses": ["//Rekening/Omschrijving"],
         "calls": [{"id": "export", "path": "/grootboek",
                    "uses": ["/Grootboek/Rekening/@nr"]}]},
    ]
    with open(os.path.join(ws, "relcheck.json"), "w") as fp:
        json.dump(cfg, fp, indent=2)
    for s in suites:
        with open(os.path.join(ws, "suites", s["name"] + ".json"), "w") as fp:
            json.dump(s, fp, indent=2)


def load(path):
    with open(path) as fp:
        return json.load(fp)


def unused_only_run(ws):
    p = relcheck(ws, "run", "--env", "after", "--suite", "facturen",
                 "--out", "r1", want=0)
    res = load(os.path.join(ws, "r1", "result.json"))
    check(res["format"] == 3, "result.json format 3: %s" % res["format"])
    call = res["suites"][0]["calls"][0]
    check(call["outcome"] == "changed", "call changed: %s" % call["outcome"])
    real = [d for d in call["differences"] if d["severity"] != "noise"]
    check(real and all(d.get("used") is False for d in real),
          "every non-noise difference unused: %s" % real)
    rows = [f for f in res["fields"] if f["severity"] != "noise"]
    got = {(f["field"], f["kind"]) for f in rows}
    want = {("$.facturen[*].bedrag", "type"),
            ("$.facturen[*].valuta", "removed"),
            ("$.facturen[*].status", "changed"),
            ("$.facturen[*].btw", "added")}
    check(got == want, "unused rows %s" % sorted(got))
    check(all(f.get("used") is False for f in rows), "rows say used false")
    s = res["summary"]
    check(s["unused"] == 4 and s["breaking"] == 0 and s["changed_fields"] == 0
          and s["verdict"] == "pass", "summary %s" % s)
    check("4 not used" in p.stdout, "text counts the unused: " + p.stdout)
    check("Changed, not used by the integration" in p.stdout,
          "text lists them after the used ones")
    junit = ET.parse(os.path.join(ws, "r1", "junit.xml")).getroot()
    case = junit.find(".//testcase")
    check(case.find("failure") is None, "JUnit: no failure for unused")
    out = case.find("system-out")
    check(out is not None and "$.facturen" in out.text
          and "not used by the integration" in out.text,
          "JUnit system-out lists the unused differences")
    md = open(os.path.join(ws, "r1", "report.md")).read()
    check("<details><summary>Changed, not used by the integration (4)"
          in md, "markdown folds the unused")


def used_change_run(ws):
    p = relcheck(ws, "run", "--env", "after", "--all", "--out", "r2", want=1)
    res = load(os.path.join(ws, "r2", "result.json"))
    rows = {(f["suite"], f["field"], f["kind"], f.get("used", True))
            for f in res["fields"] if f["severity"] != "noise"}
    check(("grootboek", "/Grootboek/Rekening/Omschrijving", "changed", True)
          in rows, "the used XML change: %s" % sorted(rows))
    check(("grootboek", "/Grootboek/@versie", "changed", False) in rows,
          "the unused attribute: %s" % sorted(rows))
    check(res["summary"]["verdict"] == "fail", "verdict fail")
    check(res["summary"]["unused"] == 5, "unused %s" % res["summary"])
    lines = p.stdout.splitlines()
    used_at = next(i for i, l in enumerate(lines) if "Affected fields" in l)
    unused_at = next(i for i, l in enumerate(lines)
                     if "Changed, not used" in l)
    check(used_at < unused_at, "used fields lead the text summary")
    junit = ET.parse(os.path.join(ws, "r2", "junit.xml")).getroot()
    failed = {c.get("classname") for c in junit.iter("testcase")
              if c.find("failure") is not None}
    check(failed == {"grootboek"}, "JUnit fails only grootboek: %s" % failed)
    text = junit.find(".//testcase[@classname='grootboek']/failure").text
    check("Omschrijving" in text and "@versie" not in text,
          "the failure lists only used differences: " + text)
    html = open(os.path.join(ws, "r2", "report.html")).read()
    t1 = html.index('id="fields-table"')
    t2 = html.index('id="unused-fields"')
    check(t1 < t2, "used table before the folded section")
    check("Omschrijving" in html[t1:t2] and "$.facturen[*].valuta"
          in html[t2:], "used rows first, unused in the fold")
    # offline, the same verdict
    relcheck(ws, "report", "r2", "--format", "json", want=0)
    again = load(os.path.join(ws, "r2", "result.json"))
    check(again["fields"] == res["fields"]
          and again["summary"]["verdict"] == "fail", "report rebuilds it")


def main():
    tmp = tempfile.mkdtemp(prefix="rc-run-uses-")
    procs = []
    try:
        b, bport = start(tmp, "before")
        a, aport = start(tmp, "after")
        procs = [b, a]
        ws = os.path.join(tmp, "ws")
        write_workspace(ws, bport, aport)
        relcheck(ws, "record", "--env", "before", "--repeat", "2", want=0)
        relcheck(ws, "check", want=0)
        unused_only_run(ws)
        used_change_run(ws)
    finally:
        for p in procs:
            p.terminate()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
