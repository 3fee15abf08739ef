#!/usr/bin/env bash
# The SPEC section 10 throughput figures from one run, side by side:
#   curl --parallel --parallel-max 16    N GETs of ~2 KB from nginx-light
#   relcheck run, 1 and 2 judging threads (replay.workers), the same N
#                                         calls, each diffed against its
#                                         fixture (default options)
#   newman                                NEWMAN_N of the calls (sequential)
#   relcheck notice vs GMime alone        an mbox of 5,000 notices
# Every tool runs RUNS times, interleaved (so a change in the machine's
# load hits all of them), timed by /usr/bin/time: the table gives median
# wall time and median CPU time (user + system, which the other sessions
# of a shared machine disturb less), the ratios, peak memory and the load
# average before and after.
# Usage: bench/summary.sh [N]   (N default 10000; NEWMAN_N default 1000;
# RUNS default 3; BUILD_DIR default build; WORK default
# /tmp/relcheck-bench-summary). Needs nginx, curl, node/npm (newman is
# installed under $WORK/npm when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")/http" && pwd)
root=$(cd "$here/../.." && pwd)
N=${1:-10000}
NEWMAN_N=${NEWMAN_N:-1000}
RUNS=${RUNS:-3}
build=${BUILD_DIR:-$root/build}
WORK=${WORK:-/tmp/relcheck-bench-summary}
relcheck=$build/runner/relcheck
. "$here/setup.sh"
need_newman

# fixtures for every call, then one workspace per judging-thread count
(cd "$WORK/ws" && "$relcheck" record --env bench --repeat 1 --jobs 16 \
    --quiet >/dev/null)
for w in 1 2; do
    rm -rf "$WORK/ws$w"
    mkdir -p "$WORK/ws$w"
    ln -s "$WORK/ws/suites" "$WORK/ws/fixtures" "$WORK/ws$w/"
    /usr/bin/python3 -c 'import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["replay"]["workers"] = int(sys.argv[3])
json.dump(cfg, open(sys.argv[2], "w"))' "$WORK/ws/relcheck.json" \
        "$WORK/ws$w/relcheck.json" "$w"
done

# the notices
/usr/bin/python3 "$root/bench/notice/gen_mbox.py" "$WORK/notices.mbox" 5000
cc -O2 -o "$WORK/gmime_parse" "$root/bench/notice/gmime_parse.c" \
    $(pkg-config --cflags --libs gmime-3.0)
mkdir -p "$WORK/empty"          # no relcheck.json: default settings

times=$WORK/times.txt
: >"$times"
# measure NAME DIR COMMAND...: one timed run, appended to $times
measure() {
    local name=$1 dir=$2
    shift 2
    (cd "$dir" && /usr/bin/time -f "$name %e %U %S %M" -a -o "$times" \
        "$@" >/dev/null 2>&1)
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$RUNS"); do
    measure curl "$WORK" curl --parallel --parallel-max 16 -s -K "$WORK/curl.cfg"
    for w in 1 2; do
        rm -rf "$WORK/out$w"
        measure "run-$w" "$WORK/ws$w" "$relcheck" run --env bench --all \
            --quiet --out "$WORK/out$w"
    done
    if [ "$r" = 1 ]; then
        measure newman "$WORK" "$newman" run "$WORK/collection.json" \
            --silent || true
    fi
    measure gmime "$WORK" "$WORK/gmime_parse" "$WORK/notices.mbox"
    measure notice "$WORK/empty" "$relcheck" notice --json "$WORK/notices.mbox"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

/usr/bin/python3 - "$times" "$N" "$NEWMAN_N" "$load_before" "$load_after" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 5 and not line.startswith("Command"):
        rows.setdefault(f[0], []).append(
            (float(f[1]), float(f[2]) + float(f[3]), int(f[4]) / 1024))
n, nn = int(sys.argv[2]), int(sys.argv[3])
med = {k: (statistics.median(r[0] for r in v),
           statistics.median(r[1] for r in v), max(r[2] for r in v), len(v))
       for k, v in rows.items()}
calls = {"curl": n, "run-1": n, "run-2": n, "newman": nn}
print("load average before: %s, after: %s (2 cores)" % (sys.argv[4], sys.argv[5]))
print("| tool | runs | wall s | cpu s | calls/s (wall) | vs curl wall | vs curl cpu | vs newman | peak MiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
cw, cc = med["curl"][0] / n, med["curl"][1] / n       # per call
nw = med["newman"][0] / nn
for k in ("curl", "run-1", "run-2", "newman"):
    wall, cpu, mib, runs = med[k]
    per_w, per_c = wall / calls[k], cpu / calls[k]
    print("| %s | %d | %.2f | %.2f | %.0f | %.2fx | %.2fx | %.1fx | %.1f |" % (
        {"run-1": "relcheck run, 1 judge", "run-2": "relcheck run, 2 judges"}
        .get(k, k + (" (%d calls)" % nn if k == "newman" else "")),
        runs, wall, cpu, calls[k] / wall, cw / per_w, cc / per_c,
        nw / per_w, mib))
g, t = med["gmime"], med["notice"]
print("| notice vs GMime (5,000 notices) | %d | %.2f vs %.2f | %.2f vs %.2f | | "
      "%.2fx wall | %.2fx cpu | | %.1f |" % (t[3], t[0], g[0], t[1], g[1],
                                         t[0] / g[0], t[1] / g[1], t[2]))
PY
