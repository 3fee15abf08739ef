#!/usr/bin/env bash
# The 20,000-call report measurement (docs/benchmarks.md, "Reports"):
# generates run folders of 2,000 and 20,000 changed calls (10 differences
# each), then times `relcheck report` writing every format and records
# peak memory and the size of each file. Usage: bench/reports/run.sh
# [RELCHECK]  (default build/runner/relcheck). Output in bench/out/reports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relcheck=${1:-$here/../../build/runner/relcheck}
out=$here/../out/reports
rm -rf "$out"
mkdir -p "$out"
for n in 2000 20000; do
    /usr/bin/python3 "$here/gen_run.py" "$out/run-$n" "$n" 10 20
    echo "== $n calls, 10 differences each"
    hyperfine --warmup 1 --runs 5 --export-json "$out/time-$n.json" \
        "$relcheck report $out/run-$n --format html,junit,md,json" \
        2>&1 | grep -E "Time|Range"
    /usr/bin/time -f "peak RSS %M KiB" \
        "$relcheck" report "$out/run-$n" --format html,junit,md,json \
        >/dev/null 2>"$out/rss-$n.txt" || true
    cat "$out/rss-$n.txt"
    for f in calls.jsonl result.json report.html junit.xml report.md; do
        printf '  %-12s %8.1f MB\n' "$f" \
            "$(echo "$(stat -c %s "$out/run-$n/$f") / 1000000" | bc -l)"
    done
    for f in report.html junit.xml report.md result.json; do
        ( cd "$out/run-$n" && /usr/bin/time -f "  $f alone: %e s" \
            "$relcheck" report . --format "$(echo $f | sed "s/report.html/html/;s/junit.xml/junit/;s/report.md/md/;s/result.json/json/")" >/dev/null ) 2>&1 \
            | grep alone || true
    done
done
