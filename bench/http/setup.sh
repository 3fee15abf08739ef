# Shared by bench/http/run.sh and bench/summary.sh (sourced, not run):
# writes N GET calls of ~2 KB JSON (one static file each) under $WORK/www,
# the workspace $WORK/ws (suite "bench", environment "bench"), the curl
# list $WORK/curl.cfg and a Postman collection of the first $NEWMAN_N
# calls, then starts nginx-light on a free loopback port ($port, $base;
# stopped on exit). need_newman installs newman under $WORK/npm when it is
# missing and sets $newman.
rm -rf "$WORK/www" "$WORK/ws" "$WORK/nginx"
mkdir -p "$WORK/www/items" "$WORK/ws/suites" "$WORK/nginx/logs" "$WORK/npm"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

# --- data: N JSON files of about 2 KB, the suite, the curl list, the collection
/usr/bin/python3 - "$WORK" "$N" "$base" "$NEWMAN_N" <<'PY'
import json, sys
work, n, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
calls, curl, items = [], [], []
for i in range(n):
    doc = {"id": i, "number": "F%06d" % i, "customer": "D%04d" % (i % 977),
           "status": "open", "currency": "EUR",
           "lines": [{"line": k, "article": "A%05d" % (i * 7 + k),
                      "description": "article %d line %d of invoice" % (i, k),
                      "quantity": k + 1, "price": round(12.5 * (k + 1), 2),
                      "vat": 21} for k in range(16)]}
    with open("%s/www/items/%d.json" % (work, i), "w") as fp:
        json.dump(doc, fp)
    calls.append({"id": "c%d" % i, "path": "/items/%d.json" % i})
    curl.append('url = "%s/items/%d.json"\noutput = "/dev/null"\n' % (base, i))
    items.append({"name": "c%d" % i, "request": {"method": "GET",
                  "url": "%s/items/%d.json" % (base, i)}})
json.dump({"name": "bench", "programs": ["*"], "calls": calls},
          open(work + "/ws/suites/bench.json", "w"))
json.dump({"environments": {"bench": {"base_url": base,
           "auth": {"type": "none"}}},
           "budget": {"monthly_calls": 1000000000},
           "replay": {"jobs": 16, "retries": 0}},
          open(work + "/ws/relcheck.json", "w"))
open(work + "/curl.cfg", "w").write("".join(curl))
json.dump({"info": {"name": "bench", "schema":
           "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "item": items[:int(sys.argv[4])]},
          open(work + "/collection.json", "w"))
PY
size=$(stat -c %s "$WORK/www/items/1.json")

# --- nginx-light on loopback
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    default_type application/json;
    types { application/json json; }
    server { listen 127.0.0.1:$port; root $WORK/www; }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf -o /dev/null "$base/items/0.json" && break
    sleep 0.05
done


need_newman() {
    newman="$WORK/npm/node_modules/.bin/newman"
    if [ ! -x "$newman" ]; then
        (cd "$WORK/npm" && npm install --no-audit --no-fund newman@6.2.2 >/dev/null)
    fi
}
