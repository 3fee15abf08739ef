#!/usr/bin/python3
"""Issue 14, items 1, 2, 4 and 5: no credential leaves where it belongs.

Hostile loopback servers (tests/integration/hostile.py) receive the calls
of `record` and `run`; the tests assert what each server received and
scan every file relcheck wrote, and its stdout and stderr, for the
secrets in clear.
"""
import base64
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import (PASSWORD, TOKEN, Hostile, Workspace, config,  # noqa
                     ok)

TOKEN2 = "written-in-the-path-0123456789"
BASIC = base64.b64encode(("api:" + PASSWORD).encode()).decode()
LOGIN = {"type": "login", "url": "/login",
         "body": {"user": "api", "password": "${env:RC_TEST_PW}"},
         "token": "$.token"}


def login_route(req):
    return 200, {}, {"token": TOKEN}


def echo(req):
    """Echoes every credential the server got, in a header and the body."""
    got = req.headers.get("authorization") or req.headers.get(
        "x-session", "")
    return 200, {"X-Echo": got, "Location": "/next?access_token=" + TOKEN},\
        {"you_sent": got, "items": [1, 2]}


class Base(unittest.TestCase):
    def assert_clean(self, ws, procs, needles):
        for n in needles:
            self.assertEqual(ws.holding(n), [], "a file holds %r" % n)
            for p in procs:
                self.assertNotIn(n, p.stdout + p.stderr)

    def record_and_run(self, ws):
        rec = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                          "--quiet", "--update")
        self.assertEqual(rec.returncode, 0, rec.stderr)
        run = ws.relcheck("run", "--env", "acc", "--all", "--quiet", "--out",
                          os.path.join(ws.dir, "reports", "r1"))
        self.assertIn(run.returncode, (0, 1), run.stderr)
        doc = ws.relcheck("doc", "--out", os.path.join(ws.dir, "doc.md"))
        self.assertEqual(doc.returncode, 0, doc.stderr)
        return [rec, run, doc]


class OtherOrigin(Base):
    """Item 1: auth goes only to base_url's origin."""

    def check_kind(self, auth, routes=None):
        with Hostile(dict({"/login": login_route,
                           "*": ok({"a": 1})}, **(routes or {}))) as api, \
                Hostile({"*": ok({"tracked": True})}) as cdn:
            calls = [{"id": "own", "path": "/items"},
                     {"id": "cdn", "path": cdn.url + "/collect?x=1"},
                     {"id": "cdn-port", "path": "http://localhost:%d/c"
                      % cdn.port}]
            with Workspace(config(api.url, auth), {"shop": calls}) as ws:
                procs = self.record_and_run(ws)
                for r in cdn.requests():
                    for h in ("authorization", "x-session", "cookie"):
                        self.assertNotIn(h, r["headers"], r)
                self.assertEqual(len(cdn.requests()), 4)
                own = [r for r in api.requests() if r["path"] == "/items"]
                self.assertEqual(len(own), 2)
                for r in own:
                    self.assertTrue(r["headers"].get("authorization")
                                    or r["headers"].get("x-session"))
                chk = ws.relcheck("check")
                self.assertEqual(chk.returncode, 0, chk.stderr)
                self.assertIn("call 'cdn' of suite 'shop' goes to another "
                              "origin", chk.stderr)
                self.assertIn("call 'cdn-port'", chk.stderr)
                self.assertNotIn("call 'own'", chk.stderr)
                self.assert_clean(ws, procs, [PASSWORD, TOKEN, BASIC])

    def test_basic(self):
        self.check_kind({"type": "basic", "username": "api",
                         "password": "${env:RC_TEST_PW}"})

    def test_bearer(self):
        self.check_kind({"type": "bearer", "token": "${env:RC_TEST_TOKEN}"})

    def test_login(self):
        self.check_kind(LOGIN)


class Stored(Base):
    """Item 2: the auth header whatever its name, URL user info, and
    echoes of the credentials are never stored."""

    def run_echo(self, auth, base=None, login_header=None):
        with Hostile({"/login": login_route, "*": echo}) as api:
            calls = [{"id": "items", "path": "/items"}]
            url = base(api) if base else api.url
            with Workspace(config(url, auth), {"shop": calls}) as ws:
                procs = self.record_and_run(ws)
                got = api.requests("/items")
                self.assertEqual(len(got), 2)
                fx = ws.read_json("fixtures/shop/items.json")
                if login_header:
                    self.assertEqual(got[0]["headers"]["x-session"], TOKEN)
                    self.assertEqual(fx["request"]["headers"]["X-Session"],
                                     "<redacted>")
                self.assertEqual(fx["response"]["body"]["you_sent"] != "",
                                 True)
                self.assertEqual(fx["response"]["headers"]["location"],
                                 "/next?access_token=<redacted>")
                self.assert_clean(ws, procs, [PASSWORD, TOKEN, BASIC])
                return ws, fx

    def test_header_auth_named_x_session(self):
        self.run_echo({"type": "header", "name": "X-Session",
                       "value": "${env:RC_TEST_TOKEN}"}, login_header=True)

    def test_login_token_in_x_session(self):
        auth = dict(LOGIN, header="X-Session", prefix="")
        self.run_echo(auth, login_header=True)

    def test_userinfo_in_base_url(self):
        self.run_echo(None, base=lambda api:
                      "http://api:${env:RC_TEST_PW}@127.0.0.1:%d" % api.port)

    def test_basic_echoed(self):
        self.run_echo({"type": "basic", "username": "api",
                       "password": "${env:RC_TEST_PW}"})

    def test_bearer_echoed_unchanged_run_is_same(self):
        with Hostile({"*": echo}) as api:
            with Workspace(config(api.url, {"type": "bearer",
                                            "token": "${env:RC_TEST_TOKEN}"}),
                           {"shop": [{"id": "items", "path": "/items"}]}) \
                    as ws:
                procs = self.record_and_run(ws)
                self.assertEqual(procs[1].returncode, 0, procs[1].stdout)
                self.assert_clean(ws, procs, [TOKEN])


class Messages(unittest.TestCase):
    """Item 4: an error about an expanded value names the variable or the
    file, never the value."""

    def test_env_base_url(self):
        with Workspace(config("${env:PW}"), {"s": [{"id": "a",
                                                      "path": "/a"}]}) as ws:
            ws.env["PW"] = PASSWORD
            p = ws.relcheck("run", "--env", "acc", "--all")
            self.assertEqual(p.returncode, 2)
            self.assertIn("${env:PW}", p.stderr)
            self.assertNotIn(PASSWORD, p.stdout + p.stderr)
            p = ws.relcheck("check", "--env", "acc")
            self.assertEqual(p.returncode, 2)
            self.assertNotIn(PASSWORD, p.stdout + p.stderr)

    def test_file_base_url(self):
        with Workspace(config("${file:secret.txt}")) as ws:
            ws.write("secret.txt", "root:" + PASSWORD + ":19000:0\n")
            os.chmod(ws.path("secret.txt"), 0o600)
            p = ws.relcheck("check", "--env", "acc")
            self.assertEqual(p.returncode, 2)
            self.assertIn("${file:secret.txt}", p.stderr)
            self.assertNotIn(PASSWORD, p.stdout + p.stderr)


class QuerySecrets(Base):
    """Item 5: secret-named query parameters are stored redacted and
    `check` warns about them."""

    def test_api_key_in_query(self):
        with Hostile({"*": ok({"a": 1}, {"Location":
                                         "/n?token=" + TOKEN + "&p=1"})}) \
                as api:
            calls = [{"id": "k", "path": "/items",
                      "query": {"api_key": TOKEN, "page": 2}},
                     {"id": "t", "path": "/x?access_token=" + TOKEN2}]
            with Workspace(config(api.url), {"shop": calls}) as ws:
                chk = ws.relcheck("check")
                self.assertIn("query parameter 'api_key' of call 'k'",
                              chk.stderr)
                self.assertIn("query parameter 'access_token' of call 't'",
                              chk.stderr)
                procs = self.record_and_run(ws)
                self.assertEqual(api.requests("/items")[0]["query"]
                                 ["api_key"], [TOKEN])
                fx = ws.read_json("fixtures/shop/k.json")
                self.assertIn("api_key=<redacted>", fx["request"]["url"])
                self.assertIn("page=2", fx["request"]["url"])
                self.assertEqual(fx["response"]["headers"]["location"],
                                 "/n?token=<redacted>&p=1")
                fx = ws.read_json("fixtures/shop/t.json")
                self.assertIn("access_token=<redacted>", fx["request"]["url"])
                self.assertNotIn(TOKEN2, json.dumps(fx))
                # the suite holds the key as its author wrote it; nothing
                # relcheck wrote does
                os.remove(ws.path("suites/shop.json"))
                self.assert_clean(ws, procs[:2], [TOKEN])


if __name__ == "__main__":
    unittest.main()
