"""relcheck serve: 404 for unknown requests names the closest recorded call;
--require-token answers 401 without the right bearer token (also when the
token comes from ${env:NAME}); --log writes one JSON line per request;
SIGINT stops the server cleanly."""
import json
import os
import signal
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import Server, check

tmp = tempfile.mkdtemp()
log = os.path.join(tmp, "requests.jsonl")
os.environ["SERVE_TEST_TOKEN"] = "s3cr3t-t0ken-for-tests"
srv = Server("--require-token", "${env:SERVE_TEST_TOKEN}", "--log", log)
ok = {"Authorization": "Bearer s3cr3t-t0ken-for-tests"}

# the token
for hdrs in ({}, {"Authorization": "Bearer wrong"},
             {"Authorization": "Basic czNjcjN0"},
             {"Authorization": "Bearer s3cr3t-t0ken-for-tests-longer"}):
    status, headers, body = srv.request("GET", "/facturen", {"status": "open"},
                                        headers=hdrs)
    check(status == 401, "no or wrong token: %d" % status)
    check(headers.get("www-authenticate") == 'Bearer realm="relcheck serve"',
          repr(headers))
    check(json.loads(body) == {"error": "missing or wrong bearer token"},
          body)
status, _, _ = srv.request("GET", "/facturen", {"status": "open"}, headers=ok)
check(status == 200, "right token: %d" % status)

# unknown requests: 404 naming the closest recorded call
cases = [
    ("GET", "/factuurs", {"status": "open"},
     "no recorded call matches GET /factuurs?status=open",
     "GET /facturen?status=open", "/facturen", "facturen", "open-invoices"),
    ("GET", "/facturen", {"status": "betaald"},
     "no recorded call matches GET /facturen?status=betaald",
     "GET /facturen?status=open", "/facturen", "facturen", "open-invoices"),
    ("DELETE", "/debiteuren/D10023", None,
     "no recorded call matches DELETE /debiteuren/D10023",
     "GET /debiteuren/D10023", "/debiteuren/D10023", "debiteuren", "debtor"),
    ("GET", "/verkooporders/VO-2026-000142/regel", None,
     "no recorded call matches GET /verkooporders/VO-2026-000142/regel",
     "GET /verkooporders/{{order_id}}/regels",
     "/verkooporders/{{order_id}}/regels", "verkooporders", "order-lines"),
    ("GET", "/grootboek/rekeningen", {"extra": "1"},
     "no recorded call matches GET /grootboek/rekeningen?extra=1",
     "GET /grootboek/rekeningen", "/grootboek/rekeningen", "grootboek",
     "accounts"),
]
for method, path, query, error, closest, cpath, suite, call in cases:
    status, headers, body = srv.request(method, path, query, headers=ok)
    check(status == 404, "%s %s: %d" % (method, path, status))
    check(headers.get("content-type") == "application/json", repr(headers))
    got = json.loads(body)
    want = {"error": error, "closest": closest, "closest_path": cpath,
            "suite": suite, "call": call}
    check(got == want, "%s %s:\n got %r\nwant %r" % (method, path, got, want))

# a {{variable}} matches any value of one path segment, not two
status, _, _ = srv.request("GET", "/verkooporders/VO-9/regels", headers=ok)
check(status == 200, "template: %d" % status)
status, _, _ = srv.request("GET", "/verkooporders/a/b/regels", headers=ok)
check(status == 404, "template spans no '/': %d" % status)
# query order is free
status, _, _ = srv.request("GET", "/grootboek/export",
                           {"formaat": "xml", "periode": "2026-10"}, headers=ok)
check(status == 200, "query order: %d" % status)

code, out, err = srv.stop(signal.SIGINT)
check(code == 0, "SIGINT: exit %d" % code)
check("stopped after 13 requests (3 answered from fixtures, 6 not found, "
      "4 unauthorized)" in out, out)

with open(log, encoding="utf-8") as f:
    lines = [json.loads(l) for l in f]
check(len(lines) == 13, "%d log lines" % len(lines))
for l in lines:
    check(l["at"].endswith("Z") and len(l["at"]) == 24, l["at"])
    del l["at"]
check(lines[0] == {"method": "GET", "path": "/facturen",
                   "query": "status=open", "status": 401}, lines[0])
check(lines[4] == {"method": "GET", "path": "/facturen",
                   "query": "status=open", "status": 200,
                   "suite": "facturen", "call": "open-invoices",
                   "bytes": 1266}, lines[4])
check(lines[5] == {"method": "GET", "path": "/factuurs",
                   "query": "status=open", "status": 404}, lines[5])
check(not any("s3cr3t" in json.dumps(l) for l in lines), "token in the log")
print("ok: 404 closest, token, log, SIGINT")
