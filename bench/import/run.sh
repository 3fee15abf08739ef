#!/usr/bin/env bash
# Import benchmark: relcheck import of a HAR with N entries (suite, N
# fixtures, redaction of two patterns, secret scrubbing) against the time
# Python's json module takes merely to load the same file. Usage:
#   bench/import/run.sh [N] (default 2000); needs hyperfine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
relcheck=${RELCHECK:-$here/../../build/runner/relcheck}
n=${1:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/make_har.py" "$n" "$work/big.har"
mkdir -p "$work/ws"
cat > "$work/ws/relcheck.json" <<'JSON'
{ "environments": { "production": { "base_url": "https://erp.example.nl/api" } },
  "redact": ["$..iban", "$..bsn"] }
JSON
echo "HAR: $n entries, $(du -h "$work/big.har" | cut -f1)"
cd "$work/ws"
hyperfine -w 1 -r 5 -N \
  -p "rm -rf suites fixtures" \
  -n "relcheck import har ($n entries)" \
  "$relcheck import har $work/big.har --suite big --env production --programs VFAFAC" \
  -n "python3 json.load (same file)" \
  "/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $work/big.har"
/usr/bin/time -f "relcheck import peak RSS: %M KiB" \
  "$relcheck" import har "$work/big.har" --suite big --env production \
  --programs VFAFAC --force >/dev/null 2>&1 || true
/usr/bin/time -f "relcheck import peak RSS: %M KiB" \
  "$relcheck" import har "$work/big.har" --suite big --env production \
  --programs VFAFAC --force 2>&1 >/dev/null | grep 'peak RSS'
