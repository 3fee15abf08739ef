#!/usr/bin/python3
"""Connections and counting of `relcheck run` (SPEC section 7), on plain
HTTP/1.1 and on HTTPS, against the loopback ERP stand-in
(tests/servers/erp_server.py), which logs every request it receives
before it answers.

One suite, run with --jobs 4 --timeout 1 --retries 1 and a login: a slow
call (the server sleeps past the timeout), a normal call, a call whose
body is cut off, a call whose connection is reset, and a call to a port
where nothing listens. Asserted:
- the normal call is `same`: it never waited behind the slow one (over
  cleartext HTTP/1.1 each call in flight has a connection of its own);
- `calls_sent` (result.json and run.json), the per-call `calls_sent` in
  calls.jsonl and the ledger all equal what the server logged, per path
  and in total; the refused call counts 0 though it was attempted twice.
"""
import collections
import json
import os
import socket
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_http_record import (PASSWORD, RELCHECK, Server,  # noqa: E402
                              Workspace)


def closed_port():
    """A loopback port where nothing listens (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Accounting(unittest.TestCase):
    def scenario(self, tls_server=None, tls_env=None):
        with tempfile.TemporaryDirectory() as tmp, \
                Server(tmp, "login:api:" + PASSWORD,
                       tls=tls_server) as srv:
            normal = {"id": "normal", "path": "/items/7"}
            reset = {"id": "reset", "path": "/reset", "query": {"key": "b"}}
            ws = Workspace(tmp, srv.port, "login", tls=tls_env,
                           suites={"acct": [normal, reset]})
            p = ws.run()              # baselines of `normal` and `reset`
            self.assertEqual(p.returncode, 0, p.stderr)
            ws.write("suites/acct.json", {
                "name": "acct", "programs": ["*"], "calls": [
                    {"id": "slow", "path": "/slow", "query": {"s": "2.5"}},
                    normal,
                    {"id": "truncated", "path": "/truncated"},
                    dict(reset, query={"key": "r"}),   # a new key: reset
                    {"id": "refused",
                     "path": "http://127.0.0.1:%d/x" % closed_port()}]})
            open(srv.log, "w").close()
            ledger_before = ws.ledger_total()
            env = dict(os.environ, RC_TEST_PW=PASSWORD, NO_COLOR="1")
            p = subprocess.run(
                [RELCHECK, "run", "--env", "acc", "--all", "--quiet",
                 "--jobs", "4", "--timeout", "1", "--retries", "1",
                 "--out", "run", "--format", "md"],
                cwd=ws.dir, env=env, capture_output=True, text=True,
                timeout=120)
            self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
            logged = [r["path"].split("?")[0] for r in srv.requests()]
            run_dir = os.path.join(ws.dir, "run")
            with open(os.path.join(run_dir, "result.json")) as fp:
                result = json.load(fp)
            with open(os.path.join(run_dir, "calls.jsonl")) as fp:
                lines = {c["id"]: c for c in map(json.loads, fp)}

            out = {c["id"]: c["outcome"] for c in lines.values()}
            self.assertEqual(out, {"slow": "error", "normal": "same",
                                   "truncated": "error", "reset": "same",
                                   "refused": "error"}, lines)
            self.assertEqual(result["run"]["calls_sent"], len(logged),
                             logged)
            self.assertEqual(ws.ledger_total() - ledger_before, len(logged))
            per_path = collections.Counter(logged)
            self.assertEqual(per_path["/login"], 1)
            self.assertEqual(per_path["/slow"], 2)      # both timed out
            for cid in ("slow", "normal", "truncated", "reset"):
                self.assertEqual(lines[cid]["calls_sent"],
                                 per_path["/" + cid.replace("normal",
                                                            "items/7")],
                                 (cid, lines[cid], logged))
            self.assertEqual(lines["refused"]["calls_sent"], 0)
            self.assertEqual(lines["refused"]["retries"], 1)
            self.assertEqual(sum(c["calls_sent"] for c in lines.values()) + 1,
                             len(logged))

    def test_plain_http(self):
        self.scenario()

    def test_https(self):
        with tempfile.TemporaryDirectory() as tmp:
            cert = os.path.join(tmp, "cert.pem")
            key = os.path.join(tmp, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                            "-nodes", "-keyout", key, "-out", cert, "-days",
                            "2", "-subj", "/CN=127.0.0.1", "-addext",
                            "subjectAltName=IP:127.0.0.1"], check=True,
                           capture_output=True)
            self.scenario((cert, key), {"ca_file": cert})


if __name__ == "__main__":
    unittest.main(verbosity=2)
