"""relcheck record against relcheck serve reproduces every bundled fixture:
the same status, the same body (JSON value or text), the same recorded
headers; the repeats of each GET agree, so no noise is learnt."""
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import (HOP, RELCHECK, SRC, Server, check, copy_workspace,
                      fixture, load, point_demo_at)

config = copy_workspace()
ws = os.path.dirname(config)
srv = Server(config=config)
point_demo_at(config, srv.url)

p = subprocess.run([RELCHECK, "record", "--config", config, "--env", "demo",
                    "--update", "--quiet"], cwd=ws, text=True,
                   capture_output=True, timeout=300)
code, out, _ = srv.stop()
check(p.returncode == 0, "record: exit %d\n%s\n%s" % (p.returncode, p.stdout,
                                                      p.stderr))
check("13 recorded, 0 kept, 0 skipped, 0 failed" in p.stdout, p.stdout)
n = 0
for suite in sorted(os.listdir(os.path.join(SRC, "fixtures"))):
    if suite in ("notices", "overlays"):
        continue
    for name in sorted(os.listdir(os.path.join(SRC, "fixtures", suite))):
        call = name[:-5]
        want = fixture(suite, call)["response"]
        got = load(os.path.join(ws, "fixtures", suite, name))
        where = "%s/%s" % (suite, call)
        r = got["response"]
        check(r["status"] == want["status"], where + ": status")
        for k in ("body", "body_text", "body_base64"):
            check(r.get(k) == want.get(k), "%s: %s differs" % (where, k))
        for k, v in want["headers"].items():
            if k not in HOP:
                check(r["headers"].get(k) == v, "%s: header %s" % (where, k))
        check(got["noise"] == [], "%s: noise %r" % (where, got["noise"]))
        n += 1
check(n == 13, "%d fixtures compared" % n)
print("ok: record against serve reproduces the 13 fixtures")
