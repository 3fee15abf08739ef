#!/usr/bin/env bash
# Runs one CLI case: tests/cli/<command>/<case>/ holds
#   cmd          a bash script run with `relcheck` on PATH, in a scratch copy
#                of the case's workspace/ folder (or an empty folder)
#   exit         the expected exit status (required)
#   out, err     the expected stdout / stderr, exactly; or out.pattern,
#                err.pattern where ~~~ matches any text. A stream with
#                neither file is not checked.
# $RC_SOURCE_DIR points at the source tree, $RC_CASE at the case folder.
set -u
relcheck=$1
case_dir=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin" "$scratch/ws"
ln -s "$relcheck" "$scratch/bin/relcheck"
if [ -d "$case_dir/workspace" ]; then
    cp -a "$case_dir/workspace/." "$scratch/ws/"
fi
if [ ! -f "$case_dir/exit" ]; then
    echo "case $case_dir has no 'exit' file" >&2
    exit 1
fi
src=$(cd "$(dirname "$0")/../.." && pwd)
(cd "$scratch/ws" && PATH="$scratch/bin:$PATH" NO_COLOR=1 HOME="$scratch" \
    RC_SOURCE_DIR="$src" RC_CASE="$case_dir" \
    bash "$case_dir/cmd" >"$scratch/out" 2>"$scratch/err")
status=$?
fail=0
want=$(tr -d '[:space:]' <"$case_dir/exit")
if [ "$status" != "$want" ]; then
    echo "exit status: want $want, got $status"
    fail=1
fi
for stream in out err; do
    if [ -f "$case_dir/$stream" ]; then
        if ! diff -u "$case_dir/$stream" "$scratch/$stream"; then
            echo "($stream differs)"
            fail=1
        fi
    elif [ -f "$case_dir/$stream.pattern" ]; then
        if ! /usr/bin/python3 - "$case_dir/$stream.pattern" "$scratch/$stream" <<'PY'
import re, sys
pattern = open(sys.argv[1], encoding="utf-8").read()
actual = open(sys.argv[2], encoding="utf-8", errors="replace").read()
rx = ".*?".join(re.escape(p) for p in pattern.split("~~~"))
if not re.fullmatch(rx, actual, re.S):
    print("--- pattern", sys.argv[1]); print(pattern)
    print("--- actual"); print(actual)
    sys.exit(1)
PY
        then
            echo "($stream does not match its pattern)"
            fail=1
        fi
    fi
done
if [ $fail -ne 0 ]; then
    echo "--- stdout"; cat "$scratch/out"; echo "--- stderr"; cat "$scratch/err"
fi
exit $fail
