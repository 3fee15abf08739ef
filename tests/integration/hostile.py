"""Helpers for the security tests (issue 14): a hostile loopback HTTP
server whose answers each test chooses, and a scratch workspace to run the
relcheck binary in. Run with /usr/bin/python3; RELCHECK and RC_SOURCE_DIR
come from ctest.

Hostile(routes) listens on 127.0.0.1 on a free port in a thread of the
test process. routes maps a path (without query) to a function taking the
request (an object with method, path, query, headers, body) and returning
(status, headers dict, body bytes or str or JSON-able value); a route
may also sleep. Every request is logged (.log) before it is answered.
"""
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RELCHECK = os.environ.get("RELCHECK", "build/runner/relcheck")
SRC = os.environ.get("RC_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))

PASSWORD = "Hunter2-CorrectHorseBattery"
TOKEN = "tok-9f8e7d6c5b4a39281706"
IBAN = "NL91ABNA0417164300"


class Req:
    def __init__(self, h, body):
        u = urllib.parse.urlsplit(h.path)
        self.method = h.command
        self.path = u.path
        self.query = urllib.parse.parse_qs(u.query)
        self.headers = {k.lower(): v for k, v in h.headers.items()}
        self.body = body

    def as_dict(self):
        return {"method": self.method, "path": self.path,
                "query": self.query, "headers": self.headers,
                "body": self.body.decode("utf-8", "replace")}


def _encode(body):
    if body is None:
        return b"", None
    if isinstance(body, bytes):
        return body, None
    if isinstance(body, str):
        return body.encode(), None
    return json.dumps(body).encode(), "application/json"


class Hostile:
    def __init__(self, routes):
        self.routes = routes
        self.log = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def handle_one(self):
                n = int(self.headers.get("Content-Length") or 0)
                req = Req(self, self.rfile.read(n) if n else b"")
                with outer.lock:
                    outer.log.append(req.as_dict())
                fn = outer.routes.get(req.path) or outer.routes.get("*")
                if fn is None:
                    status, hdrs, body = 404, {}, {"error": "no route"}
                else:
                    status, hdrs, body = fn(req)
                data, ctype = _encode(body)
                try:
                    self.send_response(status)
                    if ctype and "Content-Type" not in hdrs:
                        self.send_header("Content-Type", ctype)
                    for k, v in hdrs.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_one

        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.srv.daemon_threads = True
        self.port = self.srv.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.srv.serve_forever,
                                       daemon=True)
        self.thread.start()

    def requests(self, path=None):
        with self.lock:
            return [r for r in self.log if path is None or r["path"] == path]

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def ok(body, headers=None, status=200):
    """A route that always answers body."""
    return lambda req: (status, dict(headers or {}), body)


class Workspace:
    """A workspace in a temporary folder: relcheck.json from cfg, suites
    from a dict name -> list of calls (or a whole suite document)."""

    def __init__(self, cfg, suites=None, env=None):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.dir = os.path.join(self.root, "ws")
        os.makedirs(os.path.join(self.dir, "suites"))
        self.write("relcheck.json", cfg)
        for name, calls in (suites or {}).items():
            doc = calls if isinstance(calls, dict) else {
                "name": name, "programs": ["VFAFAC"], "calls": calls}
            self.write("suites/%s.json" % name, doc)
        self.env = dict(os.environ, NO_COLOR="1", RC_TEST_PW=PASSWORD,
                        RC_TEST_TOKEN=TOKEN, **(env or {}))

    def path(self, rel):
        return os.path.join(self.dir, rel)

    def write(self, rel, obj):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fp:
            if isinstance(obj, str):
                fp.write(obj)
            else:
                json.dump(obj, fp)

    def read_json(self, rel):
        with open(self.path(rel)) as fp:
            return json.load(fp)

    def relcheck(self, *args, timeout=60, cwd=None, **popen):
        return subprocess.run([RELCHECK] + list(args), cwd=cwd or self.dir,
                              env=self.env, capture_output=True, text=True,
                              timeout=timeout, **popen)

    def start(self, *args):
        """relcheck as a child process, for the signal tests."""
        return subprocess.Popen([RELCHECK] + list(args), cwd=self.dir,
                                env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def files(self, under=None):
        for root, _, names in os.walk(under or self.root):
            for n in names:
                yield os.path.join(root, n)

    def holding(self, needle):
        """The files under the scratch folder that hold needle."""
        found = []
        for p in self.files():
            if os.path.islink(p):
                continue
            with open(p, "rb") as fp:
                if needle.encode() in fp.read():
                    found.append(os.path.relpath(p, self.root))
        return found

    def close(self):
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def config(base_url, auth=None, **extra):
    env = {"base_url": base_url, "allow_writes": True,
           "auth": auth or {"type": "none"}}
    env.update(extra.pop("env_extra", {}))
    cfg = {"environments": {"acc": env},
           "replay": {"jobs": 1, "timeout": 10, "retries": 0,
                      "max_wait": 2}}
    cfg.update(extra)
    return cfg


def wait_for(pred, timeout=30.0):
    """Polls pred until it is true (readiness, not a timed assertion)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return False
