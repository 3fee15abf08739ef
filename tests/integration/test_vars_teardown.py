"""Environment vars and suite teardown against a loopback ERP
(tests/servers/erp_server.py), as SPEC section 3 says:
- a {{name}} no call captures takes the environment's vars value (each
  environment its own test data), in path, query and body;
- teardown calls run after the other calls, once, even when one of those
  failed, follow write safety, count in calls_sent (what the server got),
  appear in the results as same / error / skipped, and are never diffed
  or recorded as fixtures;
- a captured name that is also in vars is a configuration error."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_http_record import RELCHECK, Server  # noqa: E402


def relcheck(ws, *args, expect=0):
    p = subprocess.run([RELCHECK, *args], cwd=ws, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == expect, (args, p.returncode, p.stdout, p.stderr)
    return p.stdout, p.stderr


def workspace(tmp, port):
    ws = os.path.join(tmp, "ws")
    os.makedirs(os.path.join(ws, "suites"))
    base = "http://127.0.0.1:%d" % port
    cfg = {"environments": {
        "test": {"base_url": base, "allow_writes": True,
                 "vars": {"item": "A-100", "klant": "D10001"}},
        "other": {"base_url": base, "allow_writes": True,
                  "vars": {"item": "B-200", "klant": "D20002"}},
        "readonly": {"base_url": base,
                     "vars": {"item": "A-100", "klant": "D10001"}}},
        "replay": {"repeat_interval": 0}}
    json.dump(cfg, open(os.path.join(ws, "relcheck.json"), "w"))
    suite = {"name": "orders", "programs": ["*"],
             "calls": [
                 {"id": "item", "path": "/items/{{item}}",
                  "query": {"klant": "{{klant}}"}},
                 {"id": "create", "method": "POST", "path": "/orders",
                  "body": {"klant": "{{klant}}"},
                  "capture": {"order_id": "$.id"}},
                 {"id": "read", "path": "/orders/{{order_id}}"},
                 {"id": "broken", "path": "/status/500"},
                 {"id": "unbased", "path": "/items/x"}],
             "teardown": [
                 {"id": "delete", "method": "DELETE",
                  "path": "/orders/{{order_id}}"},
                 {"id": "delete-again", "method": "DELETE",
                  "path": "/orders/{{order_id}}"}]}
    json.dump(suite, open(os.path.join(ws, "suites", "orders.json"), "w"))
    return ws


def outcomes(ws, run):
    r = json.load(open(os.path.join(ws, "reports", run, "result.json")))
    calls = {c["id"]: c for c in r["suites"][0]["calls"]}
    return r, calls


def main():
    with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
        ws = workspace(tmp, srv.port)
        out, _ = relcheck(ws, "record", "--env", "test", "--repeat", "1",
                          expect=3)   # the second delete fails (404)
        assert "teardown  orders/delete: teardown call answered HTTP 200" \
            in out, out
        assert "failed    orders/delete-again: teardown call answered HTTP " \
            "404" in out, out
        assert not os.path.exists(os.path.join(ws, "fixtures", "orders",
                                               "delete.json"))
        got = srv.requests()
        paths = [(q["method"], q["path"]) for q in got]
        # vars in path, query and body; teardown after every other call
        assert ("GET", "/items/A-100?klant=D10001") in paths, paths
        create = [q for q in got if q["method"] == "POST"][0]
        assert json.loads(create["body"]) == {"klant": "D10001"}, create
        last_two = paths[-2:]
        assert last_two == [("DELETE", "/orders/ord-1")] * 2, paths
        assert len(got) == 7, paths
        os.unlink(os.path.join(ws, "fixtures", "orders", "unbased.json"))

        # run: teardown same / error, never diffed; counted in calls_sent
        before = len(srv.requests())
        relcheck(ws, "run", "--env", "test", "--all", "--out",
                 "reports/r1", "--quiet", expect=3)
        r, calls = outcomes(ws, "r1")
        # the teardown ran although a call of the suite ended in error
        assert calls["unbased"]["outcome"] == "error", calls
        assert calls["delete"]["outcome"] == "same", calls["delete"]
        assert calls["delete-again"]["outcome"] == "error", calls
        assert calls["delete-again"]["reason"] == \
            "teardown call answered HTTP 404", calls["delete-again"]
        assert "differences" not in calls["delete"] or \
            calls["delete"]["differences"] == [], calls["delete"]
        assert r["run"]["calls_sent"] == len(srv.requests()) - before, r
        assert not os.path.exists(os.path.join(
            ws, "reports", "r1", "responses", "orders", "delete-again.json"))

        # the other environment's test data
        relcheck(ws, "run", "--env", "other", "--all", "--out",
                 "reports/r2", "--quiet", expect=3)
        assert ("GET", "/items/B-200?klant=D20002") in \
            [(q["method"], q["path"]) for q in srv.requests()]
        _, calls = outcomes(ws, "r2")
        assert calls["item"]["outcome"] == "changed", calls["item"]

        # without allow_writes: the write and the teardown are skipped
        relcheck(ws, "run", "--env", "readonly", "--all", "--out",
                 "reports/r3", "--quiet", expect=3)
        _, calls = outcomes(ws, "r3")
        assert calls["create"]["outcome"] == "skipped", calls["create"]
        for t in ("delete", "delete-again"):
            assert calls[t]["outcome"] == "skipped", calls[t]
            assert "does not allow writes" in calls[t]["reason"], calls[t]

        # a name both captured and in vars is a configuration error
        cfg = json.load(open(os.path.join(ws, "relcheck.json")))
        cfg["environments"]["test"]["vars"]["order_id"] = "x"
        json.dump(cfg, open(os.path.join(ws, "relcheck.json"), "w"),
                  indent=1)
        _, err = relcheck(ws, "check", expect=2)
        assert "variable 'order_id' is set in the vars of environment " \
            "'test' and captured by call 'create' of suite 'orders'" in err, \
            err
    print("ok")


if __name__ == "__main__":
    main()
