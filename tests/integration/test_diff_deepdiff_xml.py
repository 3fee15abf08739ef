#!/usr/bin/python3
"""Differential test of `relcheck diff` on XML against Python's deepdiff.

deepdiff knows no XML, so each random document (elements with attributes,
leaves with text, child names unique per parent so no position is ever
written) is also turned into a dict: an element is {"@attr": value,
"#text": text (leaves only), "Child": {...}}. deepdiff's report on the two
dicts, its steps turned into XPath-like SPEC section 6 paths (`@a` an
attribute, `#text` the element itself), must equal relcheck's, with each
`renamed` difference mapped back to the removal of its path and the
addition of its new_path. An oracle written from the SPEC's words (a
removed and an added child of one parent with equal content, paired
uniquely, not empty) must name exactly the renames relcheck reports.
Mutations: text and attribute values change, attributes and children come
and go, and children move to another name with their content. Run by
ctest with RELCHECK set; needs /usr/bin/python3 with python3-deepdiff.
"""
import json
import os
import random
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_diff_deepdiff import (canon, expected, map_back, run_diff,  # noqa
                                unique_pairs)

PAIRS = 300
NAMES = ["Boeking", "Omschrijving", "Toelichting", "Bedrag", "Datum",
         "Naam", "Regel", "x", "y", "Code", "Adres", "Iban"]
ATTRS = ["nummer", "versie", "id", "t"]
TEXTS = ["", "0.00", "Debiteuren F2026-00098", "EUR", "ja", "日本", "x",
         "a & b", "<tag>", "1"]
ROOT = "Export"


def rand_leaf(rng):
    e = {"#text": rng.choice(TEXTS)}
    for a in rng.sample(ATTRS, rng.choice([0, 0, 1, 2])):
        e["@" + a] = rng.choice(TEXTS)
    return e


def rand_element(rng, depth):
    if depth > 3 or rng.random() < 0.45:
        return rand_leaf(rng)
    e = {}
    for a in rng.sample(ATTRS, rng.choice([0, 1])):
        e["@" + a] = rng.choice(TEXTS)
    for n in rng.sample(NAMES, rng.randrange(0, 5)):
        e[n] = rand_element(rng, depth + 1)
    return e


def children(e):
    return [k for k in e if not k.startswith(("@", "#"))]


def mutate(rng, e, depth=0):
    out = {}
    for k, v in e.items():
        roll = rng.random()
        if k == "#text":
            out[k] = rng.choice(TEXTS) if roll < 0.3 else v
        elif k.startswith("@"):
            if roll < 0.1:
                continue
            out[k] = rng.choice(TEXTS) if roll < 0.25 else v
        elif roll < 0.08:
            continue
        else:
            out[k] = mutate(rng, v, depth + 1) if roll < 0.5 else v
    if "#text" not in e:  # a branch: children move and come
        kids = children(out)
        free = [n for n in NAMES if n not in out and n not in e]
        if kids and free and rng.random() < 0.3:
            k = rng.choice(kids)
            out[rng.choice(free)] = out.pop(k)
        # a new name: one removed here may have held children where the
        # new element has text (a `type` difference deepdiff cannot see)
        free = [n for n in NAMES if n not in out and n not in e]
        if free and rng.random() < 0.15:
            out[rng.choice(free)] = rand_element(rng, depth + 1)
    if rng.random() < 0.1:
        free = [a for a in ATTRS if "@" + a not in out]
        if free:
            out["@" + rng.choice(free)] = rng.choice(TEXTS)
    return out


def to_xml(name, e):
    node = ET.Element(name, {k[1:]: v for k, v in e.items()
                             if k.startswith("@")})
    if "#text" in e:
        node.text = e["#text"]
    for k in children(e):
        node.append(to_xml(k, e[k]))
    return node


def render(steps):
    out = "/" + ROOT
    for s in steps:
        if s == "#text":
            continue  # the text is the element's own value
        out += "/" + s
    return out


def empty(e):
    return e == {} or e == {"#text": ""}


def oracle(a, b, steps=(), out=None):
    """The renames SPEC section 6 defines for two elements."""
    out = set() if out is None else out
    for k in children(a):
        if k in b:
            oracle(a[k], b[k], steps + (k,), out)
    removed = [(k, canon(a[k])) for k in children(a)
               if k not in b and not empty(a[k])]
    added = [(k, canon(b[k])) for k in children(b)
             if k not in a and not empty(b[k])]
    for old, new in unique_pairs(removed, added):
        out.add((render(steps + (old,)), "renamed", render(steps + (new,))))
    return out


def main():
    failures = 0
    renames = 0
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(PAIRS):
            rng = random.Random(seed)
            a = rand_element(rng, 0)
            while "#text" in a:
                a = rand_element(rng, 0)
            b = mutate(rng, a)
            pa = os.path.join(folder, "a.xml")
            pb = os.path.join(folder, "b.xml")
            ET.ElementTree(to_xml(ROOT, a)).write(pa, encoding="utf-8")
            ET.ElementTree(to_xml(ROOT, b)).write(pb, encoding="utf-8")
            want = expected(a, b, render)
            got, special = map_back(run_diff(pa, pb), json_values=False)
            should = oracle(a, b)
            renames += len(should)
            if want != got or special != should:
                failures += 1
                print("seed %d disagrees\n  a: %s\n  b: %s\n"
                      "  deepdiff only: %s\n  relcheck only: %s\n"
                      "  oracle only: %s\n  renamed only: %s"
                      % (seed, json.dumps(a), json.dumps(b),
                         sorted(want - got), sorted(got - want),
                         sorted(should - special), sorted(special - should)))
    print("%d XML pairs, %d disagreements, %d renames"
          % (PAIRS, failures, renames))
    if renames < 20:
        print("too few renames")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
