"""relcheck serve on a workspace of its own: 5,000 seeded random reals of
every magnitude served exactly as Python's json.dumps writes them;
repeated query parameters
(array values), numbers and booleans in queries, a percent-encoded path,
a base64 body served byte for byte, a response without a body, recorded
transfer headers left out, HEAD; calls without a fixture or with an
absolute URL are left out with a warning."""
import base64
import json
import os
import random
import struct
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import Server, check

ws = tempfile.mkdtemp()


def write(rel, doc):
    path = os.path.join(ws, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)


def fixture(call, status, headers, **body):
    write("fixtures/w/%s.json" % call, {
        "suite": "w", "call": call,
        "request": {"method": "GET", "url": "https://h/x"},
        "response": dict({"status": status, "headers": headers}, **body)})


write("relcheck.json", {"environments": {"t": {"base_url": "http://h"}}})
write("suites/w.json", {"name": "w", "programs": ["*"], "calls": [
    {"id": "multi", "path": "/m", "query": {"tag": ["a", "b"], "n": 2.5,
                                            "flag": False}},
    {"id": "encoded", "path": "/art/ART%204711"},
    {"id": "binary", "path": "/pdf"},
    {"id": "empty", "method": "DELETE", "path": "/d/1"},
    {"id": "head", "method": "HEAD", "path": "/h"},
    {"id": "unrecorded", "path": "/none"},
    {"id": "absolute", "path": "https://elsewhere.example.nl/x"},
    {"id": "reals", "path": "/reals"},
]})
rng = random.Random(20261128)
reals = [rng.uniform(-1e6, 1e6) for _ in range(1000)]
reals += [round(rng.uniform(0, 1e5), 2) for _ in range(1000)]
reals += [rng.uniform(0, 1) * 10 ** rng.randint(-30, 30) for _ in range(1000)]
while len(reals) < 5000:   # any finite bit pattern, subnormals included
    d = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if d == d and abs(d) != float("inf"):
        reals.append(d)
reals += [5e-324, 1e16, 1e-5, 0.0001, 123456789012345678.0, -0.0, 0.1]
pdf = bytes(range(256)) + b"%PDF-1.7\x00\xff"
fixture("multi", 200, {"content-type": "application/json"},
        body={"ok": True, "bedrag": 0.1})
fixture("encoded", 200, {"content-type": "text/plain; charset=utf-8"},
        body_text="Deegmenger \u00e9\u00e9n\n")
fixture("binary", 200, {"content-type": "application/pdf",
                        "content-length": "999", "transfer-encoding": "chunked",
                        "connection": "close"},
        body_base64=base64.b64encode(pdf).decode())
fixture("empty", 204, {})
fixture("head", 200, {"content-type": "application/json", "etag": "\"v1\""},
        body={})
fixture("absolute", 200, {}, body={})
fixture("reals", 200, {"content-type": "application/json"}, body=reals)

srv = Server(config=os.path.join(ws, "relcheck.json"))
check("serving 6 recorded calls of 1 suites" in srv.first, srv.first)

status, h, data = srv.request("GET", "/reals")
want = json.dumps(reals, separators=(",", ":")).encode()
if data != want:
    got = data.decode().strip("[]").split(",")
    exp = want.decode().strip("[]").split(",")
    bad = [(g, e) for g, e in zip(got, exp) if g != e]
    check(False, "reals differ from Python's: %r" % bad[:10])

status, h, data = srv.request("GET", "/m", [("flag", "false"), ("tag", "b"),
                                            ("n", "2.5"), ("tag", "a")])
check(status == 200 and data == b'{"ok":true,"bedrag":0.1}', (status, data))
status, _, _ = srv.request("GET", "/m", [("tag", "a"), ("n", "2.5"),
                                         ("flag", "false")])
check(status == 404, "a repeated parameter must be there twice")
status, h, data = srv.request("GET", "/art/ART 4711")
check(status == 200 and data == "Deegmenger \u00e9\u00e9n\n".encode(),
      (status, data))
status, h, data = srv.request("GET", "/pdf")
check(status == 200 and data == pdf, "binary body")
check(h.get("content-length") == str(len(pdf)), h)
check("transfer-encoding" not in h, h)
status, h, data = srv.request("DELETE", "/d/1")
check(status == 204 and data == b"", (status, data))
status, h, data = srv.request("HEAD", "/h")
check(status == 200 and data == b"" and h.get("etag") == '"v1"', (status, h))
status, _, _ = srv.request("GET", "/none")
check(status == 404, "no fixture, not served")

code, out, err = srv.stop()
check(code == 0, "exit %d" % code)
check(err == "relcheck: warning: w/unrecorded: no baseline "
      "(%s/fixtures/w/unrecorded.json): not served\n"
      "relcheck: warning: w/absolute: an absolute URL is not served\n"
      % ws, err)
print("ok: queries, paths, bodies and headers of an own workspace")
