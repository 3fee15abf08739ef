#!/usr/bin/env bash
# relcheck run --json prints result.json as written; when it cannot read it
# back it says so on stderr and exits 2, instead of printing nothing and
# exiting by the verdict. The failure is made by a small preloaded library
# that refuses to open result.json for reading (the run itself sends
# nothing: its one call is a write the environment does not allow).
set -euo pipefail
: "${RELCHECK:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

cat > shim.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

FILE *fopen(const char *path, const char *mode)
{
    static FILE *(*real)(const char *, const char *);
    size_t n = strlen(path);

    if (mode[0] == 'r' && n >= 12 && strcmp(path + n - 12, "/result.json") == 0) {
        errno = EACCES;
        return NULL;
    }
    if (real == NULL)
        real = (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");
    return real(path, mode);
}
C
cc -shared -fPIC -o shim.so shim.c -ldl

mkdir -p ws/suites ws/fixtures
cat > ws/relcheck.json <<'J'
{
  "environments": {
    "acc": {"base_url": "http://127.0.0.1:9", "auth": {"type": "none"}}
  },
  "suites": "suites",
  "fixtures": "fixtures",
  "reports": "reports"
}
J
cat > ws/suites/orders.json <<'J'
{"name": "orders", "programs": ["ORD*"],
 "calls": [{"id": "create", "method": "POST", "path": "/orders"}]}
J
cd ws

# without the shim: result.json on stdout, exit 0
"$RELCHECK" run --env acc --all --json --out run1 > out1 2> err1
grep -q '"format": 3' out1 || { echo "no result.json printed"; exit 1; }

# with it: an error naming the file, exit 2, nothing on stdout
status=0
LD_PRELOAD="$tmp/shim.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$RELCHECK" run --env acc --all --json --out run2 > out2 2> err2 || status=$?
[ "$status" -eq 2 ] || { echo "exit $status, want 2"; cat err2; exit 1; }
[ ! -s out2 ] || { echo "stdout not empty:"; cat out2; exit 1; }
grep -q 'run2/result.json' err2 || { echo "error does not name result.json:"; cat err2; exit 1; }
[ -f run2/result.json ] || { echo "result.json was not written"; exit 1; }
echo "run --json unreadable result: ok"
