"""The HTML report as a person sees it: headless Chromium (Debian
`chromium`) opens report.html, the page's script runs, and the dumped DOM
shows the affected-fields rows and what each filter leaves visible
(filters are preset through the address, #severity=...&suite=...); for a
run with `uses`, the used fields' table, the folded "not used" one after
it, and the used / not used filter (which opens the fold).
Screenshots and a printed PDF are saved under the build folder
(browser/*.png, browser/report.pdf: CI artifacts). Chromium is pointed at a proxy this test runs on loopback, so
any request the page made to the network would be seen: there must be
none. (Chromium's own background services — component updates, sign-in —
still knock on the proxy whatever the flags say; requests to Google's
service domains, which nothing in a report names, are reported and not
counted.) Without chromium the test says so and passes, unless
RELCHECK_REQUIRE_BROWSER=1 (set in CI).
"""
import html.parser
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
from reportlib import BINARY, relcheck, run_folder  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions",
         "--disable-domain-reliability", "--no-pings",
         "--disable-client-side-phishing-detection", "--disable-breakpad",
         "--safebrowsing-disable-auto-update",
         "--disable-features=NetworkTimeServiceQuerying,Translate,"
         "OptimizationHints,MediaRouter,AutofillServerCommunication",
         "--window-size=1280,2000"]

# Chromium's own services (updates, sign-in, safe browsing, ...). No
# report, template or test value names these domains, so a request to them
# cannot come from the page.
BROWSER_DOMAINS = (b"google.com", b"googleapis.com", b"gvt1.com",
                   b"gstatic.com", b"googleusercontent.com")


def browser_own(host):
    return any(host == d or host.endswith(b"." + d) for d in BROWSER_DOMAINS)


def request_host(line):
    """The host of a proxy request line (CONNECT h:443, GET http://h/...)."""
    parts = line.split(b" ")
    target = parts[1] if len(parts) > 1 else b""
    if b"://" in target:
        target = target.split(b"://", 1)[1]
    return target.split(b"/", 1)[0].rsplit(b":", 1)[0]


class Proxy:
    """A listener that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.seen = []
        self.idle = 0
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                line = conn.recv(512).split(b"\r\n")[0]
            except OSError:
                line = b""
            conn.close()
            # A connection closed (or left idle) without a request line is
            # one of chromium's speculative preconnects: nothing was asked
            # for. Every real request, the page's included, sends its line
            # (CONNECT or GET) at once.
            if line:
                self.seen.append(line)
            else:
                self.idle += 1


class Rows(html.parser.HTMLParser):
    """Collects the affected-fields rows and the body's state."""

    def __init__(self):
        super().__init__()
        self.rows, self.body, self.title = [], {}, ""
        self.in_table = self.in_title = False
        self.table, self.fold_open = None, None
        self.cell = -1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        elif tag == "title":
            self.in_title = True
        elif tag == "table" and a.get("id") in ("fields-table",
                                                "unused-table"):
            self.in_table, self.table = True, a["id"]
        elif tag == "details" and a.get("id") == "unused-fields":
            self.fold_open = "open" in a
        elif tag == "tr" and self.in_table and "data-severity" in a:
            self.rows.append({"severity": a["data-severity"],
                              "suite": a["data-suite"],
                              "used": a.get("data-used"),
                              "table": self.table,
                              "visible": "hidden" not in a, "cells": []})
        elif tag == "td" and self.in_table and self.rows:
            self.rows[-1]["cells"].append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif self.in_table and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1] += data


def chromium(browser, proxy, profile, *args):
    cmd = [browser, *FLAGS, "--user-data-dir=" + profile,
           "--proxy-server=http://127.0.0.1:%d" % proxy.port,
           "--proxy-bypass-list=<-loopback>", *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    return p.stdout


def dom(browser, proxy, profile, url):
    parser = Rows()
    parser.feed(chromium(browser, proxy, profile, "--dump-dom", url))
    assert parser.body.get("data-ready") == "1", "the page script did not run"
    return parser


def visible(parser):
    return [(r["severity"], r["suite"], r["cells"][4])
            for r in parser.rows if r["visible"]]


def check_filters(browser, proxy, profile, url):
    p = dom(browser, proxy, profile, url)
    assert len(p.rows) == 9, len(p.rows)
    # defaults: noise hidden; the page's title untouched by any payload
    assert len(visible(p)) == 8 and p.body["data-shown"] == "8"
    assert p.title == "20261128-100000-acceptance", p.title
    p = dom(browser, proxy, profile, url + "#severity=breaking")
    assert visible(p) == [("breaking", "debiteuren", "status"),
                          ("breaking", "facturen", "$.btw"),
                          ("breaking", "facturen", "$.facturen[*].btw")]
    p = dom(browser, proxy, profile, url + "#severity=&suite=debiteuren")
    assert visible(p) == [("breaking", "debiteuren", "status")]
    p = dom(browser, proxy, profile, url + "#program=VFAFAC&severity=noise")
    assert visible(p) == [("noise", "facturen", "$.meta.generated_at")]
    p = dom(browser, proxy, profile, url + "#q=bedrag")
    assert [v[2] for v in visible(p)] == ["$.facturen[*].bedrag"]
    p = dom(browser, proxy, profile, url + "#sort=occurrences-desc")
    assert visible(p)[0][2] == "$.facturen[*].bedrag"   # 2 occurrences


def check_uses(browser, proxy, profile, url):
    """A run whose integration reads only the invoice amounts and the
    status: those lead, the other changes sit in the folded table."""
    p = dom(browser, proxy, profile, url)
    used = [(r["cells"][4], r["used"]) for r in p.rows
            if r["table"] == "fields-table"]
    unused = sorted((r["cells"][4], r["used"]) for r in p.rows
                    if r["table"] == "unused-table")
    assert ("status", "used") in used and ("$.facturen[*].bedrag", "used") \
        in used, used
    # the five plain fields and the hostile field name of the basic run
    assert [u[0] for u in unused][:5] == [
        "$.btw", "$.facturen[*].btw", "$.facturen[*].omschrijving", "$.memo",
        "$.valuta"] and len(unused) == 6, unused
    assert all(u[1] == "unused" for u in unused), unused
    assert p.fold_open is False, "the not-used section starts folded"
    assert len(visible(p)) == 8, visible(p)   # noise hidden by default
    p = dom(browser, proxy, profile, url + "#used=used")
    assert sorted(v[2] for v in visible(p)) == ["$.facturen[*].bedrag",
                                                "status"], visible(p)
    p = dom(browser, proxy, profile, url + "#used=unused")
    assert len(visible(p)) == 6 and all(
        r["used"] == "unused" for r in p.rows if r["visible"]), visible(p)
    assert p.fold_open is True, "choosing 'not used' opens the fold"


def check_csp(browser, proxy, profile, run):
    """Defence in depth: a script smuggled into the page (as if escaping
    had failed) does not run; only the page's own script (by its hash)
    does."""
    page = os.path.join(run, "report.html")
    with open(page, encoding="utf-8") as f:
        text = f.read()
    evil = os.path.join(run, "evil.html")
    with open(evil, "w", encoding="utf-8") as f:
        f.write(text.replace("<main>", "<main><script>document.body."
                             "setAttribute('data-evil','1')</script>"
                             "<img src=x onerror=\"document.body."
                             "setAttribute('data-evil','2')\">", 1))
    p = dom(browser, proxy, profile, "file://" + evil)
    assert "data-evil" not in p.body, p.body


def screenshot(browser, proxy, profile, url, name):
    out = os.path.join(BINARY, "browser")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, name)
    if os.path.exists(path):
        os.remove(path)
    chromium(browser, proxy, profile, "--screenshot=" + path, url)
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10000, path
    print("screenshot:", path)


def print_pdf(browser, proxy, profile, url):
    """Prints the page to PDF as a reader would (folds open, no filters)."""
    path = os.path.join(BINARY, "browser", "report.pdf")
    if os.path.exists(path):
        os.remove(path)
    chromium(browser, proxy, profile, "--no-pdf-header-footer",
             "--print-to-pdf=" + path, url)
    with open(path, "rb") as f:
        data = f.read()
    assert data[:5] == b"%PDF-" and len(data) > 10000, path
    print("pdf:", path)


def main():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("RELCHECK_REQUIRE_BROWSER") == "1":
            raise AssertionError("chromium is required but not installed")
        print("skipped: no chromium installed")
        sys.exit(77)  # ctest's SKIP_RETURN_CODE: reported as skipped
    proxy = Proxy()
    with tempfile.TemporaryDirectory() as scratch:
        run = run_folder("basic", scratch)
        relcheck("report", run, "--format", "html")
        url = "file://" + os.path.join(run, "report.html")
        profile = os.path.join(scratch, "profile")
        check_filters(browser, proxy, profile, url)
        check_csp(browser, proxy, profile, run)
        screenshot(browser, proxy, profile, url, "report.png")
        screenshot(browser, proxy, profile, url + "#severity=breaking",
                   "report-breaking.png")
        print_pdf(browser, proxy, profile, url)
        uses = run_folder("uses", scratch)
        relcheck("report", uses, "--format", "html")
        uses_url = "file://" + os.path.join(uses, "report.html")
        check_uses(browser, proxy, profile, uses_url)
        screenshot(browser, proxy, profile, uses_url + "#used=unused",
                   "report-unused.png")
    page = [r for r in proxy.seen if not browser_own(request_host(r))]
    print("chromium's own background requests (not the page's): %d, idle "
          "preconnects: %d" % (len(proxy.seen) - len(page), proxy.idle))
    assert page == [], "the page requested: %r" % page
    print("ok")


if __name__ == "__main__":
    main()
