#!/usr/bin/env bash
# scripts/layers, the check docs/architecture.md gives newcomers: it passes
# on the tree as it is, and on a copy where a lower layer includes a higher
# one it fails naming file:line and both layers; a folder with no layer
# fails too.
set -euo pipefail
src=${RC_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$src/scripts/layers")
[ "$out" = "layers: every include goes down" ] || { echo "tree: $out"; exit 1; }

mkdir -p "$tmp/runner/core" "$tmp/runner/report" "$tmp/runner/result"
printf '#include "core/error.h"\n' > "$tmp/runner/result/ok.c"
printf '/* model */\n#include "result/result.h"\n#include "report/report.h"\n' \
    > "$tmp/runner/result/bad.c"
printf '#include "cli/msg.h"\n' > "$tmp/runner/core/worse.h"
if out=$("$src/scripts/layers" "$tmp/runner"); then
    echo "an upward include passed: $out"; exit 1
fi
grep -qx 'runner/result/bad.c:3: result/ (layer 4) includes report/ (layer 5): only lower layers may be included' <<<"$out" \
    || { echo "no file:line for result -> report: $out"; exit 1; }
grep -q '^runner/core/worse.h:1: core/ (layer 0) includes cli/' <<<"$out" \
    || { echo "no line for core -> cli: $out"; exit 1; }
grep -qx 'layers: 2 upward includes' <<<"$out" || { echo "count: $out"; exit 1; }
if grep -q 'ok.c' <<<"$out"; then echo "a downward include was blamed"; exit 1; fi

rm "$tmp/runner/result/bad.c" "$tmp/runner/core/worse.h"
mkdir "$tmp/runner/newthing"
printf '#include "core/error.h"\n' > "$tmp/runner/newthing/x.c"
if out=$("$src/scripts/layers" "$tmp/runner"); then
    echo "a folder without a layer passed: $out"; exit 1
fi
grep -q "runner/newthing/x.c: folder 'newthing' has no layer" <<<"$out" \
    || { echo "unlayered folder not named: $out"; exit 1; }
echo "layers: ok"
