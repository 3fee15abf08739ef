#!/usr/bin/env python3
"""Writes a run folder of CALLS calls (default 20,000) in SUITES suites,
every call changed with DIFFS differences (keyed array elements, a removed
member, an added one, a type change, a noise timestamp), as `relcheck run`
would leave it: run.json and calls.jsonl. Usage: gen_run.py DIR [CALLS]
[DIFFS] [SUITES] [unique]; with "unique" every call's fields are its own
(no field repeats across calls)."""
import json
import os
import sys

out = sys.argv[1]
calls = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
diffs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
nsuites = int(sys.argv[4]) if len(sys.argv) > 4 else 20
unique = len(sys.argv) > 5 and sys.argv[5] == "unique"
os.makedirs(out, exist_ok=True)
suites = []
per = calls // nsuites
for s in range(nsuites):
    name = "suite-%02d" % s
    suites.append({"name": name, "programs": ["PRG%03d" % s],
                   "because": ["PRG%03d" % s],
                   "calls": [{"id": "call-%05d" % c, "method": "GET",
                              "path": "/orders/%d" % c} for c in range(per)]})
run = {"format": 1, "relcheck": "0.1.0", "id": "bench-%d" % calls,
       "environment": "acceptance", "started_at": "2026-11-28T10:00:00Z",
       "shard": "1/1", "fail_on": "changed", "formats": ["html"],
       "selection": {"notices": [], "suites": [], "all": True},
       "notices": [], "programs": [], "coverage_gaps": [], "suites": suites}
json.dump(run, open(os.path.join(out, "run.json"), "w"))


def differences(c):
    d = []
    for i in range(diffs):
        kind = ("changed", "removed", "added", "type", "changed")[i % 5]
        sev = {"changed": "changed", "removed": "breaking",
               "added": "additive", "type": "breaking"}[kind]
        if i == diffs - 1:
            kind, sev = "changed", "noise"
        key = "F%06d-%d" % (c, i)
        e = {"path": "$.orders[?@.nr=='%s'].f%d" % (key, i % 7),
             "field": ("$.c%05d.f%d" % (c, i)) if unique
             else "$.orders[*].f%d" % (i % 7), "kind": kind,
             "severity": sev}
        if kind != "added":
            e["old"] = {"bedrag": 100 + i, "omschrijving": "regel %d" % i}
        if kind != "removed":
            e["new"] = "waarde %d van order %d" % (i, c)
        d.append(e)
    return d


def tally(diffs):
    """The per-call "fields" tally `run` writes into each line."""
    rows = {}
    for d in diffs:
        key = (d["field"], d["kind"], d["severity"])
        if key not in rows:
            ex = {k: d[k] for k in ("path", "old", "new") if k in d}
            rows[key] = {"field": key[0], "kind": key[1],
                         "severity": key[2], "occurrences": 0, "example": ex}
        rows[key]["occurrences"] += 1
    return list(rows.values())


with open(os.path.join(out, "calls.jsonl"), "w") as f:
    for s in suites:
        for c, call in enumerate(s["calls"]):
            line = {"suite": s["name"], "id": call["id"], "method": "GET",
                    "path": call["path"], "outcome": "changed",
                    "reason": None, "duration_ms": 3,
                    "request": {"method": "GET",
                                "url": "https://erp-acc.example.nl/api" +
                                call["path"],
                                "headers": {"Accept": "application/json",
                                            "Authorization": "<redacted>"}},
                    "differences": differences(c)}
            line["fields"] = tally(line["differences"])
            f.write(json.dumps(line, separators=(",", ":")) + "\n")
