#!/usr/bin/python3
"""Differential test of `relcheck diff` against Python's deepdiff.

Generates 400 seeded random JSON pairs (nested objects, equal-length
arrays, unicode text, odd member names, every JSON type), runs
`relcheck diff --json` on each and checks that the set of (path, kind)
equals deepdiff's, after turning deepdiff's paths into SPEC section 6
paths. Run by ctest with RELCHECK set; needs /usr/bin/python3 with the
Debian package python3-deepdiff. A failing pair is kept in a temporary
folder named in the output so that it can be replayed by hand.
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

from deepdiff import DeepDiff

RELCHECK = os.environ.get("RELCHECK", "relcheck")
PAIRS = 400
NAMES = ["id", "naam", "bedrag", "a b", "it's", "back\\slash", "", "ünï",
         "1abc", "_x9", "$", "[*]", "a.b", "k\u00e9y", "emoji\U0001F600",
         "quote\"d", "tab\tname", "status", "nested", "x"]
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def rand_scalar(rng):
    kind = rng.randrange(7)
    if kind == 0:
        return rng.choice(["", "open", "paid", "ü", "日本", "\U0001F600",
                           "a'b", "back\\", "line\nbreak"])
    if kind == 1:
        return rng.randrange(-1000, 1000)
    if kind == 2:
        return rng.choice([0.5, -2.25, 3.14159, 1e-7, 123456.789, 1.0])
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4:
        return None
    if kind == 5:
        return rng.randrange(-2**62, 2**62)
    return rng.choice(["x", "y", "z"])


def rand_value(rng, depth):
    roll = rng.random()
    if depth > 3 or roll < 0.45:
        return rand_scalar(rng)
    if roll < 0.75:
        names = rng.sample(NAMES, rng.randrange(0, 6))
        return {n: rand_value(rng, depth + 1) for n in names}
    return [rand_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]


def mutate(rng, v, depth=0):
    """Returns a changed copy of v; arrays keep their length."""
    if isinstance(v, dict):
        out = {}
        for k, child in v.items():
            roll = rng.random()
            if roll < 0.08:
                continue  # removed
            out[k] = mutate(rng, child, depth + 1) if roll < 0.5 else child
        if rng.random() < 0.15:
            free = [n for n in NAMES if n not in out]
            if free:
                out[rng.choice(free)] = rand_value(rng, depth + 1)
        return out
    if isinstance(v, list):
        return [mutate(rng, c, depth + 1) if rng.random() < 0.4 else c
                for c in v]
    roll = rng.random()
    if roll < 0.3:
        return v
    if roll < 0.8:
        return rand_scalar(rng)
    return rand_value(rng, depth + 1)


def render(steps):
    """SPEC section 6 path of a list of keys and indexes."""
    out = "$"
    for s in steps:
        if isinstance(s, int):
            out += "[%d]" % s
        elif IDENT.match(s):
            out += "." + s
        else:
            out += "['" + s.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return out


KINDS = {
    "type_changes": "type",
    "values_changed": "changed",
    "dictionary_item_added": "added",
    "dictionary_item_removed": "removed",
    "iterable_item_added": "added",
    "iterable_item_removed": "removed",
}


def expected(a, b):
    tree = DeepDiff(a, b, view="tree")
    found = set()
    for report, kind in KINDS.items():
        for level in tree.get(report, []):
            found.add((render(level.path(output_format="list")), kind))
    unknown = set(tree.keys()) - set(KINDS)
    if unknown:
        raise AssertionError("deepdiff reported %s" % sorted(unknown))
    return found


def actual(folder, a, b):
    pa, pb = os.path.join(folder, "a.json"), os.path.join(folder, "b.json")
    with open(pa, "w", encoding="utf-8") as f:
        json.dump(a, f)
    with open(pb, "w", encoding="utf-8") as f:
        json.dump(b, f)
    p = subprocess.run([RELCHECK, "diff", "--json", pa, pb],
                       capture_output=True, check=False)
    if p.returncode not in (0, 1):
        raise AssertionError("exit %d: %s" % (p.returncode,
                                              p.stderr.decode()))
    out = json.loads(p.stdout)
    got = {(d["path"], d["kind"]) for d in out["differences"]}
    if (p.returncode == 1) != bool(got):
        raise AssertionError("exit %d with %d differences"
                             % (p.returncode, len(got)))
    return got


def main():
    failures = 0
    kinds = {}
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(PAIRS):
            rng = random.Random(seed)
            # documents are objects or arrays: that is how `relcheck diff`
            # tells JSON by content
            if seed % 4:
                a = {n: rand_value(rng, 1) for n in rng.sample(NAMES, 8)}
            else:
                a = [rand_value(rng, 1) for _ in range(rng.randrange(1, 6))]
            b = mutate(rng, a)
            want = expected(a, b)
            got = actual(folder, a, b)
            for _, kind in got:
                kinds[kind] = kinds.get(kind, 0) + 1
            if want != got:
                failures += 1
                print("seed %d disagrees\n  a: %s\n  b: %s\n"
                      "  deepdiff only: %s\n  relcheck only: %s"
                      % (seed, json.dumps(a), json.dumps(b),
                         sorted(want - got), sorted(got - want)))
    print("%d pairs, %d disagreements; differences by kind: %s"
          % (PAIRS, failures, json.dumps(kinds, sort_keys=True)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
