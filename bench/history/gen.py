#!/usr/bin/env python3
"""Writes a workspace with RUNS run folders under reports/ (default 500),
spread over releases 10.0.1 .. 10.0.50 (every tenth run without a
notice), each run of CALLS calls (default 40) with a few changed ones, as
`relcheck run` leaves them (run.json, calls.jsonl), and a history.jsonl
of one approval per changed call of every fifth run. Usage: gen.py DIR
[RUNS] [CALLS]"""
import json
import os
import sys

out = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 500
calls = int(sys.argv[3]) if len(sys.argv) > 3 else 40
os.makedirs(os.path.join(out, "reports"), exist_ok=True)
with open(os.path.join(out, "relcheck.json"), "w") as f:
    json.dump({"environments": {"acceptance": {
        "base_url": "http://127.0.0.1:9", "auth": {"type": "none"}}}}, f)
history = open(os.path.join(out, "history.jsonl"), "w")
for r in range(runs):
    rid = "202611%02d-%06d-acceptance" % (1 + r % 28, r)
    release = None if r % 10 == 9 else "10.0.%d" % (1 + r % 50)
    notices = [] if release is None else [{
        "source": "n.eml", "subject": "Release " + release,
        "release": release, "programs": [{"code": "VFAFAC", "name": "F"}]}]
    ids = ["call-%03d" % c for c in range(calls)]
    run = {"format": 1, "relcheck": "0.1.0", "id": rid,
           "environment": "acceptance",
           "started_at": "2026-11-%02dT10:%02d:%02dZ" % (1 + r % 28,
                                                         r // 60 % 60, r % 60),
           "shard": "1/1", "fail_on": "changed", "formats": ["md"],
           "selection": {"notices": [], "suites": ["facturen"], "all": False},
           "notices": notices, "programs": ["VFAFAC"], "coverage_gaps": [],
           "suites": [{"name": "facturen", "programs": ["VFAFAC"],
                       "because": ["VFAFAC"],
                       "calls": [{"id": i, "method": "GET",
                                  "path": "/facturen/" + i} for i in ids]}]}
    d = os.path.join(out, "reports", rid)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "run.json"), "w") as f:
        json.dump(run, f)
    with open(os.path.join(d, "calls.jsonl"), "w") as f:
        for c, i in enumerate(ids):
            changed = (c + r) % 8 == 0
            diffs = [{"path": "$.factuur.veld_%d" % (c % 5),
                      "field": "$.factuur.veld_%d" % (c % 5), "kind": "changed",
                      "severity": "changed", "old": 1, "new": 2}] if changed else []
            f.write(json.dumps({"suite": "facturen", "id": i, "method": "GET",
                                "path": "/facturen/" + i,
                                "outcome": "changed" if changed else "same",
                                "reason": None, "duration_ms": 3,
                                "differences": diffs}) + "\n")
            if changed and r % 5 == 0:
                history.write(json.dumps({
                    "at": run["started_at"], "by": "QA", "run": rid,
                    "release": release, "environment": "acceptance",
                    "suite": "facturen", "call": i,
                    "fields": [diffs[0]["field"]], "action": "baseline",
                    "reason": "expected"}) + "\n")
history.close()
