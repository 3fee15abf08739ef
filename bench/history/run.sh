#!/usr/bin/env bash
# The history measurement (docs/benchmarks.md, "History"): workspaces of
# 500 and 2,000 run folders (40 calls each, over 50 releases, with an
# approval per changed call of every fifth run), then `relcheck history`
# timed (text and json; wall and CPU) and its peak memory, which must stay
# flat: 4x the runs, about the same memory. Usage: bench/history/run.sh
# [RELCHECK] (default build/runner/relcheck). Output in bench/out/history.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relcheck=${1:-$here/../../build/runner/relcheck}
out=$here/../out/history
rm -rf "$out"
mkdir -p "$out"
echo "load: $(uptime)"
for runs in 500 2000; do
    ws=$out/ws-$runs
    /usr/bin/python3 "$here/gen.py" "$ws" "$runs" 40
    echo "== $runs run folders, $(wc -l <"$ws/history.jsonl") history lines"
    (cd "$ws" && hyperfine --warmup 1 --runs 5 \
        "$relcheck history" "$relcheck history --json" 2>&1 \
        | grep -E "Benchmark|Time|Range")
    (cd "$ws" && /usr/bin/time -f "history: %e s wall, %U s user, %S s sys, peak RSS %M KiB" \
        "$relcheck" history >/dev/null 2>"$out/rss-$runs.txt") || true
    cat "$out/rss-$runs.txt"
done
