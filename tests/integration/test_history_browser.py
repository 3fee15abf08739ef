"""The acceptance record's HTML page (`relcheck history --format html`) as
a person sees it, in headless Chromium (Debian `chromium`): the dumped DOM
holds one bar per release in the SVG chart and the runs and approvals of
each release; a screenshot shows the bars in their colours (pixels counted
with Pillow), so the chart is drawn without any script; a value made to
look like markup (an approval's reason) stays text and runs nothing; and
the page makes no network request (Chromium goes through this test's
loopback proxy, test_report_browser.Proxy). Without chromium the test says
so and passes, unless RELCHECK_REQUIRE_BROWSER=1 (set in CI).
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from reportlib import BINARY, SOURCE, relcheck  # noqa: E402
from test_report_browser import (Proxy, browser_own, chromium,  # noqa: E402
                                 request_host)

ACCEPTED = (0x1a, 0x7f, 0x37)   # history.css --pass
OPEN = (0x9a, 0x67, 0x00)       # history.css --open
EVIL = ("<script>document.body.setAttribute('data-evil','1')</script>"
        "<img src=x onerror=\"document.body.setAttribute('data-evil','2')\">")


def workspace(scratch):
    ws = os.path.join(scratch, "ws")
    shutil.copytree(os.path.join(SOURCE, "tests", "data", "workspaces",
                                 "history"), ws)
    with open(os.path.join(ws, "history.jsonl"), "a", encoding="utf-8") as f:
        f.write(json.dumps({
            "at": "2026-12-03T11:00:00Z", "by": "Eve", "run":
            "20261203-100000-acceptance", "release": "10.0.24",
            "environment": "acceptance", "suite": "facturen", "call":
            "open-invoices", "fields": ["$.facturen[*].bedrag"],
            "action": "noise", "reason": EVIL}) + "\n")
    return ws


def count(png, colour):
    from PIL import Image
    with Image.open(png) as im:
        return sum(1 for p in im.convert("RGB").getdata() if p == colour)


def main():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("RELCHECK_REQUIRE_BROWSER") == "1":
            raise AssertionError("chromium is required but not installed")
        print("skipped: no chromium installed")
        sys.exit(77)
    proxy = Proxy()
    with tempfile.TemporaryDirectory() as scratch:
        ws = workspace(scratch)
        page = os.path.join(ws, "record.html")
        os.chdir(ws)
        relcheck("history", "--format", "html", "--out", page)
        profile = os.path.join(scratch, "profile")
        url = "file://" + page
        dom = chromium(browser, proxy, profile, "--dump-dom", url)
        # one bar per release, newest first, "no release" last
        assert dom.count('<rect class="bar ') == 5, dom
        order = [dom.index(">" + r + "<") for r in
                 ("10.0.25", "10.0.24", "10.0.23", "10.0.9", "no release")]
        assert order == sorted(order), order
        assert dom.count('class="bar accepted"') == 2
        assert dom.count('class="bar open"') == 3
        # the approvals and their reasons are there, the fake markup inert
        assert "amounts are strings now; mapping updated (MR !42)" in dom
        assert 'data-evil="' not in dom, "a script in a value ran"
        assert "&lt;script&gt;document.body" in dom, "reason not escaped"
        assert "<img src=\"x\"" not in dom and "<img src=x" not in dom
        out = os.path.join(BINARY, "browser")
        os.makedirs(out, exist_ok=True)
        png = os.path.join(out, "history.png")
        if os.path.exists(png):
            os.remove(png)
        chromium(browser, proxy, profile, "--screenshot=" + png, url)
        green, amber = count(png, ACCEPTED), count(png, OPEN)
        print("screenshot:", png, "accepted pixels", green, "open pixels",
              amber)
        # bars are 560 px for the most fields (10.0.23, accepted: 2) and
        # 280 px for 1 field (two open releases), 20 px high; the status
        # badges alone stay far below these counts
        assert green > 9000 and amber > 9000, (green, amber)
    page_requests = [r for r in proxy.seen
                     if not browser_own(request_host(r))]
    assert page_requests == [], "the page requested: %r" % page_requests
    print("ok")


if __name__ == "__main__":
    main()
