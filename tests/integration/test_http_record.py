#!/usr/bin/python3
"""relcheck record against a real loopback server (tests/servers/erp_server.py).

Every test starts its own server on a free port, builds a workspace in a
temporary folder, runs the relcheck binary ($RELCHECK) and compares what
relcheck reports and writes with what the server logged receiving: each
auth type with a 401 mid-run, 503 + Retry-After, a connection reset, a
timeout, a body past max_body, the write-safety rule, the budget refusal,
captures, noise learning, the ledger, and a scan of every file written for
secrets in clear.
"""
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

RELCHECK = os.environ.get("RELCHECK", "build/runner/relcheck")
SRC = os.environ.get("RC_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
SERVER = os.path.join(SRC, "tests", "servers", "erp_server.py")
PASSWORD = "CorrectHorseBattery9staple"
SECRET = "cl13ntS3cretValue-0123456789"
TOKEN_MARK = "s3cr3tT0kenValue"
BEARER = "StaticBearerToken-abcdefghijklmnop"
HEADER_KEY = "ApiKeyValue-abcdefghijklmnopq"
IBAN_MARK = "NL91ABNA04171643"


class Server:
    """The test server as a context manager; .port, .requests()."""

    def __init__(self, tmp, auth="none", token_uses=0, tls=None,
                 max_tokens=0):
        self.log = os.path.join(tmp, "server-log.jsonl")
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", SERVER, "--log", self.log, "--auth", auth,
             "--token-uses", str(token_uses), "--max-tokens",
             str(max_tokens)]
            + (["--tls"] + list(tls) if tls else []),
            stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()       # readiness: "PORT n"
        if not line.startswith("PORT "):
            raise RuntimeError("server did not start: %r" % line)
        self.port = int(line.split()[1])

    def requests(self):
        with open(self.log) as fp:
            return [json.loads(line) for line in fp if line.strip()]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


def auth_config(kind):
    return {
        "none": {"type": "none"},
        "basic": {"type": "basic", "username": "api",
                  "password": "${env:RC_TEST_PW}"},
        "bearer": {"type": "bearer", "token": "${env:RC_TEST_BEARER}"},
        "header": {"type": "header", "name": "X-Api-Key",
                   "value": "${env:RC_TEST_KEY}"},
        "oauth2": {"type": "oauth2", "token_url": "/oauth/token",
                   "client_id": "relcheck",
                   "client_secret": "${env:RC_TEST_SECRET}",
                   "scope": "read write"},
        "login": {"type": "login", "url": "/login",
                  "body": {"user": "api", "password": "${env:RC_TEST_PW}"},
                  "token": "$.data.token"},
    }[kind]


def server_auth(kind):
    return {
        "none": "none", "basic": "basic:api:" + PASSWORD,
        "bearer": "bearer:" + BEARER, "header": "header:X-Api-Key:" + HEADER_KEY,
        "oauth2": "oauth2:relcheck:" + SECRET, "login": "login:api:" + PASSWORD,
    }[kind]


class Workspace:
    def __init__(self, tmp, port, auth="none", allow_writes=True,
                 replay=None, budget=None, suites=None, tls=None):
        self.dir = os.path.join(tmp, "ws")
        os.makedirs(os.path.join(self.dir, "suites"))
        env = {"base_url": "%s://127.0.0.1:%d" % ("https" if tls is not None
                                                  else "http", port),
               "allow_writes": allow_writes, "auth": auth_config(auth)}
        if tls:
            env["tls"] = tls
        cfg = {"environments": {"acc": env},
               "redact": ["$..iban", "//Iban", "/Export/Rekening/@nummer"],
               "replay": dict({"jobs": 1, "timeout": 10, "retries": 2,
                               "max_wait": 5}, **(replay or {}))}
        if budget:
            cfg["budget"] = budget
        self.write("relcheck.json", cfg)
        for name, calls in (suites or {}).items():
            self.write("suites/%s.json" % name,
                       {"name": name, "programs": ["VFAFAC"], "calls": calls})

    def write(self, rel, obj):
        with open(os.path.join(self.dir, rel), "w") as fp:
            json.dump(obj, fp)

    def run(self, *args, timeout=60, env=None):
        env = dict(os.environ, RC_TEST_PW=PASSWORD, RC_TEST_BEARER=BEARER,
                   RC_TEST_KEY=HEADER_KEY, RC_TEST_SECRET=SECRET,
                   NO_COLOR="1", **(env or {}))
        p = subprocess.run([RELCHECK, "record", "--env", "acc", "--quiet"]
                           + list(args), cwd=self.dir, env=env,
                           capture_output=True, text=True, timeout=timeout)
        return p

    def run_json(self, *args, env=None):
        p = self.run("--json", *args, env=env)
        try:
            doc = json.loads(p.stdout) if p.stdout.strip() else None
        except ValueError:
            raise AssertionError("not JSON: %r / %r" % (p.stdout, p.stderr))
        return p, doc

    def config(self, **members):
        """Rewrites relcheck.json with these members replaced."""
        with open(os.path.join(self.dir, "relcheck.json")) as fp:
            cfg = json.load(fp)
        cfg.update(members)
        self.write("relcheck.json", cfg)

    def fixture(self, suite, call):
        with open(os.path.join(self.dir, "fixtures", suite,
                               call + ".json")) as fp:
            return json.load(fp)

    def ledger_total(self):
        path = os.path.join(self.dir, ".relcheck", "ledger.jsonl")
        if not os.path.exists(path):
            return 0
        with open(path) as fp:
            return sum(json.loads(l)["calls"] for l in fp if l.strip())

    def files(self):
        for root, _, names in os.walk(self.dir):
            for n in names:
                yield os.path.join(root, n)


def outcomes(doc):
    return {c["call"]: c for c in doc["calls"]}


ITEMS = [{"id": "items", "path": "/items", "query": {"status": "open x"}},
         {"id": "one", "path": "/items/7"}]


class RecordAuth(unittest.TestCase):
    """Each auth type; for oauth2 and login the token allows three calls,
    so the fourth gets a 401 and a new token is fetched once."""

    def check_auth(self, kind):
        uses = 3 if kind in ("oauth2", "login") else 0
        with tempfile.TemporaryDirectory() as tmp, \
                Server(tmp, server_auth(kind), uses) as srv:
            ws = Workspace(tmp, srv.port, kind, suites={"shop": ITEMS})
            p, doc = ws.run_json()
            self.assertEqual(p.returncode, 0, p.stderr)
            got = outcomes(doc)
            self.assertEqual(got["items"]["outcome"], "recorded")
            self.assertEqual(got["items"]["status"], 200)
            self.assertEqual(got["items"]["noise"], ["$.generated_at"])
            self.assertEqual(got["one"]["noise"], [])
            reqs = srv.requests()
            tokens = [r for r in reqs if r["path"] in ("/login",
                                                       "/oauth/token")]
            if uses:
                # first token, then one more after the 401 on call 4
                self.assertEqual(len(tokens), 2)
                self.assertEqual(len(reqs), 7)
            else:
                self.assertEqual(tokens, [])
                self.assertEqual(len(reqs), 4)
            self.assertEqual(doc["summary"]["calls_sent"], len(reqs))
            self.assertEqual(ws.ledger_total(), len(reqs))
            fx = ws.fixture("shop", "items")
            self.assertEqual(fx["request"]["url"], "http://127.0.0.1:%d"
                             "/items?status=open%%20x" % srv.port)
            if kind != "none":
                name = "X-Api-Key" if kind == "header" else "Authorization"
                self.assertEqual(fx["request"]["headers"][name],
                                 "<redacted>")
            self.assert_no_secrets(ws)

    def assert_no_secrets(self, ws):
        basic = base64.b64encode(("api:" + PASSWORD).encode()).decode()
        needles = [PASSWORD, SECRET, TOKEN_MARK, BEARER, HEADER_KEY, basic,
                   IBAN_MARK]
        for path in ws.files():
            with open(path, "rb") as fp:
                data = fp.read().decode("utf-8", "replace")
            for n in needles:
                self.assertNotIn(n, data, "%s holds a secret" % path)

    def test_none(self):
        self.check_auth("none")

    def test_basic(self):
        self.check_auth("basic")

    def test_bearer(self):
        self.check_auth("bearer")

    def test_header(self):
        self.check_auth("header")

    def test_oauth2(self):
        self.check_auth("oauth2")

    def test_login(self):
        self.check_auth("login")

    def test_bad_login_sends_nothing_more(self):
        with tempfile.TemporaryDirectory() as tmp, \
                Server(tmp, "login:api:someOtherPassword123456") as srv:
            ws = Workspace(tmp, srv.port, "login", suites={"shop": ITEMS})
            p, doc = ws.run_json()
            self.assertEqual(p.returncode, 3, p.stderr)
            got = outcomes(doc)
            self.assertEqual(got["items"]["outcome"], "failed")
            self.assertIn("login request failed: HTTP 403",
                          got["items"]["reason"])
            self.assertEqual(len(srv.requests()), 1)   # one login, no calls
            self.assertEqual(ws.ledger_total(), 1)


class RecordAuthFailure(unittest.TestCase):
    def test_wrong_password_is_an_auth_error(self):
        with tempfile.TemporaryDirectory() as tmp, \
                Server(tmp, "basic:api:someOtherPassword123456") as srv:
            ws = Workspace(tmp, srv.port, "basic", suites={"shop": ITEMS})
            p, doc = ws.run_json("--repeat", "1")
            self.assertEqual(p.returncode, 3, p.stderr)
            for c in doc["calls"]:
                self.assertEqual(c["outcome"], "failed")
                self.assertEqual(c["reason"],
                                 "authentication failed: HTTP 401")
            self.assertEqual(len(srv.requests()), 2)   # no re-send
            self.assertFalse(os.path.exists(os.path.join(ws.dir,
                                                         "fixtures")))


    def test_failed_relogin_ends_the_rest_without_sending(self):
        calls = [{"id": "c%d" % i, "path": "/items/%d" % i} for i in range(3)]
        with tempfile.TemporaryDirectory() as tmp, \
                Server(tmp, server_auth("login"), token_uses=1,
                       max_tokens=1) as srv:
            ws = Workspace(tmp, srv.port, "login", suites={"s": calls})
            p, doc = ws.run_json("--repeat", "1")
            self.assertEqual(p.returncode, 3, p.stderr)
            got = outcomes(doc)
            self.assertEqual(got["c0"]["outcome"], "recorded")
            for c in ("c1", "c2"):
                self.assertEqual(got[c]["reason"],
                                 "login request failed: HTTP 403")
            self.assertEqual([r["path"] for r in srv.requests()],
                             ["/login", "/items/0", "/items/1", "/login"])
            self.assertEqual(doc["summary"]["calls_sent"], 4)
            self.assertEqual(ws.ledger_total(), 4)


class RecordTransport(unittest.TestCase):
    def record_one(self, call, replay=None, args=()):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        srv = Server(tmp)
        self.addCleanup(srv.__exit__)
        ws = Workspace(tmp, srv.port, replay=replay,
                       suites={"t": [call]})
        p, doc = ws.run_json("--repeat", "1", *args)
        return srv, ws, p, doc

    def test_503_retry_after(self):
        srv, ws, p, doc = self.record_one(
            {"id": "f", "path": "/flaky", "query": {"key": "k"}})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(outcomes(doc)["f"]["status"], 200)
        self.assertEqual(len(srv.requests()), 2)
        self.assertEqual(doc["summary"]["retries"], 1)
        self.assertEqual(doc["summary"]["calls_sent"], 2)
        self.assertEqual(ws.ledger_total(), 2)

    def test_retry_after_past_max_wait(self):
        srv, ws, p, doc = self.record_one(
            {"id": "f", "path": "/flaky", "query": {"key": "k",
                                                    "after": "120"}})
        self.assertEqual(p.returncode, 3)
        self.assertIn("HTTP 503 with Retry-After past max_wait",
                      outcomes(doc)["f"]["reason"])
        self.assertEqual(len(srv.requests()), 1)

    def test_connection_reset(self):
        srv, ws, p, doc = self.record_one(
            {"id": "r", "path": "/reset", "query": {"key": "k"}})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(outcomes(doc)["r"]["status"], 200)
        self.assertEqual(len(srv.requests()), 2)
        self.assertEqual(ws.ledger_total(), 2)

    def test_timeout(self):
        srv, ws, p, doc = self.record_one(
            {"id": "s", "path": "/slow", "query": {"s": "3"}},
            replay={"timeout": 0.5, "retries": 1})
        self.assertEqual(p.returncode, 3)
        r = outcomes(doc)["s"]
        self.assertEqual(r["outcome"], "failed")
        self.assertIn("timed out", r["reason"])
        self.assertIn("after 2 attempts", r["reason"])
        self.assertEqual(len(srv.requests()), 2)
        self.assertEqual(ws.ledger_total(), 2)
        self.assertFalse(os.path.exists(
            os.path.join(ws.dir, "fixtures", "t", "s.json")))

    def test_body_past_max_body(self):
        srv, ws, p, doc = self.record_one(
            {"id": "b", "path": "/big", "query": {"n": "300000"}},
            replay={"max_body": 100000})
        self.assertEqual(p.returncode, 3)
        self.assertEqual(outcomes(doc)["b"]["reason"],
                         "response body larger than max_body (100000 bytes)")
        self.assertEqual(len(srv.requests()), 1)

    def test_rate_spaces_request_starts(self):
        # 6 requests at 5 a second: the limiter spaces their starts by at
        # least 0.2 s, so the server sees them spread over >= 1 s (a lower
        # bound the limiter guarantees, not a speed measurement).
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        srv = Server(tmp)
        self.addCleanup(srv.__exit__)
        ws = Workspace(tmp, srv.port, replay={"jobs": 4},
                       suites={"r": [{"id": "i%d" % i, "path": "/items/%d" % i}
                                     for i in range(3)]})
        p, doc = ws.run_json("--rate", "5")
        self.assertEqual(p.returncode, 0, p.stderr)
        ts = sorted(r["t"] for r in srv.requests())
        self.assertEqual(len(ts), 6)
        self.assertGreaterEqual(ts[-1] - ts[0], 0.95)

    def test_429_retried_then_an_error(self):
        srv, ws, p, doc = self.record_one({"id": "t", "path": "/status/429"},
                                          replay={"retries": 2})
        self.assertEqual(p.returncode, 3)
        self.assertEqual(outcomes(doc)["t"]["reason"],
                         "HTTP 429 (after 3 attempts)")
        self.assertEqual(len(srv.requests()), 3)
        self.assertEqual(doc["summary"]["retries"], 2)
        self.assertEqual(ws.ledger_total(), 3)

    def test_status_is_a_result(self):
        srv, ws, p, doc = self.record_one({"id": "e", "path": "/status/404"})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(ws.fixture("t", "e")["response"]["status"], 404)
        self.assertEqual(len(srv.requests()), 1)


ORDERS = [
    {"id": "create", "method": "POST", "path": "/orders",
     "body": {"debiteur": "D100", "lines": 2}, "capture": {"oid": "$.id"}},
    {"id": "get-order", "path": "/orders/{{oid}}"},
    {"id": "list", "path": "/items"},
]


class RecordSafety(unittest.TestCase):
    def test_captures_feed_later_call(self):
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port, suites={"orders": ORDERS})
            p, doc = ws.run_json()
            self.assertEqual(p.returncode, 0, p.stderr)
            reqs = srv.requests()
            self.assertEqual([r["method"] + " " + r["path"] for r in reqs],
                             ["POST /orders", "GET /orders/ord-1",
                              "GET /orders/ord-1", "GET /items",
                              "GET /items"])
            self.assertEqual(json.loads(reqs[0]["body"]),
                             {"debiteur": "D100", "lines": 2})
            self.assertEqual(reqs[0]["headers"]["content-type"],
                             "application/json")
            self.assertEqual(ws.fixture("orders", "get-order")
                             ["response"]["body"]["id"], "ord-1")
            self.assertEqual(ws.ledger_total(), 5)

    def test_no_write_without_allow_writes(self):
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port, allow_writes=False,
                           suites={"orders": ORDERS})
            p, doc = ws.run_json()
            self.assertEqual(p.returncode, 0, p.stderr)
            got = outcomes(doc)
            self.assertEqual(got["create"]["outcome"], "skipped")
            self.assertEqual(got["create"]["reason"],
                             "write call (POST) not sent: environment 'acc' "
                             "does not allow writes")
            self.assertEqual(got["get-order"]["reason"],
                             "uses {{oid}} from call 'create', which was "
                             "skipped")
            methods = [r["method"] for r in srv.requests()]
            self.assertNotIn("POST", methods)
            self.assertEqual(methods, ["GET", "GET"])

    def test_budget_refusal_sends_nothing(self):
        with tempfile.TemporaryDirectory() as tmp, \
                Server(tmp, server_auth("login")) as srv:
            ws = Workspace(tmp, srv.port, "login", suites={"shop": ITEMS},
                           budget={"monthly_calls": 100})
            month = self.write_ledger(
                os.path.join(ws.dir, ".relcheck", "ledger.jsonl"),
                {"acc": 97})
            p = ws.run()
            self.assertEqual(p.returncode, 2)
            self.assertIn("relcheck: budget: this record needs 5 calls but "
                          "97 of 100 are used in %s (3 left)" % month,
                          p.stderr)
            self.assertEqual(srv.requests(), [])
            p, doc = ws.run_json("--dry-run")
            self.assertEqual(p.returncode, 0)
            self.assertEqual(doc["requests"], 5)
            self.assertEqual(doc["used"], 97)
            self.assertTrue(doc["over_budget"])
            self.assertEqual(srv.requests(), [])
            p, doc = ws.run_json("--over-budget")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(ws.ledger_total(), 597 + len(srv.requests()))

    def write_ledger(self, path, counts):
        """A ledger with this month's calls per environment (and an old
        month that never counts)."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        month = time.strftime("%Y-%m", time.gmtime())
        with open(path, "w") as fp:
            for env, calls in counts.items():
                fp.write(json.dumps({"at": month + "-01T00:00:00Z",
                                     "month": month, "environment": env,
                                     "command": "run", "calls": calls})
                         + "\n")
            fp.write(json.dumps({"at": "2001-01-01T00:00:00Z",
                                 "month": "2001-01", "environment": "acc",
                                 "command": "run", "calls": 500}) + "\n")
        return month

    def test_budget_scope(self):
        """The vendor counts calls per customer: by default the month's use
        is the sum over every environment; budget.scope "environment"
        counts the environment alone."""
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port, suites={"shop": ITEMS},
                           budget={"monthly_calls": 100})
            month = self.write_ledger(
                os.path.join(ws.dir, ".relcheck", "ledger.jsonl"),
                {"acc": 40, "prod": 57})
            p = ws.run()
            self.assertEqual(p.returncode, 2)
            self.assertIn("relcheck: budget: this record needs 4 calls but "
                          "97 of 100 are used in %s (3 left)" % month,
                          p.stderr)
            self.assertEqual(srv.requests(), [])
            ws.config(budget={"monthly_calls": 100, "scope": "environment"})
            p, doc = ws.run_json("--dry-run")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(doc["used"], 40)
            self.assertFalse(doc["over_budget"])
            ws.config(budget={"scope": "customer"})
            p = ws.run("--dry-run")
            self.assertEqual(p.returncode, 2)
            self.assertRegex(p.stderr, r"relcheck\.json:\d+:\d+: member "
                             "'scope' must be \"workspace\" or "
                             "\"environment\", not 'customer'")

    def test_ledger_from_environment(self):
        """RELCHECK_LEDGER puts the ledger where CI keeps it (a cache that
        outlives the runner): read for the budget, appended to, and the
        workspace's own ledger is left alone."""
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port, suites={"shop": ITEMS},
                           budget={"monthly_calls": 100})
            cache = os.path.join(tmp, "cache", "ledger.jsonl")
            self.write_ledger(cache, {"acc": 98})
            p = ws.run(env={"RELCHECK_LEDGER": cache})
            self.assertEqual(p.returncode, 2)
            self.assertIn("98 of 100 are used", p.stderr)
            self.assertEqual(srv.requests(), [])
            p = ws.run("--over-budget", env={"RELCHECK_LEDGER": cache})
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(cache) as fp:
                lines = [json.loads(l) for l in fp if l.strip()]
            self.assertEqual(sum(l["calls"] for l in lines[2:]),
                             len(srv.requests()))
            self.assertFalse(os.path.exists(
                os.path.join(ws.dir, ".relcheck", "ledger.jsonl")))

    def test_existing_fixtures_kept(self):
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port, suites={"shop": ITEMS})
            p, _ = ws.run_json()
            self.assertEqual(p.returncode, 0)
            before = ws.fixture("shop", "items")
            p, doc = ws.run_json()
            self.assertEqual(p.returncode, 0)
            self.assertEqual([c["outcome"] for c in doc["calls"]],
                             ["kept", "kept"])
            self.assertEqual(len(srv.requests()), 4)
            self.assertEqual(ws.fixture("shop", "items"), before)
            p, doc = ws.run_json("--update", "--suite", "shop")
            self.assertEqual(doc["summary"]["recorded"], 2)
            self.assertEqual(len(srv.requests()), 8)

    def test_key_created_private_and_values_redacted(self):
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port, suites={"shop": ITEMS})
            p, _ = ws.run_json()
            self.assertEqual(p.returncode, 0, p.stderr)
            key = os.path.join(ws.dir, ".relcheck", "key")
            self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
            items = ws.fixture("shop", "items")["response"]["body"]["items"]
            for it in items:
                self.assertRegex(it["iban"], r"^<redacted:[0-9a-f]{16}>$")
            self.assertNotEqual(items[0]["iban"], items[1]["iban"])

    def test_xml_body_redacted_and_noise_learned(self):
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port,
                           suites={"x": [{"id": "export", "path": "/xml"}]})
            p, doc = ws.run_json()
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(outcomes(doc)["export"]["noise"],
                             ["/Export/GeneratedAt"])
            text = ws.fixture("x", "export")["response"]["body_text"]
            self.assertNotIn(IBAN_MARK, text)
            self.assertRegex(text, r"<Iban>&lt;redacted:[0-9a-f]{16}&gt;</Iban>")
            self.assertRegex(text, r'nummer="&lt;redacted:[0-9a-f]{16}&gt;"')
            self.assertIn("<Naam>klant 1</Naam>", text)

    def test_interrupt_finishes_in_flight(self):
        slow = [{"id": "s%d" % i, "path": "/slow", "query": {"s": "1"}}
                for i in range(6)]
        with tempfile.TemporaryDirectory() as tmp, Server(tmp) as srv:
            ws = Workspace(tmp, srv.port, suites={"slow": slow},
                           replay={"jobs": 2})
            env = dict(os.environ, NO_COLOR="1")
            proc = subprocess.Popen([RELCHECK, "record", "--env", "acc",
                                     "--quiet", "--repeat", "1", "--json"],
                                    cwd=ws.dir, env=env, text=True,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
            while len(srv.requests()) < 2:       # two in flight
                time.sleep(0.02)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
            self.assertEqual(proc.returncode, 130, err)
            doc = json.loads(out)
            self.assertFalse(doc["summary"]["complete"])
            n = len(srv.requests())
            self.assertEqual(doc["summary"]["recorded"], n)
            self.assertLess(n, 6)
            self.assertEqual(ws.ledger_total(), n)


class RecordTls(unittest.TestCase):
    """HTTPS with a self-signed certificate: refused by default, accepted
    with tls.ca_file, and with tls.insecure (which warns)."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.cert = os.path.join(self.tmp, "cert.pem")
        self.key = os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", self.key, "-out", self.cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        self.srv = Server(self.tmp, tls=(self.cert, self.key))
        self.addCleanup(self.srv.__exit__)

    def workspace(self, tls):
        ws = Workspace(self.tmp, self.srv.port, tls=tls,
                       suites={"shop": [ITEMS[1]]},
                       replay={"retries": 0})
        return ws

    def test_unknown_ca_refused(self):
        ws = self.workspace({})
        p, doc = ws.run_json("--repeat", "1")
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("certificate", outcomes(doc)["one"]["reason"])
        self.assertEqual(self.srv.requests(), [])

    def test_ca_file(self):
        ws = self.workspace({"ca_file": self.cert})
        p, doc = ws.run_json("--repeat", "1")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(outcomes(doc)["one"]["status"], 200)
        self.assertNotIn("insecure", p.stderr)

    def test_insecure_warns(self):
        ws = self.workspace({"insecure": True})
        p, doc = ws.run_json("--repeat", "1")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(outcomes(doc)["one"]["status"], 200)
        self.assertIn("relcheck: warning:", p.stderr)
        self.assertIn("tls.insecure", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
