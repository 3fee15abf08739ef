"""relcheck serve without an overlay answers every bundled fixture with its
status, headers and body byte for byte, then stops cleanly on SIGTERM."""
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import (Server, calls_with_variables, check, check_response,
                      fixture)

srv = Server()
check("serving 13 recorded calls of 6 suites" in srv.first, srv.first)
n = 0
for s, c, path, query in calls_with_variables():
    got = srv.request(c["method"], path, query, c.get("body"),
                      c.get("headers"))
    check_response("%s/%s" % (s["name"], c["id"]),
                   fixture(s["name"], c["id"])["response"], got)
    n += 1
check(n == 13, "%d calls checked, want 13" % n)
code, out, err = srv.stop()
check(code == 0, "exit status %d, stderr %r" % (code, err))
check("stopped after 13 requests (13 answered from fixtures, 0 not found, "
      "0 unauthorized)" in out, out)
check(err == "", "stderr: %r" % err)
print("ok: %d fixtures served byte for byte" % n)
