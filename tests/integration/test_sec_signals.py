#!/usr/bin/python3
"""Issue 14, item 10: SIGINT and SIGTERM are never lost. A hostile
loopback server keeps relcheck waiting (a Retry-After wait, a rate wait, a
slow call); the signal must end the run as interrupted (exit 130,
"complete": false) without sending another request. The waits for the
process are hang guards, not timings: each scenario would otherwise take
far longer than the guard.
"""
import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import Hostile, Workspace, config, ok, wait_for  # noqa: E402

GUARD = 40   # seconds; each scenario would wait 100 s or more if lost


class Signals(unittest.TestCase):
    def run_and_signal(self, api, ws, args, sig, after):
        out = os.path.join(ws.dir, "reports", "r")
        p = ws.start("run", "--env", "acc", "--all", "--quiet", "--out", out,
                     *args)
        self.assertTrue(wait_for(lambda: len(api.requests()) >= after,
                                 GUARD), "no request reached the server")
        time.sleep(0.2)     # let relcheck enter its wait
        sent = len(api.requests())
        p.send_signal(sig)
        try:
            stdout, stderr = p.communicate(timeout=GUARD)
        except Exception:
            p.kill()
            p.communicate()
            self.fail("the signal was lost: relcheck kept waiting")
        self.assertEqual(p.returncode, 130, stdout + stderr)
        self.assertEqual(len(api.requests()), sent)
        res = ws.read_json(os.path.join(out, "result.json"))
        self.assertFalse(res["run"]["complete"])
        return res

    def recorded(self, api, calls, **cfg):
        ws = Workspace(config(api.url, **cfg), {"shop": calls})
        rec = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                          "--quiet")
        self.assertEqual(rec.returncode, 0, rec.stderr)
        api.log.clear()
        return ws

    def test_retry_after_wait(self):
        routes = {"*": ok({"a": 1})}
        with Hostile(routes) as api:
            with self.recorded(api, [{"id": "a", "path": "/a"}],
                               replay={"jobs": 1, "retries": 3,
                                       "max_wait": 300, "timeout": 10}) \
                    as ws:
                routes["*"] = ok({"busy": True}, {"Retry-After": "200"},
                                 503)
                self.run_and_signal(api, ws, [], signal.SIGTERM, 1)

    def test_rate_wait(self):
        with Hostile({"*": ok({"a": 1})}) as api:
            calls = [{"id": "c%d" % i, "path": "/c%d" % i} for i in range(3)]
            with self.recorded(api, calls,
                               replay={"jobs": 4, "timeout": 10}) as ws:
                self.run_and_signal(api, ws, ["--rate", "0.01"],
                                    signal.SIGINT, 1)

    def test_slow_only_call_in_flight(self):
        state = {"slow": False}

        def route(req):
            if state["slow"] and req.path == "/s":
                time.sleep(4)
            return 200, {}, {"a": 1}
        with Hostile({"*": route}) as api:
            calls = [{"id": "s", "path": "/s"}, {"id": "n", "path": "/n"}]
            with self.recorded(api, calls, replay={"jobs": 1, "timeout": 30,
                                                   "retries": 0}) as ws:
                state["slow"] = True
                res = self.run_and_signal(api, ws, [], signal.SIGTERM, 1)
                calls = {c["id"]: c for c in res["suites"][0]["calls"]}
                self.assertEqual(calls["s"]["outcome"], "same")
                self.assertEqual([r["path"] for r in api.requests()], ["/s"])

    def test_rate_lower_bound(self):
        with Workspace(config("http://127.0.0.1:9", replay={"rate": 1e-300}),
                       {"s": [{"id": "a", "path": "/a"}]}) as ws:
            p = ws.relcheck("run", "--env", "acc", "--all", timeout=GUARD)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertRegex(p.stderr, r"relcheck\.json:\d+:\d+: member "
                             r"'rate' must be 0 \(no limit\) or at least")
            ws.write("relcheck.json", config("http://127.0.0.1:9"))
            p = ws.relcheck("run", "--env", "acc", "--all", "--rate", "1e-9",
                            timeout=GUARD)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("option '--rate' wants 0 (no limit) or at least",
                          p.stderr)


if __name__ == "__main__":
    unittest.main()
