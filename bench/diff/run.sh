#!/usr/bin/env bash
# Runs the diff benchmark (see run.py): installs jsondiffpatch into
# bench/diff/node_modules when missing, then measures. Arguments are passed
# to run.py ([RELCHECK] [--runs N] [--skip-deepdiff]).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/jsondiffpatch" ]; then
    (cd "$here" && npm install --no-audit --no-fund)
fi
exec /usr/bin/python3 "$here/run.py" "$@"
