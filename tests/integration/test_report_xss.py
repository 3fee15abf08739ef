"""Every value from a response is escaped in every report.

The run folder tests/data/runs/basic carries hostile values: <script>,
'"><img onerror=...>', </style>, </textarea>, <!--, a terminal escape
and control characters. The HTML page must hold exactly our own style and
script elements, no element or attribute an attacker chose, and show the
payloads as text; Markdown must not let them out of their <code> cells;
the text summary must not pass terminal escapes; JUnit must stay valid XML.
"""
import html.parser
import os
import sys
import tempfile
import xml.dom.minidom

sys.path.insert(0, os.path.dirname(__file__))
from reportlib import read, relcheck, run_folder  # noqa: E402


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.attrs = []
        self.comments = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)

    def handle_comment(self, data):
        self.comments.append(data)


def check_html(page):
    p = Tags()
    p.feed(page)
    assert p.tags.count("script") == 1, p.tags.count("script")
    assert p.tags.count("style") == 1, p.tags.count("style")
    for bad in ("img", "b", "textarea", "iframe", "object", "link", "base"):
        assert bad not in p.tags, "live <%s> element" % bad
    handlers = [a for a in p.attrs if a[1].startswith("on")]
    assert handlers == [], handlers
    # only the page's own script may run: its hash, no 'unsafe-inline'
    csp = [v for t, k, v in p.attrs if t == "meta" and k == "content"
           and "script-src" in (v or "")][0]
    assert "script-src 'sha256-" in csp and "unsafe-inline'; img" not in csp
    for tag, name, value in p.attrs:
        if name in ("src", "href", "action"):
            raise AssertionError("external resource: %s %s=%s" %
                                 (tag, name, value))
    assert p.comments == [], p.comments
    assert "Content-Security-Policy" in page
    # the payloads are there, as text
    for text in ("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;",
                 "&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
                 "x&quot;&gt;&lt;img src=x onerror=",
                 "&lt;/textarea&gt;", "&lt;!--"):
        assert text in page, "escaped payload missing: " + text
    assert "\x1b" not in page and "\x07" not in page


def check_markdown(md):
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "\x1b" not in md
    for line in md.splitlines():
        if line.startswith("| ") and "<code>" in line:
            # every cell boundary is ours: cells hold no raw pipe
            cells = line.strip("|").split("|")
            assert all(c.count("<code>") == c.count("</code>")
                       for c in cells), line


def main():
    with tempfile.TemporaryDirectory() as scratch:
        run = run_folder("basic", scratch)
        out = relcheck("report", run, "--format", "html,junit,md,json")
        assert "\x1b" not in out, "terminal escape in the text summary"
        assert "no baseline: run relcheck record ?[31m<b>bold</b>" in out
        check_html(read(os.path.join(run, "report.html")))
        check_markdown(read(os.path.join(run, "report.md")))
        xml.dom.minidom.parse(os.path.join(run, "junit.xml"))
        # caps say how much was left out
        run = run_folder("capped", scratch)
        relcheck("report", run)
        page = read(os.path.join(run, "report.html"))
        assert "2998 more differences in this call" in page
        assert "... and 1000 more (see report.html)" in read(
            os.path.join(run, "junit.xml"))
    print("ok")


if __name__ == "__main__":
    main()
