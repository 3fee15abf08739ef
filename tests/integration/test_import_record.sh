#!/usr/bin/env bash
# End to end: curl commands copied with credentials are imported into a
# suite, and that suite is then recorded with `relcheck record` against the
# loopback ERP test server (tests/servers/erp_server.py, basic auth). The
# server must receive the environment's credentials, never the dropped
# ones, and no query parameter that import dropped; then `relcheck doc`
# documents the result, and no file of the workspace holds a secret of the
# input. Env: RELCHECK (binary), RC_SOURCE_DIR.
set -u
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1

# the server: a free loopback port, ready once it prints "PORT n"
mkfifo port.fifo
/usr/bin/python3 "$RC_SOURCE_DIR/tests/servers/erp_server.py" \
    --log server.log --auth basic:integratie:Acceptatie-Wachtwoord-2026 \
    >port.fifo &
server_pid=$!
read -r word port <port.fifo || fail "server did not start"
[ "$word" = PORT ] || fail "server said '$word'"
base="http://127.0.0.1:$port"

mkdir ws && cd ws || exit 1
cat > relcheck.json <<JSON
{ "environments": { "acc": { "base_url": "$base", "allow_writes": true,
    "auth": { "type": "basic", "username": "\${env:AS_USER}",
              "password": "\${env:AS_PASSWORD}" } } },
  "redact": ["\$..iban"] }
JSON
export AS_USER=integratie AS_PASSWORD=Acceptatie-Wachtwoord-2026

"$RELCHECK" import curl --suite items --env acc --programs VFAFAC \
    "curl -u copied:Copied-Password-9876 '$base/items?api_key=AK-copied-4242&page=1'" \
    "curl -H 'Authorization: Bearer copied-bearer-31337' $base/items/7" \
    "curl -X POST $base/orders -H 'Content-Type: application/json' --data-raw '{\"debiteur\":\"D100\"}'" \
    >import.out 2>import.err || fail "import: $(cat import.err)"
grep -q "dropped credentials of option '-u' of call 'get-items-page-1'" import.err \
    || fail "import did not list -u: $(cat import.err)"
grep -q "dropped query parameter 'api_key' of call 'get-items-page-1'" import.err \
    || fail "import did not list api_key"

"$RELCHECK" record --env acc --suite items >record.out 2>record.err \
    || fail "record: $(cat record.out record.err)"
for c in get-items-page-1 get-items-7 post-orders; do
    [ -f "fixtures/items/$c.json" ] || fail "no fixture for $c"
done

# what the server received: the environment's credentials only
[ -s ../server.log ] || fail "server received nothing"
want=$(printf 'integratie:Acceptatie-Wachtwoord-2026' | base64)
/usr/bin/python3 - ../server.log "$want" <<'PY' || exit 1
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
for r in log:
    if r["headers"].get("authorization") != "Basic " + sys.argv[2]:
        sys.exit("FAIL: request without the environment's credentials: %s"
                 % r["path"])
    if "api_key" in r["path"]:
        sys.exit("FAIL: a dropped query parameter was sent: %s" % r["path"])
paths = sorted({(r["method"], r["path"]) for r in log})
print("server saw:", paths)
PY

"$RELCHECK" doc --out doc.md >/dev/null 2>&1 || fail "doc failed"
grep -q '"iban": "<redacted:' fixtures/items/get-items-page-1.json \
    || fail "iban not redacted in the fixture"
for s in Copied-Password-9876 AK-copied-4242 copied-bearer-31337 \
         Acceptatie-Wachtwoord-2026; do
    if grep -rlF -- "$s" . ; then fail "secret '$s' written"; fi
done
echo "1 passed, 0 failed"
