#!/usr/bin/python3
"""Benchmark peer: reads two JSON files and diffs them with deepdiff
(python3-deepdiff, Debian); prints how many differences it found."""
import json
import sys

from deepdiff import DeepDiff

with open(sys.argv[1], encoding="utf-8") as f:
    a = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    b = json.load(f)
d = DeepDiff(a, b, view="tree")
print(sum(len(v) for v in d.values()))
