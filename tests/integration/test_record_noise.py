#!/usr/bin/python3
"""Noise that record learns, so the first runs against an unchanged server
pass (SPEC sections 4 and 6), against the shop of the loopback ERP
(tests/servers/erp_server.py: every answer carries meta.generated_at at
one-second resolution and a new meta.request_id; POST /shop/orders makes
a new id), logged in with `login` auth:
- acceptance: record, then `run --all` one and three seconds later: both
  pass with 0 findings, GET and write suites alike;
- the sendings of a GET call go out in rounds at least
  replay.repeat_interval apart (the server's clock says so);
- a write call, sent once, takes over the noise the GET calls learned
  (same folded field) and record says from which call;
- fixtures keep the captured values (`captures`; one under `redact` or
  named like a secret only as its HMAC), and a field that holds the
  captured value, whole or in a link, is noise when it holds this run's;
- `record --noise-only` on fixtures that learned nothing (as `import har`
  makes them) adds the noise and keeps the baseline;
- record prints its calls in suite order, whatever order they end in."""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_http_record import PASSWORD, RELCHECK, Server  # noqa: E402

INTERVAL = 1.1


def relcheck(ws, *args, expect=0):
    env = dict(os.environ, RC_TEST_PW=PASSWORD)
    p = subprocess.run([RELCHECK, *args], cwd=ws, capture_output=True,
                       text=True, timeout=120, env=env)
    assert p.returncode == expect, (args, p.returncode, p.stdout, p.stderr)
    return p.stdout


def workspace(tmp, port, replay=None):
    ws = os.path.join(tmp, "ws")
    os.makedirs(os.path.join(ws, "suites"))
    cfg = {"environments": {"test": {
        "base_url": "http://127.0.0.1:%d" % port, "allow_writes": True,
        "auth": {"type": "login", "url": "/login",
                 "body": {"user": "api", "password": "${env:RC_TEST_PW}"},
                 "token": "$.data.token"}}},
        "redact": ["$.orders[*].total"]}
    if replay:
        cfg["replay"] = replay
    json.dump(cfg, open(os.path.join(ws, "relcheck.json"), "w"))
    suites = [
        {"name": "shop-read", "programs": ["*"], "calls": [
            {"id": "list-orders", "path": "/shop/orders",
             "capture": {"first_order": "$.orders[0].id",
                         "first_total": "$.orders[0].total",
                         "list_token": "$.meta.request_id"}},
            {"id": "get-order", "path": "/shop/orders/{{first_order}}"}]},
        {"name": "shop-write", "programs": ["*"], "calls": [
            {"id": "create-order", "method": "POST", "path": "/shop/orders",
             "body": {"total": 42.5}, "capture": {"order_id": "$.id"}},
            {"id": "get-new-order", "path": "/shop/orders/{{order_id}}"}],
         "teardown": [{"id": "delete-order", "method": "DELETE",
                       "path": "/shop/orders/{{order_id}}"}]}]
    for s in suites:
        json.dump(s, open(os.path.join(ws, "suites", s["name"] + ".json"),
                          "w"))
    return ws


def fixture(ws, suite, call):
    return json.load(open(os.path.join(ws, "fixtures", suite,
                                       call + ".json")))


def entries(out):
    """(what, SUITE/CALL) of record's lines, in the order printed."""
    got = []
    for line in out.splitlines():
        if line.startswith("record:"):
            continue
        what, name = line.split()[:2]
        got.append((what, name.rstrip(":")))
    return got


def check_run(ws, name):
    relcheck(ws, "run", "--env", "test", "--all", "--quiet", "--out",
             "reports/" + name)
    r = json.load(open(os.path.join(ws, "reports", name, "result.json")))
    s = r["summary"]
    assert (s["verdict"], s["breaking"], s["changed_fields"],
            s["additive"], s["errors"], s["changed"]) == \
        ("pass", 0, 0, 0, 0, 0), s
    calls = {c["id"]: c for suite in r["suites"] for c in suite["calls"]}
    assert len(calls) == 5, calls
    for c in calls.values():
        assert c["outcome"] == "same", c
        assert all(d["severity"] == "noise"
                   for d in c.get("differences", [])), c
    return calls


def test_acceptance_and_rounds(tmp):
    with Server(tmp, auth="login:api:" + PASSWORD) as srv:
        ws = workspace(tmp, srv.port)
        out = relcheck(ws, "record", "--env", "test", "--quiet")
        assert entries(out) == [
            ("recorded", "shop-read/list-orders"),
            ("recorded", "shop-read/get-order"),
            ("recorded", "shop-write/create-order"),
            ("recorded", "shop-write/get-new-order"),
            ("teardown", "shop-write/delete-order")], out

        # rounds: each GET's second sending at least the interval after
        # its first, by the server's clock; the write once, the teardown
        # after every round of the suite's other calls
        log = srv.requests()
        by_path = {}
        for q in log:
            by_path.setdefault((q["method"], q["path"]), []).append(q["t"])
        for path in ("/shop/orders", "/shop/orders/1001",
                     "/shop/orders/5001"):
            t = by_path[("GET", path)]
            assert len(t) == 2, (path, t)
            assert t[1] - t[0] >= INTERVAL, (path, t)
        assert len(by_path[("POST", "/shop/orders")]) == 1, by_path
        assert by_path[("DELETE", "/shop/orders/5001")][0] > \
            by_path[("GET", "/shop/orders/5001")][1], by_path

        meta = ["$.meta.generated_at", "$.meta.request_id"]
        for suite, call in (("shop-read", "list-orders"),
                            ("shop-read", "get-order"),
                            ("shop-write", "get-new-order")):
            assert fixture(ws, suite, call)["noise"] == meta, (suite, call)

        # the write call took the GET calls' noise over, and says so
        create = fixture(ws, "shop-write", "create-order")
        assert create["noise"] == meta, create
        assert "recorded  shop-write/create-order  201  noise taken over: " \
            "$.meta.generated_at (from shop-read/list-orders), " \
            "$.meta.request_id (from shop-read/list-orders)" in out, out
        js = json.loads(relcheck(ws, "record", "--env", "test", "--quiet",
                                 "--json", "--suite", "shop-write",
                                 "--update"))
        got = {c["call"]: c for c in js["calls"]}
        # (this time the suite's own GET learned it first)
        assert got["create-order"]["noise_taken"] == [
            {"field": f, "from": "shop-write/get-new-order"} for f in meta], js
        assert "noise_taken" not in got["get-new-order"], js

        # captured values: clear, or only their HMAC when under `redact`
        # or named like a secret
        create = fixture(ws, "shop-write", "create-order")
        new_id = create["response"]["body"]["id"]
        assert create["captures"] == {"order_id": new_id}, create
        assert fixture(ws, "shop-write", "get-new-order")["captures"] == \
            {"order_id": new_id}
        listed = fixture(ws, "shop-read", "list-orders")
        caps = listed["captures"]
        assert caps["first_order"] == 1001, caps
        for hidden in ("first_total", "list_token"):
            assert caps[hidden].startswith("<redacted:"), caps
        assert listed["response"]["body"]["meta"]["request_id"] not in \
            json.dumps(caps), caps

        # two runs against the unchanged server, 1 s and 3 s later
        time.sleep(1)
        calls = check_run(ws, "r1")
        time.sleep(2)
        calls = check_run(ws, "r2")
        noise = {d["path"] for d in calls["get-new-order"]["differences"]}
        assert {"$.order.id", "$.order.links.self"} <= noise, calls
        noise = {d["path"] for d in calls["create-order"]["differences"]}
        assert {"$.meta.generated_at", "$.order.id", "$.order.href"} <= \
            noise, calls


def test_noise_only(tmp):
    """Fixtures that learned nothing (record --repeat 1 stands in for
    import har) get their noise from --noise-only; baselines stay."""
    with Server(tmp, auth="login:api:" + PASSWORD) as srv:
        ws = workspace(tmp, srv.port)
        relcheck(ws, "record", "--env", "test", "--quiet", "--repeat", "1")
        before = {}
        for suite, call in (("shop-read", "list-orders"),
                            ("shop-read", "get-order"),
                            ("shop-write", "create-order")):
            f = fixture(ws, suite, call)
            assert f["noise"] == [], f
            f.pop("captures", None)     # as import har writes them
            json.dump(f, open(os.path.join(ws, "fixtures", suite,
                                           call + ".json"), "w"))
            before[call] = f["response"]
        os.unlink(os.path.join(ws, "fixtures", "shop-write",
                               "get-new-order.json"))
        sent = len(srv.requests())
        out = relcheck(ws, "record", "--env", "test", "--quiet",
                       "--noise-only")
        meta = "$.meta.generated_at, $.meta.request_id"
        assert "learned   shop-read/list-orders  noise added: " + meta \
            in out, out
        assert "learned   shop-read/get-order  noise added: " + meta \
            in out, out
        assert "learned   shop-write/create-order  noise taken over: " \
            "$.meta.generated_at (from shop-read/list-orders)" in out, out
        assert "skipped   shop-write/get-new-order: " in out, out
        assert "record: 0 recorded, 3 learned, 0 kept, 2 skipped, 0 failed"\
            in out, out
        # only the GET calls with a fixture went out, twice each
        got = [(q["method"], q["path"]) for q in srv.requests()[sent:]]
        assert sorted(got) == [("GET", "/shop/orders")] * 2 + \
            [("GET", "/shop/orders/1001")] * 2 + [("POST", "/login")], got
        for suite, call in (("shop-read", "list-orders"),
                            ("shop-read", "get-order"),
                            ("shop-write", "create-order")):
            f = fixture(ws, suite, call)
            assert f["response"] == before[call], (call, f)
            assert f["noise"] == ["$.meta.generated_at",
                                  "$.meta.request_id"], f
        again = relcheck(ws, "record", "--env", "test", "--quiet",
                         "--noise-only")
        assert "kept      shop-read/list-orders: no new noise" in again, again
        relcheck(ws, "record", "--env", "test", "--noise-only", "--update",
                 expect=2)
        relcheck(ws, "record", "--env", "test", "--noise-only", "--repeat",
                 "1", expect=2)
        time.sleep(1)
        relcheck(ws, "run", "--env", "test", "--suite", "shop-read",
                 "--quiet", "--out", "reports/r1")


def test_suite_order(tmp):
    """The first suite's call ends last; record still prints it first."""
    with Server(tmp) as srv:
        ws = os.path.join(tmp, "ws")
        os.makedirs(os.path.join(ws, "suites"))
        json.dump({"environments": {"test": {
            "base_url": "http://127.0.0.1:%d" % srv.port}},
            "replay": {"repeat_interval": 0}},
            open(os.path.join(ws, "relcheck.json"), "w"))
        for name, path in (("a-slow", "/slow?s=0.6"), ("b-fast", "/items/1"),
                           ("c-fast", "/items/2")):
            json.dump({"name": name, "programs": ["*"], "calls": [
                {"id": "x", "path": path}, {"id": "y", "path": "/items/3"}]},
                open(os.path.join(ws, "suites", name + ".json"), "w"))
        out = relcheck(ws, "record", "--env", "test", "--quiet", "--repeat",
                       "1", "--jobs", "4")
        assert [n for _, n in entries(out)] == [
            "a-slow/x", "a-slow/y", "b-fast/x", "b-fast/y", "c-fast/x",
            "c-fast/y"], out


def main():
    for test in (test_suite_order, test_acceptance_and_rounds,
                 test_noise_only):
        with tempfile.TemporaryDirectory() as tmp:
            test(tmp)
            print("ok", test.__name__)


if __name__ == "__main__":
    main()
