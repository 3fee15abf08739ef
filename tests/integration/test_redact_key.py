#!/usr/bin/python3
"""The redaction key shared with runners that start empty (SPEC section
9), against the loopback ERP of tests/servers/erp_server.py (login auth;
it logs every request it receives, logins included):
- record makes .relcheck/key and writes its id (`redaction_key`, the
  first 8 hex digits of SHA-256 of the key's bytes) into every fixture;
  `relcheck key --force` prints that key;
- a copy of the workspace without .relcheck (a CI runner) given the key in
  RELCHECK_REDACT_KEY runs with 0 findings, redacted fields included, and
  its response files carry the same id;
- a wrong key, no key at all, or a malformed RELCHECK_REDACT_KEY is
  refused with exit 2 before any request: the server logs nothing, not
  even a login, no run folder and no key file is made; record --update
  is refused the same way;
- fixtures older than key ids are accepted, and gain the id when record
  --update or approve (baseline and --as-noise) rewrites them."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_http_record import (PASSWORD, RELCHECK, Server,  # noqa: E402
                              Workspace, server_auth)

CALLS = [{"id": "items", "path": "/items"},
         {"id": "export", "path": "/xml"},
         {"id": "one", "path": "/items/7"}]
WRONG = "ab" * 32


def key_id(hex_key):
    return hashlib.sha256(bytes.fromhex(hex_key)).hexdigest()[:8]


def relcheck(folder, *args, env=None):
    e = {k: v for k, v in os.environ.items() if k != "RELCHECK_REDACT_KEY"}
    e.update(RC_TEST_PW=PASSWORD, NO_COLOR="1", **(env or {}))
    return subprocess.run([RELCHECK, *args], cwd=folder, env=e,
                          capture_output=True, text=True, timeout=120)


def fixtures(folder):
    base = os.path.join(folder, "fixtures", "shop")
    return {n[:-5]: json.load(open(os.path.join(base, n)))
            for n in sorted(os.listdir(base))}


def edit_fixture(folder, call, change):
    path = os.path.join(folder, "fixtures", "shop", call + ".json")
    doc = json.load(open(path))
    change(doc)
    json.dump(doc, open(path, "w"), indent=2)


def runner_copy(folder, name):
    """The workspace as a CI runner checks it out: no .relcheck, no
    reports."""
    dst = os.path.join(os.path.dirname(folder), name)
    shutil.copytree(folder, dst, ignore=shutil.ignore_patterns(
        ".relcheck", "reports"))
    return dst


class RedactKey(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.srv = Server(self.tmp, server_auth("login"))
        self.srv.__enter__()
        self.ws = Workspace(self.tmp, self.srv.port, "login",
                            suites={"shop": CALLS},
                            replay={"repeat_interval": 0}).dir

    def tearDown(self):
        self.srv.__exit__(None, None, None)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def sent(self):
        return len(self.srv.requests())

    def record_here(self):
        p = relcheck(self.ws, "record", "--env", "acc", "--quiet")
        self.assertEqual(p.returncode, 0, p.stderr)
        key = open(os.path.join(self.ws, ".relcheck", "key")).read().strip()
        return key

    def refused(self, folder, *args, env=None, want=""):
        """args is refused with 2 and nothing reaches the server."""
        before = self.sent()
        p = relcheck(folder, *args, env=env)
        self.assertEqual(p.returncode, 2, (args, p.stdout, p.stderr))
        self.assertIn(want, p.stderr)
        self.assertEqual(self.sent(), before, "requests sent: %s"
                         % self.srv.requests()[before:])
        self.assertFalse(os.path.exists(os.path.join(folder, "reports")))
        return p

    def test_runner_with_the_key(self):
        key = self.record_here()
        got = fixtures(self.ws)
        self.assertEqual({c: f.get("redaction_key") for c, f in got.items()},
                         dict.fromkeys(got, key_id(key)))
        self.assertTrue(got["items"]["response"]["body"]["items"][0]["iban"]
                        .startswith("<redacted:"))
        self.assertNotIn("NL91ABNA", got["export"]["response"]["body_text"])
        p = relcheck(self.ws, "key", "--force")
        self.assertEqual((p.returncode, p.stdout), (0, key + "\n"), p.stderr)
        p = relcheck(self.ws, "key", "--id")
        self.assertEqual(p.stdout, key_id(key) + "\n")

        runner = runner_copy(self.ws, "runner")
        env = {"RELCHECK_REDACT_KEY": key}
        p = relcheck(runner, "run", "--env", "acc", "--all", "--quiet",
                     "--save-responses", "all", "--out", "run1", env=env)
        self.assertEqual(p.returncode, 0, (p.stdout, p.stderr))
        result = json.load(open(os.path.join(runner, "run1",
                                             "result.json")))
        self.assertEqual((result["summary"]["changed"],
                          result["summary"]["same"]), (0, 3), result["fields"])
        self.assertFalse(os.path.exists(os.path.join(runner, ".relcheck",
                                                     "key")))
        for call in ("items", "export", "one"):
            resp = json.load(open(os.path.join(runner, "run1", "responses",
                                               "shop", call + ".json")))
            self.assertEqual(resp["redaction_key"], key_id(key))

    def test_wrong_or_missing_key_refused(self):
        key = self.record_here()
        runner = runner_copy(self.ws, "runner")
        want = ("recorded with redaction key '%s' (and 2 more fixtures), "
                "but the key here (RELCHECK_REDACT_KEY) has id '%s'"
                % (key_id(key), key_id(WRONG)))
        env = {"RELCHECK_REDACT_KEY": WRONG}
        self.refused(runner, "run", "--env", "acc", "--all", env=env,
                     want=want)
        self.refused(runner, "record", "--env", "acc", "--update", env=env,
                     want=want)
        self.refused(runner, "run", "--env", "acc", "--all",
                     want="there is no key here")
        p = self.refused(runner, "run", "--env", "acc", "--all",
                         env={"RELCHECK_REDACT_KEY": "zz" * 32},
                         want="relcheck: RELCHECK_REDACT_KEY: not a "
                         "redaction key")
        self.assertNotIn("zzzz", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(runner, ".relcheck",
                                                     "key")))
        # the right key is let through, and the server sees the run
        before = self.sent()
        p = relcheck(runner, "run", "--env", "acc", "--all", "--quiet",
                     env={"RELCHECK_REDACT_KEY": key})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertGreater(self.sent(), before)

    def test_old_fixtures_gain_the_id(self):
        key = self.record_here()
        ident = key_id(key)
        for call in ("items", "export", "one"):
            edit_fixture(self.ws, call, lambda d: d.pop("redaction_key"))
        p = relcheck(self.ws, "run", "--env", "acc", "--all", "--quiet")
        self.assertEqual(p.returncode, 0, p.stderr)
        p = relcheck(self.ws, "record", "--env", "acc", "--update",
                     "--quiet")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual([f.get("redaction_key") for f in
                          fixtures(self.ws).values()], [ident] * 3)

        # approve: a new baseline and a field as noise, each onto a
        # fixture without an id
        def older_one(d):
            d.pop("redaction_key")
            d["response"]["body"]["name"] = "another item"

        def older_items(d):
            d.pop("redaction_key")
            d["response"]["body"]["items"][0]["price"] = 999
        edit_fixture(self.ws, "one", older_one)
        edit_fixture(self.ws, "items", older_items)
        p = relcheck(self.ws, "run", "--env", "acc", "--all", "--quiet",
                     "--out", "run2")
        self.assertEqual(p.returncode, 1, p.stderr)
        p = relcheck(self.ws, "approve", "run2", "--call", "one",
                     "--reason", "renamed")
        self.assertEqual(p.returncode, 0, p.stderr)
        p = relcheck(self.ws, "approve", "run2", "--call", "items",
                     "--as-noise", "--reason", "price varies")
        self.assertEqual(p.returncode, 0, p.stderr)
        got = fixtures(self.ws)
        self.assertEqual(got["one"]["redaction_key"], ident)
        self.assertEqual(got["one"]["response"]["body"]["name"], "one item")
        self.assertEqual(got["items"]["redaction_key"], ident)
        self.assertIn("$.items[*].price", got["items"]["noise"])


if __name__ == "__main__":
    unittest.main()
