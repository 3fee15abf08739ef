"""Baselines recorded on one environment, replayed on another (fixtures
`"environment": "production"`, `run --env acceptance`) is the normal way
to use relcheck: the run's header says so once ("baselines recorded on
production; replaying on acceptance"), every call's result.json entry
names the baseline's environment, and `relcheck report` re-renders the
same line. When the baselines come from the run's own environment, no
such line and no such member."""
import glob
import json
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import RELCHECK, Server, check, copy_workspace, load

LINE = "  baselines recorded on production; replaying on acceptance\n"


def set_fixture_env(ws, old, new):
    """Rewrites the environment the fixtures were recorded on (the text
    only, so serve answers the same bytes)."""
    for path in glob.glob(os.path.join(ws, "fixtures", "*", "*.json")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace('"environment": "%s"' % old,
                                 '"environment": "%s"' % new))


def add_acceptance(config, url):
    """An environment 'acceptance' like the demo's, served at url."""
    cfg = load(config)
    cfg["environments"]["acceptance"] = dict(cfg["environments"]["demo"],
                                             base_url=url)
    with open(config, "w") as f:
        json.dump(cfg, f, indent=2)


def run(config, out):
    p = subprocess.run([RELCHECK, "run", "--config", config, "--env",
                        "acceptance", "--all", "--out", out, "--quiet"],
                       text=True, capture_output=True, timeout=300)
    check(p.returncode == 0, "run: exit %d\n%s\n%s" % (p.returncode,
                                                       p.stdout, p.stderr))
    return p.stdout


def baseline_envs(out):
    result = load(os.path.join(out, "result.json"))
    return {c.get("baseline_environment") for s in result["suites"]
            for c in s["calls"] if c["outcome"] in ("same", "changed")}


config = copy_workspace()
ws = os.path.dirname(config)
set_fixture_env(ws, "acceptatie", "production")
srv = Server(config=config)
add_acceptance(config, srv.url)
try:
    other = os.path.join(ws, "reports", "other")
    text = run(config, other)
    check(text.count(LINE) == 1, "no header line %r:\n%s" % (LINE, text))
    lines = text.splitlines()
    check(lines.index(LINE.rstrip("\n")) <= 2, "not in the header:\n" + text)
    check(text.count("baselines recorded") == 1, text)
    check(baseline_envs(other) == {"production"}, baseline_envs(other))
    p = subprocess.run([RELCHECK, "report", other], text=True,
                       capture_output=True, timeout=60)
    check(p.returncode == 0 and p.stdout.count(LINE) == 1,
          "report does not say it:\n%s%s" % (p.stdout, p.stderr))

    set_fixture_env(ws, "production", "acceptance")
    same = os.path.join(ws, "reports", "same")
    text = run(config, same)
    check("baselines recorded" not in text, text)
    check(baseline_envs(same) == {None}, baseline_envs(same))
finally:
    srv.stop()
print("ok: the header says once where the baselines were recorded")
