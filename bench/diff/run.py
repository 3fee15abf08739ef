#!/usr/bin/python3
"""The diff benchmark of SPEC section 10, measured side by side in one run.

  bench/diff/run.py [RELCHECK] [--runs N] [--skip-deepdiff]

Generates the inputs into bench/out/ (once; seeded), builds the jansson
baseline (bench/diff/jansson_load.c) with cc, then times, on the same two
~50 MB files of 200,000 records with 1% changed:
  jansson     both files loaded one after the other (the baseline)
  relcheck    relcheck diff (two loader threads, then the comparison)
  jsondiffpatch  node + jsondiffpatch (npm install in bench/diff first)
  deepdiff    /usr/bin/python3 + python3-deepdiff (one run: it is slow)
and the keyed-array case: relcheck diff --array-key on 50,000 and 200,000
shuffled records. Each figure is the median wall time of N runs (default
3) measured with /usr/bin/time, with CPU time (user + sys) and peak
resident memory. Prints a Markdown table and the ratios against the
targets; exits 1 when a target is missed.
"""
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "bench", "out")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def measure(cmd, runs, ok=(0,)):
    """Median wall, median CPU and max peak RSS (MiB) of runs of cmd."""
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, check=False)
        if p.returncode not in ok:
            sys.exit("%s failed (%d): %s" % (cmd[0], p.returncode,
                                             p.stderr[-500:]))
        e, u, s, m = p.stderr.strip().splitlines()[-1].split()[-4:]
        walls.append(float(e))
        cpus.append(float(u) + float(s))
        rss.append(int(m) / 1024)
    return statistics.median(walls), statistics.median(cpus), max(rss)


def prepare():
    os.makedirs(OUT, exist_ok=True)
    gen = [sys.executable, os.path.join(HERE, "gen.py")]
    if not os.path.exists(os.path.join(OUT, "b.json")):
        sh(gen + ["records", OUT, "200000"])
    for n in (50000, 200000):
        if not os.path.exists(os.path.join(OUT, "keyed-%d-b.json" % n)):
            sh(gen + ["keyed", OUT, str(n)])
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "jansson"],
                           capture_output=True, text=True, check=True)
    sh(["cc", "-O2", "-o", os.path.join(OUT, "jansson_load"),
        os.path.join(HERE, "jansson_load.c")] + flags.stdout.split())


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    skip_dd = "--skip-deepdiff" in args
    args = [a for a in args if a != "--skip-deepdiff"]
    relcheck = args[0] if args else os.path.join(ROOT, "build", "runner",
                                                 "relcheck")
    prepare()
    a, b = os.path.join(OUT, "a.json"), os.path.join(OUT, "b.json")
    size = os.path.getsize(a) / 1e6
    rows = {}
    rows["jansson sequential load"] = measure(
        [os.path.join(OUT, "jansson_load"), a, b], runs)
    rows["relcheck diff"] = measure([relcheck, "diff", a, b], runs, (1,))
    jdp = os.path.join(HERE, "node_modules", "jsondiffpatch")
    if os.path.isdir(jdp):
        rows["jsondiffpatch (node)"] = measure(
            ["node", os.path.join(HERE, "jsondiffpatch_diff.js"), a, b], runs)
    if not skip_dd:
        rows["deepdiff (python3)"] = measure(
            ["/usr/bin/python3", os.path.join(HERE, "deepdiff_diff.py"),
             a, b], 1)
    keyed = {}
    for n in (50000, 200000):
        ka = os.path.join(OUT, "keyed-%d-a.json" % n)
        kb = os.path.join(OUT, "keyed-%d-b.json" % n)
        keyed[n] = measure([relcheck, "diff", "--array-key=$.facturen=id",
                            ka, kb], runs, (1,))
    report(rows, keyed, size, runs)


def report(rows, keyed, size, runs):
    print("Two JSON documents of %.0f MB each, 200,000 records, 1%% changed;"
          " median of %d runs (deepdiff: 1)\n" % (size, runs))
    print("| tool | wall s | CPU s | peak MiB |")
    print("|---|---:|---:|---:|")
    for name, (w, c, m) in rows.items():
        print("| %s | %.2f | %.2f | %.0f |" % (name, w, c, m))
    print("\n| keyed array (shuffled, --array-key) | wall s | CPU s |"
          " peak MiB |")
    print("|---|---:|---:|---:|")
    for n, (w, c, m) in keyed.items():
        print("| %d records | %.2f | %.2f | %.0f |" % (n, w, c, m))
    base = rows["jansson sequential load"]
    mine = rows["relcheck diff"]
    checks = [
        ("time vs jansson sequential load", mine[0] / base[0], "<=", 1.5),
        ("peak memory vs jansson", mine[2] / base[2], "<=", 1.3),
        ("keyed 4x elements, time ratio", keyed[200000][0] / keyed[50000][0],
         "<=", 5.0),
    ]
    if "jsondiffpatch (node)" in rows:
        checks.append(("jsondiffpatch time / relcheck time",
                       rows["jsondiffpatch (node)"][0] / mine[0], ">", 1.0))
    if "deepdiff (python3)" in rows:
        checks.append(("deepdiff time / relcheck time",
                       rows["deepdiff (python3)"][0] / mine[0], ">=", 20.0))
    print("\n| ratio | measured | target | met |")
    print("|---|---:|---:|---|")
    missed = 0
    for name, value, op, target in checks:
        met = value <= target if op == "<=" else (
            value > target if op == ">" else value >= target)
        missed += not met
        print("| %s | %.2f | %s %.1f | %s |" % (name, value, op, target,
                                                "yes" if met else "NO"))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
