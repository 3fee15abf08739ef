#!/usr/bin/python3
"""Differential test of `relcheck diff` against Python's deepdiff.

Generates 400 seeded random JSON pairs (nested objects, equal-length
arrays, unicode text, odd member names, every JSON type, members moved to
another name, arrays shuffled) and a set of hand-made pairs, runs
`relcheck diff --json` on each and checks that the set of (path, kind)
equals deepdiff's, after turning deepdiff's paths into SPEC section 6
paths. The two kinds deepdiff does not have are mapped back to what it
reports (SPEC section 6):
- `renamed` at PATH with `new_path` NEW is deepdiff's removal of PATH and
  addition of NEW (and its old and new values must be equal);
- `reordered` at PATH with the arrays OLD and NEW is what deepdiff reports
  for DeepDiff(OLD, NEW) below PATH (and deepdiff with ignore_order and
  report_repetition must find OLD and NEW equal).
Which renames and reorders relcheck reports is checked against an oracle
written here from the SPEC's words (unique pairing of equal values per
object, not null/boolean/empty; same multiset in another order), so a
rename or reorder missed or invented is a disagreement too. Run by ctest
with RELCHECK set; needs /usr/bin/python3 with the Debian package
python3-deepdiff. Shared by test_diff_deepdiff_xml.py.
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
    """Returns a changed copy of v; arrays keep their length. Members may
    move to another name with their value; an array may be shuffled (and
    is then not changed otherwise)."""
    if isinstance(v, dict):
        out = {}
        for k, child in v.items():
            roll = rng.random()
            if roll < 0.08:
                continue  # removed
            out[k] = mutate(rng, child, depth + 1) if roll < 0.5 else child
        if out and rng.random() < 0.2:
            free = [n for n in NAMES if n not in out and n not in v]
            if free:  # renamed: the value moves to a name new to both
                k = rng.choice(list(out))
                out[rng.choice(free)] = out.pop(k)
        if rng.random() < 0.15:
            free = [n for n in NAMES if n not in out]
            if free:
                out[rng.choice(free)] = rand_value(rng, depth + 1)
        return out
    if isinstance(v, list):
        if len(v) > 1 and rng.random() < 0.2:
            out = list(v)
            rng.shuffle(out)
            return out
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


def expected(a, b, render_steps=render):
    tree = DeepDiff(a, b, view="tree")
    found = set()
    for report, kind in KINDS.items():
        for level in tree.get(report, []):
            found.add((render_steps(level.path(output_format="list")), kind))
    unknown = set(tree.keys()) - set(KINDS)
    if unknown:
        raise AssertionError("deepdiff reported %s" % sorted(unknown))
    return found


def canon(v):
    """A text equal for values relcheck finds equal (members in any
    order; 1, 1.0 and true all differ)."""
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def jtype(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "real"
    return type(v).__name__


def renamable(v):
    """SPEC section 6: not null, not a boolean, not an empty object or
    array."""
    return not (v is None or isinstance(v, bool) or v == {} or v == [])


def unique_pairs(removed, added):
    """(old, new) names whose values pair uniquely: removed and added are
    lists of (name, value) with values renamable and canonical."""
    groups = {}
    for side, members in ((0, removed), (1, added)):
        for name, value in members:
            groups.setdefault(value, ([], []))[side].append(name)
    return [(g[0][0], g[1][0]) for g in groups.values()
            if len(g[0]) == 1 and len(g[1]) == 1]


def oracle(a, b, steps=(), out=None):
    """The renames and reorders SPEC section 6 defines for a JSON pair, as
    (path, "renamed", new_path) and (path, "reordered", None)."""
    out = set() if out is None else out
    if jtype(a) != jtype(b):
        return out
    if isinstance(a, dict):
        for k in a:
            if k in b:
                oracle(a[k], b[k], steps + (k,), out)
        removed = [(k, canon(v)) for k, v in a.items()
                   if k not in b and renamable(v)]
        added = [(k, canon(v)) for k, v in b.items()
                 if k not in a and renamable(v)]
        for old, new in unique_pairs(removed, added):
            out.add((render(steps + (old,)), "renamed",
                     render(steps + (new,))))
    elif isinstance(a, list):
        if (len(a) == len(b) and canon(a) != canon(b)
                and sorted(map(canon, a)) == sorted(map(canon, b))):
            out.add((render(steps), "reordered", None))
            return out
        for i in range(min(len(a), len(b))):
            oracle(a[i], b[i], steps + (i,), out)
    return out


def run_diff(path_a, path_b):
    """relcheck diff --json's differences (exit 0 or 1, as it says)."""
    p = subprocess.run([RELCHECK, "diff", "--json", path_a, path_b],
                       capture_output=True, check=False)
    if p.returncode not in (0, 1):
        raise AssertionError("exit %d: %s" % (p.returncode,
                                              p.stderr.decode()))
    diffs = json.loads(p.stdout)["differences"]
    if (p.returncode == 1) != bool(diffs):
        raise AssertionError("exit %d with %d differences"
                             % (p.returncode, len(diffs)))
    return diffs


def map_back(diffs, json_values=True):
    """(the (path, kind) set deepdiff would report, the renames and
    reorders as oracle() writes them). A rename is a removal and an
    addition; a reorder is deepdiff's own report of its two arrays."""
    got, special = set(), set()
    for d in diffs:
        kind = d["kind"]
        if kind == "renamed":
            got.add((d["path"], "removed"))
            got.add((d["new_path"], "added"))
            special.add((d["path"], "renamed", d["new_path"]))
            if json_values and canon(d["old"]) != canon(d["new"]):
                raise AssertionError("rename %s changes the value" % d)
        elif kind == "reordered":
            old, new = d["old"], d["new"]
            special.add((d["path"], "reordered", None))
            if (len(old) != len(new) or canon(old) == canon(new)
                    or DeepDiff(old, new, ignore_order=True,
                                report_repetition=True)):
                raise AssertionError("not a reorder: %s" % d)
            for sub, sub_kind in expected(old, new):
                got.add((d["path"] + sub[1:], sub_kind))
        else:
            got.add((d["path"], kind))
    return got, special


def actual(folder, a, b):
    pa, pb = os.path.join(folder, "a.json"), os.path.join(folder, "b.json")
    with open(pa, "w", encoding="utf-8") as f:
        json.dump(a, f)
    with open(pb, "w", encoding="utf-8") as f:
        json.dump(b, f)
    return run_diff(pa, pb)


# Hand-made pairs: renames that must and must not pair, reorders with
# duplicates, reorders inside renamed and kept members.
PAIRS_BY_HAND = [
    ({"kredietlimiet": 5000, "naam": "A"}, {"krediet_limiet": 5000,
                                           "naam": "A"}),
    ({"a": 1, "b": 1}, {"c": 1}),
    ({"a": "x"}, {"b": "x", "c": "x"}),
    ({"a": None, "b": True, "c": {}, "d": []},
     {"e": None, "f": True, "g": {}, "h": []}),
    ({"a": 1}, {"b": 1.0}),
    ({"a": "", "b": 0}, {"c": "", "d": 0}),
    ({"p": {"a": 7}, "q": {}}, {"p": {}, "q": {"b": 7}}),
    ({"a": {"x": [1, 2], "y": "z"}}, {"b": {"y": "z", "x": [1, 2]}}),
    ([1, 1, 2], [1, 2, 1]),
    ([1, 1, 2], [1, 2, 2]),
    ([1, 2.0], [2.0, 1]),
    ({"l": [{"k": 1}, {"k": 2}, [3, 4]]}, {"l": [[3, 4], {"k": 2}, {"k": 1}]}),
    ({"l": [[1, 2], [2, 1]]}, {"l": [[2, 1], [1, 2]]}),
    ({"l": [[1, 2], 3]}, {"l": [[2, 1], 3]}),
    ({"a": [1, 2, 3], "b": "v"}, {"c": [1, 2, 3], "b": "v"}),
    ({"x": {"a": [1, 2]}, "y": 1}, {"x": {"a": [2, 1]}, "z": 1}),
]


def check_pair(folder, a, b):
    """The disagreement message of one pair, or None."""
    want = expected(a, b)
    got, special = map_back(actual(folder, a, b))
    should = oracle(a, b)
    if want == got and special == should:
        return None
    return ("  a: %s\n  b: %s\n  deepdiff only: %s\n  relcheck only: %s\n"
            "  oracle only: %s\n  renamed/reordered only: %s"
            % (json.dumps(a), json.dumps(b), sorted(want - got),
               sorted(got - want), sorted(should - special),
               sorted(special - should)))


def main():
    failures = 0
    kinds = {}
    with tempfile.TemporaryDirectory() as folder:
        pairs = [("pair %d by hand" % i, a, b)
                 for i, (a, b) in enumerate(PAIRS_BY_HAND)]
        for seed in range(PAIRS):
            rng = random.Random(seed)
            # documents are objects or arrays: that is how `relcheck diff`
            # tells JSON by content
            if seed % 4:
                a = {n: rand_value(rng, 1) for n in rng.sample(NAMES, 8)}
            else:
                a = [rand_value(rng, 1) for _ in range(rng.randrange(1, 6))]
            pairs.append(("seed %d" % seed, a, mutate(rng, a)))
        for name, a, b in pairs:
            for kind in oracle(a, b):
                kinds[kind[1]] = kinds.get(kind[1], 0) + 1
            why = check_pair(folder, a, b)
            if why:
                failures += 1
                print("%s disagrees\n%s" % (name, why))
    print("%d pairs, %d disagreements; renames and reorders: %s"
          % (len(pairs), failures, json.dumps(kinds, sort_keys=True)))
    # the generator must exercise both kinds, or agreement means little
    if kinds.get("renamed", 0) < 20 or kinds.get("reordered", 0) < 20:
        print("too few renames or reorders: %s" % kinds)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
