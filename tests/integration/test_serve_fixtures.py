"""relcheck serve without an overlay answers every bundled fixture with its
status, headers and body byte for byte, then stops cleanly on SIGTERM."""
import sys
import os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import (Server, calls_with_variables, check, fixture, HOP,
                      served_bytes)

srv = Server()
check("serving 13 recorded calls of 6 suites" in srv.first, srv.first)
n = 0
for s, c, path, query in calls_with_variables():
    fx = fixture(s["name"], c["id"])
    body = c.get("body")
    status, headers, data = srv.request(c["method"], path, query, body,
                                        c.get("headers"))
    want = fx["response"]
    where = "%s/%s" % (s["name"], c["id"])
    check(status == want["status"], "%s: status %d, want %d"
          % (where, status, want["status"]))
    for k, v in want["headers"].items():
        if k not in HOP:
            check(headers.get(k) == v, "%s: header %s = %r, want %r"
                  % (where, k, headers.get(k), v))
    check(data == served_bytes(want), "%s: body differs:\n%r\n%r"
          % (where, data[:300], served_bytes(want)[:300]))
    n += 1
check(n == 13, "%d calls checked, want 13" % n)
code, out, err = srv.stop()
check(code == 0, "exit status %d, stderr %r" % (code, err))
check("stopped after 13 requests (13 answered from fixtures, 0 not found, "
      "0 unauthorized)" in out, out)
check(err == "", "stderr: %r" % err)
print("ok: %d fixtures served byte for byte" % n)
