#!/usr/bin/env bash
# The cost of writing reals in their shortest form (core/jsonw.c): the same
# N GETs of ~2 KB (16 reals each, bench/http/setup.sh) recorded and then
# run by two builds of relcheck, interleaved RUNS times, with curl
# --parallel-max 16 beside them as the yardstick. Prints the median wall
# and CPU time (user + system) of each, and `run`'s ratio to curl.
# Usage: bench/http/writer.sh BASE_RELCHECK NEW_RELCHECK [N]
# (N default 10000; RUNS default 5; WORK default /tmp/relcheck-bench-writer).
# Needs nginx and curl.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base_bin=$1
new_bin=$2
N=${3:-10000}
NEWMAN_N=1
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/relcheck-bench-writer}
. "$here/setup.sh"

# one workspace per build, both recorded before timing runs
for b in base new; do
    rm -rf "$WORK/$b"
    mkdir -p "$WORK/$b"
    cp -r "$WORK/ws/suites" "$WORK/ws/relcheck.json" "$WORK/$b/"
done

timed() {   # timed NAME CMD...: appends "wall cpu" to $WORK/NAME.times
    local name=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$WORK/t" "$@" >/dev/null 2>&1 || true
    awk '{printf "%s %.2f\n", $1, $2 + $3}' "$WORK/t" >>"$WORK/$name.times"
}

rm -f "$WORK"/*.times
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
    for b in base new; do
        bin=$base_bin
        [ "$b" = new ] && bin=$new_bin
        rm -rf "$WORK/$b/fixtures" "$WORK/$b/reports" "$WORK/$b/.relcheck"
        (cd "$WORK/$b" && timed "record-$b" "$bin" record --env bench \
            --repeat 1 --jobs 16 --quiet)
        (cd "$WORK/$b" && rm -rf out && timed "run-$b" "$bin" run \
            --env bench --all --jobs 16 --quiet --out out)
    done
    timed curl curl -s --parallel --parallel-max 16 -K "$WORK/curl.cfg"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

median() {   # median COLUMN FILE
    cut -d' ' -f"$1" "$2" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
printf "%-12s %8s %8s\n" work "wall s" "cpu s"
for name in record-base record-new run-base run-new curl; do
    printf "%-12s %8s %8s\n" "$name" "$(median 1 "$WORK/$name.times")" \
        "$(median 2 "$WORK/$name.times")"
done
c=$(median 1 "$WORK/curl.times")
for b in base new; do
    awk -v c="$c" -v r="$(median 1 "$WORK/run-$b.times")" -v b="$b" \
        'BEGIN {printf "run %s: %.2fx curl (wall)\n", b, c / r}'
done
