#!/usr/bin/env bash
# Notice benchmark (SPEC section 10): relcheck reading an mbox of 5,000
# generated notices (MIME walk, decoding, HTML to lines, patterns, JSON)
# against GMime alone parsing the same mbox. Target: ratio at most 2.
# Then the two interleaved, one pair after the other (PAIRS times, default
# 30), and the median of the per-pair ratios: on a machine whose speed
# drifts (a shared VM), a pair taken within half a second is fairer than
# two blocks of runs taken seconds apart.
# Usage: bench/notice/run.sh [RELCHECK_BINARY]   (default build/runner/relcheck)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
relcheck=${1:-$root/build/runner/relcheck}
out=$root/bench/out/notice
mkdir -p "$out"
/usr/bin/python3 "$here/gen_mbox.py" "$out/notices.mbox" 5000
cc -O2 -o "$out/gmime_parse" "$here/gmime_parse.c" \
    $(pkg-config --cflags --libs gmime-3.0)
ls -l "$out/notices.mbox" | awk '{printf "mbox: %.1f MB\n", $5 / 1048576}'
"$out/gmime_parse" "$out/notices.mbox"
# relcheck runs in an empty folder outside the repository: no
# relcheck.json, so default settings and no catalog.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$out/notices.mbox" "$work/notices.mbox"
cd "$work"
"$relcheck" notice --json notices.mbox | /usr/bin/python3 -c \
    'import json,sys; d=json.load(sys.stdin); print(len(d["notices"]), "notices,", len(d["programs"]), "distinct programs")'
hyperfine --warmup 2 --runs 20 --export-json "$out/hyperfine.json" \
    -n "gmime alone" "$out/gmime_parse notices.mbox" \
    -n "relcheck notice" "$relcheck notice --json notices.mbox"
/usr/bin/python3 - "$out/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
g, n = r["gmime alone"], r["relcheck notice"]
gw, nw = g["mean"], n["mean"]
gc, nc = g["user"] + g["system"], n["user"] + n["system"]
print(f"wall: gmime alone {gw*1000:.0f} ms, relcheck notice {nw*1000:.0f} ms,"
      f" ratio {nw/gw:.2f} (target at most 2.00)")
print(f"cpu:  gmime alone {gc*1000:.0f} ms, relcheck notice {nc*1000:.0f} ms,"
      f" ratio {nc/gc:.2f} (two threads: cpu time exceeds wall time)")
PY
/usr/bin/python3 - "$out/gmime_parse" "$relcheck" "${PAIRS:-30}" <<'PY'
import os, statistics as st, subprocess, sys, time
gmime, relcheck, pairs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t
g, r = [], []
for _ in range(pairs):
    g.append(run([gmime, "notices.mbox"]))
    r.append(run([relcheck, "notice", "--json", "notices.mbox"]))
q = st.quantiles([b / a for a, b in zip(g, r)], n=4)
print(f"paired ({pairs} pairs, interleaved): gmime alone {st.median(g)*1000:.0f} ms,"
      f" relcheck notice {st.median(r)*1000:.0f} ms, median ratio {q[1]:.2f}"
      f" (quartiles {q[0]:.2f}-{q[2]:.2f}); load {os.getloadavg()[0]:.2f}")
PY
