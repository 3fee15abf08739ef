"""Sharded runs merged equal the unsharded run.

The run folder tests/data/runs/basic is split the way `run --shard K/N`
splits a run (every N-th suite, sorted by name, starting at K), each shard
keeping its own lines of calls.jsonl and its responses; `relcheck merge`
joins them, and the merged result.json must equal the unsharded one but
for the run's id, times and shard bookkeeping. Also: overlapping shards,
the same shard twice and different environments are refused; a missing
shard makes an incomplete run.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from reportlib import RELCHECK, relcheck, run_folder  # noqa: E402

VOLATILE = ("id", "started_at", "finished_at", "shard")


def make_shard(src, dst, k, n, environment=None):
    run = json.load(open(os.path.join(src, "run.json")))
    suites = sorted(run["suites"], key=lambda s: s["name"])[k - 1::n]
    run["suites"] = suites
    run["shard"] = "%d/%d" % (k, n)
    run["id"] = "shard-%d" % k
    if environment:
        run["environment"] = environment
    names = {s["name"] for s in suites}
    os.makedirs(dst)
    json.dump(run, open(os.path.join(dst, "run.json"), "w"), indent=1)
    with open(os.path.join(src, "calls.jsonl")) as f, \
            open(os.path.join(dst, "calls.jsonl"), "w") as out:
        for line in f:
            if json.loads(line).get("suite") in names:
                out.write(line)
    for name in names:
        rdir = os.path.join(dst, "responses", name)
        os.makedirs(rdir)
        with open(os.path.join(rdir, "probe.json"), "w") as f:
            f.write("{}\n")
    return dst


def comparable(path):
    doc = json.load(open(path))
    for key in VOLATILE:
        doc["run"].pop(key)
    return doc


def refused(args, message):
    p = subprocess.run([RELCHECK, "merge", *args], capture_output=True,
                       text=True)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert message in p.stderr, p.stderr


def main():
    with tempfile.TemporaryDirectory() as t:
        whole = run_folder("basic", t)
        relcheck("report", whole, "--format", "json", expect=0)
        s1 = make_shard(whole, os.path.join(t, "s1"), 1, 2)
        s2 = make_shard(whole, os.path.join(t, "s2"), 2, 2)
        merged = os.path.join(t, "merged")
        out = relcheck("merge", s2, s1, "--out", merged, expect=3)
        assert "merged 2 run folders" in out
        got = comparable(os.path.join(merged, "result.json"))
        want = comparable(os.path.join(whole, "result.json"))
        assert got == want, json.dumps([got, want], indent=1)[:4000]
        doc = json.load(open(os.path.join(merged, "result.json")))
        assert doc["run"]["shard"] == "1/1" and doc["run"]["complete"]
        for f in ("report.html", "junit.xml", "report.md",
                  "responses/debiteuren/probe.json",
                  "responses/facturen/probe.json"):
            assert os.path.exists(os.path.join(merged, f)), f
        # the merged folder is a run folder: report works on it
        relcheck("report", merged, "--format", "md")

        refused([s1, s1, "--out", os.path.join(t, "m2")],
                "overlapping shards: shard 1/2 is also")
        other = make_shard(whole, os.path.join(t, "o2"), 2, 2, "test")
        refused([s1, other, "--out", os.path.join(t, "m3")],
                "different environment")
        # a suite in two shards (shards of different runs)
        both = make_shard(whole, os.path.join(t, "b1"), 1, 1)
        run = json.load(open(os.path.join(both, "run.json")))
        run["shard"] = "2/2"
        json.dump(run, open(os.path.join(both, "run.json"), "w"))
        refused([s1, both, "--out", os.path.join(t, "m4")],
                "overlapping shards: suite 'debiteuren' is in two shards")
        refused([s1, s2, "--out", merged], "folder already holds a run")

        # a missing shard: incomplete, said so
        p = subprocess.run([RELCHECK, "merge", s1, "--out",
                            os.path.join(t, "m5")], capture_output=True,
                           text=True)
        assert "1 of 2 shards given" in p.stderr, p.stderr
        doc = json.load(open(os.path.join(t, "m5", "result.json")))
        assert doc["run"]["shard"] == "1/2" and not doc["run"]["complete"]
        assert doc["summary"]["verdict"] == "fail"
    print("ok")


if __name__ == "__main__":
    main()
