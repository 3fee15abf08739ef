"""A loopback ERP front that wants relcheck's `login` authentication, in
front of another loopback server (usually `relcheck serve`): POST /login
with the JSON body {"connection", "user", "password"} answers {"token"};
every other request must carry `Authorization: Bearer TOKEN` and is passed
on to the upstream server, its answer relayed. Used to run workspaces made
by `relcheck init` (whose acceptance environment logs in) unchanged.
Standard library only; runs in a thread of the test."""
import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length",
       "date", "server"}


class LoginProxy:
    def __init__(self, upstream, credentials):
        self.upstream = upstream
        self.want = {"connection": credentials["AS_CONNECTION"],
                     "user": credentials["AS_USER"],
                     "password": credentials["AS_PASSWORD"]}
        self.token = "tok-" + credentials["AS_USER"]
        self.logins = self.refused = self.relayed = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)

    def stats(self):
        return {"logins": self.logins, "refused": self.refused,
                "relayed": self.relayed}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _count(self, name):
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, status, body, headers=()):
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else None
                if self.path.split("?")[0] == "/login":
                    try:
                        ok = json.loads(body or b"{}") == proxy.want
                    except ValueError:
                        ok = False
                    proxy._count("logins" if ok else "refused")
                    answer = {"token": proxy.token} if ok else \
                        {"error": "wrong connection, user or password"}
                    self._answer(200 if ok else 401,
                                 json.dumps(answer).encode(),
                                 [("Content-Type", "application/json")])
                    return
                if self.headers.get("Authorization") != \
                        "Bearer " + proxy.token:
                    proxy._count("refused")
                    self._answer(401, b'{"error":"not logged in"}',
                                 [("Content-Type", "application/json")])
                    return
                proxy._count("relayed")
                self._relay(body)

            def _relay(self, body):
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in HOP | {"host",
                                                      "authorization"}}
                req = urllib.request.Request(proxy.upstream + self.path,
                                             data=body, method=self.command,
                                             headers=headers)
                try:
                    with urllib.request.urlopen(req, timeout=60) as r:
                        status, hdrs, data = r.status, r.getheaders(), \
                            r.read()
                except urllib.error.HTTPError as e:
                    status, hdrs, data = e.code, e.headers.items(), e.read()
                self._answer(status, data, [(k, v) for k, v in hdrs
                                            if k.lower() not in HOP])

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle
            do_HEAD = do_OPTIONS = _handle

        return Handler
