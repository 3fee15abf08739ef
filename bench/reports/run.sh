#!/usr/bin/env bash
# The 20,000-call report measurement (docs/benchmarks.md, "Reports"):
# generates run folders of 2,000 and 20,000 changed calls (10 differences
# each) and of 2,000 calls with 100 differences each, then times `relcheck
# report` writing every format (wall and CPU: wall time is noisy on a busy
# machine) and records peak memory and the size of each file. Usage: bench/reports/run.sh
# [RELCHECK]  (default build/runner/relcheck). Output in bench/out/reports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relcheck=${1:-$here/../../build/runner/relcheck}
out=$here/../out/reports
rm -rf "$out"
mkdir -p "$out"
for spec in 2000:10 20000:10 2000:100; do
    n=${spec%%:*}
    d=${spec##*:}
    run=$out/run-$n-$d
    /usr/bin/python3 "$here/gen_run.py" "$run" "$n" "$d" 20
    echo "== $n calls, $d differences each"
    hyperfine --warmup 1 --runs 3 --export-json "$out/time-$n-$d.json" \
        "$relcheck report $run --format html,junit,md,json" \
        2>&1 | grep -E "Time|Range"
    /usr/bin/time -f "all formats: %e s wall, %U s user, %S s sys, peak RSS %M KiB" \
        "$relcheck" report "$run" --format html,junit,md,json \
        >/dev/null 2>"$out/rss-$n-$d.txt" || true
    cat "$out/rss-$n-$d.txt"
    for f in calls.jsonl result.json report.html junit.xml report.md; do
        printf '  %-12s %8.1f MB\n' "$f" \
            "$(echo "$(stat -c %s "$run/$f") / 1000000" | bc -l)"
    done
    for f in report.html junit.xml report.md result.json; do
        ( cd "$run" && /usr/bin/time -f "  $f alone: %e s wall, %U s user, peak %M KiB" \
            "$relcheck" report . --format "$(echo $f | sed "s/report.html/html/;s/junit.xml/junit/;s/report.md/md/;s/result.json/json/")" >/dev/null ) 2>&1 \
            | grep alone || true
    done
done
# How long a browser takes to open the biggest report (render + script).
if command -v chromium >/dev/null; then
    profile=$(mktemp -d)
    start=$(date +%s.%N)
    chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$profile" \
        --window-size=1300,1600 --screenshot="$out/report-20000.png" \
        "file://$out/run-20000-10/report.html" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    rm -rf "$profile"
    echo "chromium opens the 20,000-call report and screenshots it in" \
         "$(echo "$end - $start" | bc) s"
fi
