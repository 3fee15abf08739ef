#!/usr/bin/env bash
# HTTP engine benchmark (SPEC section 10, issue 5): N GET calls (default
# 10,000) of ~2 KB JSON against nginx-light serving static files on
# loopback, fetched by
#   curl --parallel --parallel-max 16          (the reference)
#   bench_engine (replay_execute, 16 jobs)     (the engine alone)
#   bench_engine --parse                        (engine + JSON parse of each body)
#   relcheck record --repeat 1 --jobs 16       (end to end: fixtures written)
#   relcheck run --all --jobs 16               (replay, diff against each
#                                               fixture, result and reports)
#   newman (npm)                               (sequential, Postman's runner)
# and prints each one's calls/second and the ratios. Needs nginx, curl,
# hyperfine, node/npm; newman is installed under $WORK/npm when missing.
# Usage: bench/http/run.sh [N]   (BUILD_DIR defaults to build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
N=${1:-10000}
NEWMAN_N=${NEWMAN_N:-$N}
RUNS=${RUNS:-5}
build=${BUILD_DIR:-$root/build}
WORK=${WORK:-/tmp/relcheck-bench-http}
. "$here/setup.sh"

# --- the engine harness
cc -O2 -std=c11 -D_GNU_SOURCE -I "$root/runner" "$here/bench_engine.c" \
   "$build/runner/librelcheck_core.a" \
   $(pkg-config --cflags --libs libcurl jansson gmime-3.0 libxml-2.0 libpcre2-8 libmicrohttpd) \
   -lm -lpthread -o "$WORK/bench_engine"

need_newman

relcheck="$build/runner/relcheck"
cd "$WORK/ws"
hyperfine -N -w 1 -r "$RUNS" --export-json "$WORK/hyperfine.json" \
    -n curl "curl --parallel --parallel-max 16 -s -K $WORK/curl.cfg" \
    -n engine "$WORK/bench_engine $WORK/ws/relcheck.json bench 16" \
    -n engine-parse "$WORK/bench_engine $WORK/ws/relcheck.json bench 16 --parse" \
    -n record "$relcheck record --env bench --repeat 1 --jobs 16 --update --quiet" \
    --prepare "rm -rf $WORK/ws/run-out" \
    -n run "$relcheck run --env bench --all --jobs 16 --quiet --out $WORK/ws/run-out" \
    >/dev/null
# the engine's own clock (replay_execute only, not loading the workspace)
for _ in $(seq "$RUNS"); do
    "$WORK/bench_engine" "$WORK/ws/relcheck.json" bench 16 | awk '{print $NF}'
done | sort -n > "$WORK/engine-internal.txt"
start=$(date +%s.%N)
"$newman" run "$WORK/collection.json" --silent >/dev/null 2>&1 || true
end=$(date +%s.%N)

/usr/bin/python3 - "$WORK/hyperfine.json" "$N" "$NEWMAN_N" "$start" "$end" "$size" "$WORK/engine-internal.txt" <<'PY'
import json, sys, statistics
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
n, nn = int(sys.argv[2]), int(sys.argv[3])
newman_s = float(sys.argv[5]) - float(sys.argv[4])
rate = {k: n / v["mean"] for k, v in res.items()}
rate["newman"] = nn / newman_s
internal = [float(l) for l in open(sys.argv[7]) if l.strip()]
rate["engine (replay only)"] = statistics.median(internal)
print("calls: %d GET of %s bytes JSON, nginx-light on loopback, 16 in flight" % (n, sys.argv[6]))
print("| tool | mean s | calls/s | vs curl | vs newman |")
print("|---|---:|---:|---:|---:|")
for k in ["curl", "engine", "engine (replay only)", "engine-parse",
          "record", "run", "newman"]:
    mean = res[k]["mean"] if k in res else (
        newman_s if k == "newman" else n / rate[k])
    print("| %s | %.3f | %.0f | %.2fx | %.1fx |" % (
        k, mean, rate[k], rate[k] / rate["curl"], rate[k] / rate["newman"]))
PY
