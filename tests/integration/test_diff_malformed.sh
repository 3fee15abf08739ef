#!/usr/bin/env bash
# Malformed input never crashes `relcheck diff`: every document of
# tests/data/diff/malformed/ (unclosed structures, bad escapes, lone
# surrogates, invalid UTF-8, NaN/Infinity, trailing garbage, duplicate keys,
# XML well-formedness and namespace errors), on either side, ends with exit
# 2 and one "relcheck: FILE:LINE:COLUMN: message" line at the position
# listed in malformed.expected. Generated here too: 100,000 levels of
# nesting (JSON arrays, JSON objects, XML elements) and a 20 MiB
# unterminated string; a valid 20 MiB string still compares.
set -u
data="$RC_SOURCE_DIR/tests/data/diff"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
count=0

echo '{"a": 1}' >"$work/ok.json"

# check FILE WANT_POSITION OTHER: both orders exit 2 naming FILE:POSITION
check() {
    local file=$1 want=$2 other=$3 order out status
    for order in left right; do
        if [ "$order" = left ]; then
            "$RELCHECK" diff "$file" "$other" >"$work/out" 2>"$work/err"
        else
            "$RELCHECK" diff "$other" "$file" >"$work/out" 2>"$work/err"
        fi
        status=$?
        out=$(cat "$work/err")
        if [ "$status" != 2 ] || [ -s "$work/out" ] \
            || [ "$(wc -l <"$work/err")" != 1 ] \
            || [[ "$out" != "relcheck: $file:$want: "?* ]]; then
            echo "FAIL $file ($order): exit $status, stderr: $out"
            fail=1
        fi
    done
    count=$((count + 1))
}

cd "$data" || exit 1
while read -r file pos; do
    check "$file" "$pos" "$work/ok.json"
done <malformed.expected
listed=$(wc -l <malformed.expected)
present=$(ls malformed | wc -l)
if [ "$listed" != "$present" ] || [ "$present" -lt 40 ]; then
    echo "FAIL malformed.expected lists $listed of $present documents"
    fail=1
fi

cd "$work" || exit 1
/usr/bin/python3 - <<'PY'
n = 100000
open("deep-array.json", "w").write("[" * n + "]" * n)
open("deep-object.json", "w").write('{"a":' * n + "1" + "}" * n)
open("deep.xml", "w").write("<a>" * n + "</a>" * n)
big = "x" * (20 << 20)
open("huge-unterminated.json", "w").write('["' + big)
open("huge-a.json", "w").write('["' + big + '"]')
open("huge-b.json", "w").write('["' + big + 'y"]')
PY
check deep-array.json 1:2049 ok.json
check deep-object.json 1:10241 ok.json
check deep.xml 1:772 ok.json
check huge-unterminated.json 1:20971522 ok.json

"$RELCHECK" diff --json huge-a.json huge-b.json >out.json 2>err
status=$?
if [ "$status" != 1 ] || ! /usr/bin/python3 -c '
import json, sys
d = json.load(open("out.json"))["differences"]
sys.exit(0 if [(x["path"], x["kind"]) for x in d] == [("$[0]", "changed")]
         else 1)'; then
    echo "FAIL huge strings: exit $status"
    fail=1
fi

echo "$count malformed documents checked"
exit $fail
