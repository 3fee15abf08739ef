#!/usr/bin/env bash
# Serve benchmark: start-up with N fixtures, and throughput of N GET calls
# (about 2 KB JSON each) fetched by `curl --parallel --parallel-max 16`
# from `relcheck serve` and, side by side, from nginx serving the same
# bytes as static files. Usage: bench/serve/run.sh [N] (default 10000).
# Needs a release build in build/ (scripts/setup), nginx and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
relcheck=$PWD/build/runner/relcheck
out=$PWD/bench/out/serve
rm -rf "$out"
mkdir -p "$out"
/usr/bin/python3 bench/serve/gen.py "$out/ws" "$n"

# start-up: load and prepare N fixtures, bind, stop (SIGTERM as soon as
# the URL line arrives through a fifo: no polling)
startup() {
    rm -f "$out/fifo"
    mkfifo "$out/fifo"
    "$relcheck" serve --config "$out/ws/relcheck.json" --port 0 \
        >"$out/fifo" &
    pid=$!
    exec 3<"$out/fifo"
    read -r line <&3
    kill -TERM $pid
    wait $pid
    exec 3<&-
}
export -f startup
export relcheck out
hyperfine --shell=bash --warmup 1 --runs 10 --export-markdown "$out/startup.md" \
    -n "serve start-up, $n fixtures" startup

# throughput: relcheck serve
"$relcheck" serve --config "$out/ws/relcheck.json" --port 0 >"$out/serve.out" &
serve_pid=$!
until grep -q '^serving' "$out/serve.out" 2>/dev/null; do sleep 0.05; done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out/serve.out")
sed "s/PORT/$port/" "$out/ws/urls.txt" >"$out/urls-serve.txt"

# nginx on a free port with the same bodies
nport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$out/nginx"
cat >"$out/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $out/nginx/nginx.pid;
error_log $out/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    server { listen 127.0.0.1:$nport; root $out/ws/static; keepalive_requests 100000; }
}
CONF
nginx -c "$out/nginx/nginx.conf" -p "$out/nginx"
until curl -s -o /dev/null "http://127.0.0.1:$nport/items/0"; do sleep 0.05; done
sed "s/PORT/$nport/" "$out/ws/urls.txt" >"$out/urls-nginx.txt"

hyperfine --warmup 1 --runs 10 --export-markdown "$out/throughput.md" \
    -n "relcheck serve" "curl -s --parallel --parallel-max 16 --config $out/urls-serve.txt" \
    -n "nginx (static files)" "curl -s --parallel --parallel-max 16 --config $out/urls-nginx.txt"
kill -TERM $serve_pid
wait $serve_pid || true
kill "$(cat "$out/nginx/nginx.pid")"
cat "$out/startup.md" "$out/throughput.md"
