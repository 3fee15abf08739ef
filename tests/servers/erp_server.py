#!/usr/bin/python3
"""A small stand-in for the ERP's REST API, for relcheck's HTTP tests.

Python standard library only (ThreadingHTTPServer, HTTP/1.1 keep-alive).
It logs every request it receives, before answering, as one JSON line
{"t", "method", "path", "headers", "body"} to the file named by --log, so tests
can compare what relcheck says it sent with what arrived. It binds a free
loopback port and prints "PORT <n>" on stdout once it accepts connections.

Authentication (--auth): none, basic:USER:PASS, bearer:TOKEN,
header:NAME:VALUE, oauth2:CLIENT:SECRET (tokens from POST /oauth/token),
login:USER:PASS (tokens from POST /login, JSON {"user","password"}).
Issued tokens are accepted for --token-uses requests (0 = forever), then
answered with 401, which forces a client to fetch a new one; after
--max-tokens tokens (0 = no limit) a login is refused with 403.

Routes: GET /items (JSON with a field that changes on every call and an
"iban"), GET /items/<id>, GET /xml (Iban elements and attributes),
POST /orders (returns {"id"}), GET /orders/<id>, DELETE /orders/<id>
(404 once deleted),
GET /flaky (503 + Retry-After: 1 on the first call of each ?key), GET /reset
(first call per ?key: connection reset), GET /slow?s=N, GET /big?n=BYTES,
GET /status/<code>, GET /echo (the request as JSON), GET /truncated (a
JSON body cut off: Content-Length says more than is sent, then the
connection closes). With --tls CERT KEY it speaks HTTPS (ALPN http/1.1).

A shop that does not change between runs but for what a real ERP varies:
every answer carries "meta": {"generated_at" (UTC, one-second
resolution), "request_id" (new each time)}. GET /shop/orders lists two
fixed orders; GET /shop/orders/<id> one order with a link to itself
(404 when unknown); POST /shop/orders creates one with a new numeric id
(201, {"meta", "id", "order": {"id", "status", "href"}}); DELETE
/shop/orders/<id> removes a created one.
"""
import argparse
import base64
import json
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"counter": 0, "tokens": {}, "issued": 0, "orders": {}, "seen": set(),
         "shop": {1001: 126.74, 1002: 15.5}, "shop_next": 5001}


def shop_meta():
    return {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                          time.gmtime()),
            "request_id": str(uuid.uuid4())}


def shop_order(oid):
    return {"id": oid, "status": "open", "total": STATE["shop"][oid],
            "links": {"self": "/shop/orders/%d" % oid}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def log_request_line(self, body):
        rec = {"t": time.time(), "method": self.command, "path": self.path,
               "headers": {k.lower(): v for k, v in self.headers.items()},
               "body": body.decode("utf-8", "replace")}
        with LOCK:
            with open(self.server.log_path, "a") as fp:
                fp.write(json.dumps(rec) + "\n")

    def send(self, status, obj=None, raw=None, ctype="application/json",
             extra=None):
        data = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Request-Id", str(time.time_ns()))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def handle_any(self):
        body = self.read_body()
        self.log_request_line(body)
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        path = url.path
        if path == "/login" and self.command == "POST":
            return self.login(body)
        if path == "/oauth/token" and self.command == "POST":
            return self.oauth(body)
        if path == "/reset":
            if self.first_time("reset:" + q.get("key", "")):
                self.connection.setsockopt(socket.SOL_SOCKET,
                                           socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
                return
            return self.send(200, {"ok": True})
        if not self.authorized():
            return self.send(401, {"error": "unauthorized"},
                             extra={"WWW-Authenticate": "Bearer"})
        return self.route(path, q, body)

    def shop(self, path, body):
        if path == "/shop/orders" and self.command == "POST":
            with LOCK:
                oid = STATE["shop_next"]
                STATE["shop_next"] += 1
                STATE["shop"][oid] = float(json.loads(body or b"{}")
                                           .get("total", 0))
            return self.send(201, {"meta": shop_meta(), "id": oid,
                                   "order": {"id": oid, "status": "new",
                                             "href": "/shop/orders/%d" % oid}})
        if path == "/shop/orders":
            return self.send(200, {"meta": shop_meta(), "orders": [
                {"id": k, "total": STATE["shop"][k]} for k in (1001, 1002)]})
        try:
            oid = int(path[len("/shop/orders/"):])
        except ValueError:
            oid = -1
        with LOCK:
            known = oid in STATE["shop"]
            if known and self.command == "DELETE":
                del STATE["shop"][oid]
                return self.send(200, {"meta": shop_meta(), "id": oid})
            order = shop_order(oid) if known else None
        if order is None:
            return self.send(404, {"meta": shop_meta(),
                                   "error": "no such order"})
        return self.send(200, {"meta": shop_meta(), "order": order})

    def route(self, path, q, body):
        if path.startswith("/shop/orders"):
            return self.shop(path, body)
        if path == "/items":
            with LOCK:
                STATE["counter"] += 1
                n = STATE["counter"]
            items = [{"id": i, "name": "item %d" % i, "price": 10 * i,
                      "iban": "NL91ABNA04171643%02d" % i} for i in range(1, 4)]
            return self.send(200, {"generated_at": "t-%d" % n,
                                   "query": q, "items": items})
        if path == "/xml":
            with LOCK:
                STATE["counter"] += 1
                n = STATE["counter"]
            rows = "".join('<Rekening nummer="NL91ABNA04171643%02d">'
                           '<Iban>NL91ABNA04171643%02d</Iban><Naam>klant %d'
                           '</Naam></Rekening>' % (90 + i, i, i)
                           for i in range(1, 3))
            xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<Export versie="1">'
                   "<GeneratedAt>t-%d</GeneratedAt>%s</Export>" % (n, rows))
            return self.send(200, raw=xml.encode(), ctype="application/xml")
        if path.startswith("/items/"):
            return self.send(200, {"id": path[7:], "name": "one item"})
        if path == "/orders" and self.command == "POST":
            with LOCK:
                oid = "ord-%d" % (len(STATE["orders"]) + 1)
                STATE["orders"][oid] = json.loads(body or b"null")
            return self.send(201, {"id": oid, "status": "created"})
        if path.startswith("/orders/") and self.command == "DELETE":
            oid = urllib.parse.unquote(path[8:])
            with LOCK:
                found = STATE["orders"].pop(oid, None) is not None
            if not found:
                return self.send(404, {"error": "no such order"})
            return self.send(200, {"id": oid, "status": "deleted"})
        if path.startswith("/orders/"):
            oid = urllib.parse.unquote(path[8:])
            if oid not in STATE["orders"]:
                return self.send(404, {"error": "no such order"})
            return self.send(200, {"id": oid, "order": STATE["orders"][oid]})
        if path == "/flaky":
            if self.first_time("flaky:" + q.get("key", "")):
                return self.send(503, {"error": "busy"},
                                 extra={"Retry-After": q.get("after", "1")})
            return self.send(200, {"ok": True})
        if path == "/slow":
            time.sleep(float(q.get("s", "3")))
            return self.send(200, {"slow": True})
        if path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'{"cut": "off')
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/big":
            return self.send(200, raw=b"x" * int(q.get("n", "100000")),
                             ctype="text/plain")
        if path.startswith("/status/"):
            return self.send(int(path[8:]), {"status": int(path[8:])})
        if path == "/echo":
            return self.send(200, {"method": self.command, "path": self.path,
                                   "body": body.decode("utf-8", "replace")})
        return self.send(404, {"error": "not found"})

    def first_time(self, key):
        with LOCK:
            if key in STATE["seen"]:
                return False
            STATE["seen"].add(key)
            return True

    def new_token(self):
        with LOCK:
            if 0 < self.server.max_tokens <= STATE["issued"]:
                return None

            STATE["issued"] += 1
            tok = "tok-%d-%s" % (STATE["issued"], "s3cr3tT0kenValue")
            STATE["tokens"][tok] = self.server.token_uses
        return tok

    def login(self, body):
        kind, user, pw = (self.server.auth.split(":", 2) + ["", ""])[:3]
        try:
            doc = json.loads(body)
        except ValueError:
            doc = {}
        if kind != "login" or doc.get("user") != user or doc.get("password") != pw:
            return self.send(403, {"error": "bad login"})
        tok = self.new_token()
        if tok is None:
            return self.send(403, {"error": "too many logins"})
        return self.send(200, {"data": {"token": tok}})

    def oauth(self, body):
        kind, cid, secret = (self.server.auth.split(":", 2) + ["", ""])[:3]
        form = dict(urllib.parse.parse_qsl(body.decode()))
        if (kind != "oauth2" or form.get("grant_type") != "client_credentials"
                or form.get("client_id") != cid
                or form.get("client_secret") != secret):
            return self.send(401, {"error": "invalid_client"})
        return self.send(200, {"access_token": self.new_token(),
                               "token_type": "Bearer", "expires_in": 3600})

    def use_token(self, tok):
        with LOCK:
            left = STATE["tokens"].get(tok)
            if left is None:
                return False
            if left == 0:          # unlimited
                return True
            if left == 1:          # last use: expire it afterwards
                STATE["tokens"][tok] = None
                del STATE["tokens"][tok]
                return True
            STATE["tokens"][tok] = left - 1
            return True

    def authorized(self):
        kind, a, b = (self.server.auth.split(":", 2) + ["", ""])[:3]
        got = self.headers.get("Authorization", "")
        if kind == "none":
            return True
        if kind == "basic":
            want = base64.b64encode(("%s:%s" % (a, b)).encode()).decode()
            return got == "Basic " + want
        if kind == "bearer":
            return got == "Bearer " + a
        if kind == "header":
            return self.headers.get(a) == b
        if kind in ("oauth2", "login"):
            return got.startswith("Bearer ") and self.use_token(got[7:])
        return False

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any
    do_HEAD = do_OPTIONS = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass        # clients that hang up early are part of the tests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--auth", default="none")
    ap.add_argument("--token-uses", type=int, default=0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--max-tokens", type=int, default=0)
    args = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.log_path = args.log
    srv.auth = args.auth
    srv.token_uses = args.token_uses
    srv.max_tokens = args.max_tokens
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        ctx.set_alpn_protocols(["http/1.1"])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    open(args.log, "w").close()
    print("PORT %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
