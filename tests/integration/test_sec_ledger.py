#!/usr/bin/python3
"""Issue 14, items 11 to 14, against hostile loopback servers: a ledger
that cannot be written stops record and run before any request; a line
cut short by a kill does not swallow the next entry; two runs at once see
each other's planned calls; a login whose fresh token is refused too
stops fetching tokens instead of logging in again for every call.
"""
import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import TOKEN, Hostile, Workspace, config, ok, wait_for  # noqa

LOGIN = {"type": "login", "url": "/login",
         "body": {"user": "api", "password": "${env:RC_TEST_PW}"},
         "token": "$.token"}


def ledger_lines(ws):
    with open(ws.path(".relcheck/ledger.jsonl")) as fp:
        return fp.read().splitlines()


class Ledger(unittest.TestCase):
    def test_unwritable_ledger_sends_nothing(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"s": [{"id": "a",
                                                   "path": "/a"}]}) as ws:
            os.makedirs(ws.path(".relcheck/ledger.jsonl"))   # a folder
            for cmd in (["record", "--env", "acc", "--repeat", "1"],
                        ["run", "--env", "acc", "--all", "--out",
                         ws.path("reports/r")]):
                p = ws.relcheck(*cmd)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertIn("ledger", p.stderr)
                self.assertEqual(api.requests(), [], cmd)

    def test_torn_last_line_keeps_the_next_entry(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"s": [{"id": "a",
                                                   "path": "/a"}]}) as ws:
            p = ws.relcheck("record", "--env", "acc", "--repeat", "1")
            self.assertEqual(p.returncode, 0, p.stderr)
            month = json.loads(ledger_lines(ws)[0])["month"]
            with open(ws.path(".relcheck/ledger.jsonl"), "a") as fp:
                fp.write('{"at":"x","month":"%s","environment":"acc",'
                         '"command":"run","calls":150' % month)
            p = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                            "--update")
            self.assertEqual(p.returncode, 0, p.stderr)
            counted = [json.loads(l) for l in ledger_lines(ws)
                       if l.endswith("}")]
            self.assertEqual(sum(c["calls"] for c in counted), 2)
            p = ws.relcheck("run", "--env", "acc", "--all", "--dry-run",
                            "--json")
            self.assertEqual(json.loads(p.stdout)["used"], 2, p.stderr)
            self.assertIn("not a ledger entry", p.stderr)

    def test_negative_calls_is_an_error(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"s": [{"id": "a",
                                                   "path": "/a"}]}) as ws:
            os.makedirs(ws.path(".relcheck"))
            ws.write(".relcheck/ledger.jsonl",
                     '{"month":"2026-01","environment":"acc","calls":-500}\n')
            p = ws.relcheck("record", "--env", "acc", "--repeat", "1")
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertRegex(p.stderr, r"ledger\.jsonl:1:1: 'calls' is "
                             r"negative")
            self.assertEqual(api.requests(), [])

    def test_two_runs_at_once_see_each_other(self):
        gate = threading.Event()

        def held(req):
            gate.wait(60)
            return 200, {}, {"a": 1}
        calls = [{"id": "c%d" % i, "path": "/c%d" % i} for i in range(60)]
        routes = {"*": ok({"a": 1})}
        with Hostile(routes) as api, \
                Workspace(config(api.url, budget={"monthly_calls": 100}),
                          {"s": calls}) as ws:
            p = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                            "--over-budget")
            self.assertEqual(p.returncode, 0, p.stderr)
            os.remove(ws.path(".relcheck/ledger.jsonl"))
            api.log.clear()
            routes["*"] = held
            first = ws.start("run", "--env", "acc", "--all", "--quiet",
                             "--out", ws.path("reports/one"))
            try:
                self.assertTrue(wait_for(lambda: len(api.requests()) >= 1))
                second = ws.relcheck("run", "--env", "acc", "--all",
                                     "--out", ws.path("reports/two"))
                self.assertEqual(second.returncode, 2, second.stderr)
                self.assertIn("--over-budget", second.stderr)
            finally:
                gate.set()
                out, err = first.communicate(timeout=60)
            self.assertEqual(first.returncode, 0, out + err)
            self.assertEqual(len(api.requests()), 60)
            total = sum(json.loads(l)["calls"] for l in ledger_lines(ws))
            self.assertEqual(total, 60)
            p = ws.relcheck("run", "--env", "acc", "--all", "--dry-run",
                            "--json")
            self.assertEqual(json.loads(p.stdout)["used"], 60)


class Persistent401(unittest.TestCase):
    def test_fresh_token_refused_stops_relogin(self):
        routes = {"/login": ok({"token": TOKEN}),
                  "*": ok({"error": "no"}, status=401)}
        calls = [{"id": "c%d" % i, "path": "/c%d" % i} for i in range(10)]
        with Hostile(routes) as api, \
                Workspace(config(api.url, LOGIN), {"s": calls}) as ws:
            p = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                            "--json")
            self.assertEqual(p.returncode, 3, p.stderr)
            doc = json.loads(p.stdout)
            logins = api.requests("/login")
            self.assertEqual(len(logins), 2)      # first token, one refresh
            self.assertEqual(len(api.requests()), 4)
            self.assertEqual(doc["summary"]["calls_sent"], 4)
            reasons = [c["reason"] for c in doc["calls"]]
            self.assertEqual(reasons[0], "authentication failed: HTTP 401 "
                             "with a new token")
            for r in reasons[1:]:
                self.assertIn("no more tokens are fetched", r)


if __name__ == "__main__":
    unittest.main()
