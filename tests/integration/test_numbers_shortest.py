#!/usr/bin/python3
"""Numbers are shown and stored as received (SPEC section 6): a real is
written in the shortest form that reads back as the same double, 126.74
and never 126.73999999999999, everywhere relcheck writes one.

A loopback ERP (in a thread) answers an invoice list holding amounts that
jansson alone would print with 17 digits (126.74, 0.6, 0.1) and checks the
query value 0.6 of the suite arrives as "0.6". After `record`, the amount
changes (126.74 -> 126.75): `run` then reports it, and the fixture,
responses/, calls.jsonl, result.json, report.md, junit.xml, report.html,
the text summary, `diff` and `diff --json`, `fields` and `fields --json`,
and `doc` all say 126.74 (or 126.75, 0.6) and never a 17-digit form.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RELCHECK = os.environ["RELCHECK"]

# What %.17g makes of the reals of this test: none may appear anywhere.
LONG = re.compile(r"126\.7[34]9{5,}|126\.750{5,}|0\.59{5,}|0\.60{5,}\d"
                  r"|0\.10{5,}\d|0\.69{5,}|10000000000000000\.0")

STATE = {"bedrag": 126.74, "queries": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        STATE["queries"].append(url.query)
        body = {"facturen": [{"nummer": "F001", "bedrag": STATE["bedrag"],
                              "korting": 0.6, "btw": 0.1,
                              "regels": [126.74, 1e16, 1.0]}],
                "min": parse_qs(url.query).get("min", [""])[0]}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def fail(what):
    sys.exit("FAILED: " + what)


def relcheck(ws, *args, want=None):
    p = subprocess.run([RELCHECK] + list(args), cwd=ws, capture_output=True,
                       text=True)
    if want is not None and p.returncode != want:
        fail("relcheck %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s"
             % (" ".join(args), p.returncode, want, p.stdout, p.stderr))
    return p


def check_text(name, text, *must):
    """text holds each of must and no 17-digit form of a real."""
    m = LONG.search(text)
    if m:
        fail("%s writes %r" % (name, m.group(0)))
    for s in must:
        if s not in text:
            fail("%s lacks %r:\n%s" % (name, s, text[:3000]))


def read(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as fp:
        return fp.read()


def write_workspace(ws, port):
    os.makedirs(os.path.join(ws, "suites"))
    with open(os.path.join(ws, "relcheck.json"), "w") as fp:
        json.dump({"environments": {"test": {
            "base_url": "http://127.0.0.1:%d" % port}}}, fp)
    with open(os.path.join(ws, "suites", "facturen.json"), "w") as fp:
        json.dump({"name": "facturen", "programs": ["VFAFAC"],
                   "calls": [{"id": "open", "path": "/facturen",
                              "query": {"min": 0.6}}]}, fp)


def files_under(top):
    for root, _, names in os.walk(top):
        for n in names:
            yield os.path.join(root, n)


def check_record(ws):
    relcheck(ws, "record", "--env", "test", want=0)
    if not STATE["queries"] or set(STATE["queries"]) != {"min=0.6"}:
        fail("query value sent as %s" % STATE["queries"])
    fixtures = list(files_under(os.path.join(ws, "fixtures")))
    if not fixtures:
        fail("no fixture written")
    for f in fixtures:
        check_text(f, read(f), "126.74", "0.6", "0.1", "1e+16", "1.0")


def check_run(ws):
    STATE["bedrag"] = 126.75
    p = relcheck(ws, "run", "--env", "test", "--all", "--out", "r",
                 "--format", "html,junit,md", want=1)
    check_text("run's text summary", p.stdout)
    run = os.path.join(ws, "r")
    check_text("result.json", read(run, "result.json"), "126.74", "126.75")
    check_text("calls.jsonl", read(run, "calls.jsonl"), "126.74", "126.75")
    check_text("report.md", read(run, "report.md"))
    check_text("junit.xml", read(run, "junit.xml"), "126.74", "126.75")
    check_text("report.html", read(run, "report.html"), "126.74", "126.75")
    responses = list(files_under(os.path.join(run, "responses")))
    if not responses:
        fail("no responses/ written")
    for f in responses:
        check_text(f, read(f), "126.75", "0.6", "1e+16")
    res = json.loads(read(run, "result.json"))
    diffs = [d for s in res["suites"] for c in s["calls"]
             for d in c["differences"]]
    if not any(d.get("old") == 126.74 and d.get("new") == 126.75
               for d in diffs):
        fail("result.json differences: %s" % diffs)


def check_diff(ws):
    old = {"bedrag": 126.74, "korting": 0.6}
    new = {"bedrag": 126.75, "korting": 0.6, "btw": 0.1}
    for name, doc in (("a.json", old), ("b.json", new)):
        with open(os.path.join(ws, name), "w") as fp:
            json.dump(doc, fp)
    p = relcheck(ws, "diff", "a.json", "b.json", want=1)
    check_text("diff", p.stdout, "126.74", "126.75", "0.1")
    p = relcheck(ws, "diff", "--json", "a.json", "b.json", want=1)
    check_text("diff --json", p.stdout, "126.74", "126.75", "0.1")


def check_fields_doc(ws):
    p = relcheck(ws, "fields", want=0)
    check_text("fields", p.stdout, "126.74")
    p = relcheck(ws, "fields", "--json", want=0)
    check_text("fields --json", p.stdout, "126.74")
    p = relcheck(ws, "doc", want=0)
    check_text("doc", p.stdout, "126.74", "0.6")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = tempfile.mkdtemp(prefix="rc-numbers-")
    try:
        ws = os.path.join(tmp, "ws")
        write_workspace(ws, server.server_address[1])
        check_record(ws)
        check_run(ws)
        check_diff(ws)
        check_fields_doc(ws)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
