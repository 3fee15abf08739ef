"""relcheck run against relcheck serve without an overlay reports no
difference at all: every bundled call is `same` (serve answers each
fixture exactly as recorded)."""
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import (RELCHECK, Server, check, copy_workspace, load,
                      point_demo_at)

config = copy_workspace()
ws = os.path.dirname(config)
srv = Server(config=config)
point_demo_at(config, srv.url)

out = os.path.join(ws, "reports", "plain")
p = subprocess.run([RELCHECK, "run", "--config", config, "--env", "demo",
                    "--all", "--out", out, "--quiet"], text=True,
                   capture_output=True, timeout=300)
code, sout, err = srv.stop()
check(p.returncode == 0, "run: exit %d\n%s\n%s" % (p.returncode, p.stdout,
                                                   p.stderr))
result = load(os.path.join(out, "result.json"))
summ = result["summary"]
check(result["fields"] == [], result["fields"])
check(summ["calls"] == 13 and summ["same"] == 13 and summ["changed"] == 0
      and summ["errors"] == 0 and summ["skipped"] == 0
      and summ["noise"] == 0 and summ["verdict"] == "pass", summ)
for s in result["suites"]:
    for c in s["calls"]:
        check(c["outcome"] == "same" and not c.get("differences"),
              "%s/%s: %r" % (s["name"], c["id"], c))
check("stopped after 13 requests (13 answered from fixtures, 0 not found"
      in sout, sout)
print("ok: a run against serve finds no difference in 13 calls")
