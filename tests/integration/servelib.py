"""Helpers for the serve tests: start `relcheck serve` on a free port,
send requests with urllib, and read the bundled example workspace.
Run with /usr/bin/python3; RELCHECK and RC_SOURCE_DIR come from ctest."""
import base64
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

RELCHECK = os.environ["RELCHECK"]
SRC = os.environ["RC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "relcheck.json")
HOP = {"content-length", "transfer-encoding", "connection", "keep-alive",
       "content-encoding", "upgrade", "trailer"}


class Server:
    """`relcheck serve` as a child process; the URL is read from its first
    line, printed once the socket listens (no sleeps needed)."""

    def __init__(self, *args, config=CONFIG):
        self.proc = subprocess.Popen(
            [RELCHECK, "serve", "--config", config, "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.first = self.proc.stdout.readline()
        m = re.search(r"on (http://127\.0\.0\.1:\d+)$", self.first.strip())
        if not m:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError("serve did not start: %r %r %r"
                                 % (self.first, out, err))
        self.url = m.group(1)

    def stop(self, sig=signal.SIGTERM):
        """Stops the server; returns (exit status, rest of stdout, stderr)."""
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, out, err

    def request(self, method, path, query=None, body=None, headers=None):
        """Returns (status, headers as a lower-case dict, body bytes)."""
        url = self.url + urllib.parse.quote(path, safe="/{}")
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        hdrs = dict(headers or {})
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(url, data=data, method=method,
                                     headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return (resp.status, {k.lower(): v for k, v in resp.getheaders()},
                        resp.read())
        except urllib.error.HTTPError as e:
            return (e.code, {k.lower(): v for k, v in e.headers.items()},
                    e.read())


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def suites():
    """The bundled suites, sorted by name."""
    d = os.path.join(SRC, "suites")
    return [load(os.path.join(d, n)) for n in sorted(os.listdir(d))
            if n.endswith(".json")]


def fixture(suite, call):
    return load(os.path.join(SRC, "fixtures", suite, call + ".json"))


def served_bytes(response):
    """The body bytes serve sends for a fixture's response (docs/formats.md:
    compact JSON in recorded order, UTF-8, shortest reals)."""
    if "body" in response:
        return json.dumps(response["body"], separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8")
    if "body_text" in response:
        return response["body_text"].encode("utf-8")
    if "body_base64" in response:
        return base64.b64decode(response["body_base64"])
    return b""


def query_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def get_path(doc, path):
    """Reads a simple JSON path ($.a.b) from doc."""
    for part in path[2:].split("."):
        doc = doc[part]
    return doc


def calls_with_variables():
    """Yields (suite, call, path, query) for every bundled call, with the
    {{variables}} filled from the captures of earlier fixtures."""
    for s in suites():
        env = {}
        for c in s["calls"]:
            def fill(t):
                return re.sub(r"\{\{(\w+)\}\}", lambda m: str(env[m.group(1)]), t)
            query = {k: fill(query_text(v)) for k, v in c.get("query", {}).items()}
            yield s, c, fill(c["path"]), query
            fx = fixture(s["name"], c["id"])
            for name, p in c.get("capture", {}).items():
                env[name] = get_path(fx["response"]["body"], p)


def check(cond, message):
    if not cond:
        print("FAIL:", message)
        sys.exit(1)


def check_response(where, want, got):
    """Checks a (status, headers, body) answer against a fixture response:
    the status, every recorded header but the hop-by-hop ones, and the
    body byte for byte."""
    status, headers, data = got
    check(status == want["status"], "%s: status %d, want %d"
          % (where, status, want["status"]))
    for k, v in want["headers"].items():
        if k not in HOP:
            check(headers.get(k) == v, "%s: header %s = %r, want %r"
                  % (where, k, headers.get(k), v))
    check(data == served_bytes(want), "%s: body differs:\n got %r\nwant %r"
          % (where, data[:500], served_bytes(want)[:500]))


def copy_workspace():
    """A scratch copy of the bundled example workspace; returns the path of
    its relcheck.json."""
    import shutil
    import tempfile
    ws = tempfile.mkdtemp()
    for name in ("relcheck.json", "programs.json"):
        shutil.copy(os.path.join(SRC, name), ws)
    for name in ("suites", "fixtures"):
        shutil.copytree(os.path.join(SRC, name), os.path.join(ws, name))
    return os.path.join(ws, "relcheck.json")


def point_demo_at(config, url):
    """Sets the demo environment's base_url in the relcheck.json config."""
    cfg = load(config)
    cfg["environments"]["demo"]["base_url"] = url
    with open(config, "w") as f:
        json.dump(cfg, f, indent=2)
