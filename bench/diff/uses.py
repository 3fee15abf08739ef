#!/usr/bin/python3
"""The cost of `uses` (SPEC section 11) on the diff benchmark's documents.

  bench/diff/uses.py [RELCHECK] [--runs N]

Times `relcheck diff a.json b.json` on the two ~59 MB files of 200,000
records, 1% changed (bench/diff/gen.py, generated into bench/out/ when
missing), once without and once with 50 --uses patterns: the record
fields the integration reads, `..` and `re:` forms, and patterns that name
nothing. Interleaved runs (without, with, without, ...), median wall and
CPU time (user + sys) from /usr/bin/time. Prints the ratio; exits 1 when
`uses` costs more than 1.1x (the issue's target).
"""
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "bench", "out")

FIELDS = ["id", "factuurnummer", "datum", "bedrag", "btw", "status",
          "betaald", "opmerking"]


def patterns():
    p = ["$.facturen[*].%s" % f for f in FIELDS]
    p += ["$.facturen[*].debiteur.code", "$.facturen[*].debiteur.naam",
          "$.facturen[*].regels[*].artikel", "$..aantal", "$.meta.count",
          "re:^\\$\\.facturen\\[\\d+\\]\\.debiteur\\.plaats$"]
    p += ["$.facturen[*].veld_%02d" % i for i in range(36 - 4)]
    p += ["$..onbekend", "$.facturen[*].regels[*].korting",
          "re:\\.kostenplaats$", "$.totalen.*"]
    assert len(p) == 50, len(p)
    return p


def measure(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode not in (0, 1):
        sys.exit("%s failed: %s" % (cmd, p.stderr[-500:]))
    e, u, s = p.stderr.strip().splitlines()[-1].split()[-3:]
    return float(e), float(u) + float(s)


def main():
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    relcheck = args[0] if args else os.path.join(ROOT, "build", "runner",
                                                 "relcheck")
    a, b = os.path.join(OUT, "a.json"), os.path.join(OUT, "b.json")
    if not os.path.exists(b):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gen.py"),
                        "records", OUT, "200000"], check=True)
    plain = [relcheck, "diff", a, b, "--json"]
    uses = plain + [x for p in patterns() for x in ("--uses", p)]
    got = {"without": [], "with": []}
    for i in range(runs):
        for k, cmd in (("without", plain), ("with", uses)):
            got[k].append(measure(cmd))
            print("run %d %s uses: %.2f s wall, %.2f s CPU" % (
                i + 1, k, *got[k][-1]), flush=True)
    size = os.path.getsize(a) / 1e6
    print("| diff of two %.0f MB documents | wall s (median of %d) | "
          "CPU s |" % (size, runs))
    print("|---|---:|---:|")
    med = {}
    for k, v in got.items():
        med[k] = (statistics.median(w for w, _ in v),
                  statistics.median(c for _, c in v))
        print("| %s uses (%s) | %.2f | %.2f |" % (
            k, "50 patterns" if k == "with" else "none", *med[k]))
    wall = med["with"][0] / med["without"][0]
    cpu = med["with"][1] / med["without"][1]
    print("\nwith/without: %.3fx wall, %.3fx CPU (target <= 1.1x)"
          % (wall, cpu))
    sys.exit(0 if cpu <= 1.1 else 1)


if __name__ == "__main__":
    main()
