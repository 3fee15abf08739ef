"""A run too big to show in full stays readable. Runs generated with
bench/reports/gen_run.py (1,500 changed calls, 6 differences each, in 3
suites): when the same fields change in every call, each field's rows are
shown 20 times and the other calls get one line each; when every call has
fields of its own, 1,000 calls are shown in full, the others one line
each, and the fields table stops at 2,000 rows; each cap says what it left
out. JUnit still validates and has every call.
"""
import html.parser
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from reportlib import SOURCE, read, relcheck  # noqa: E402


class Count(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.details = self.compact = self.diff_rows = 0
        self.in_calls = self.in_diffs = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details" and a.get("class") == "call":
            self.details += 1
        elif tag == "table":
            self.in_calls = a.get("class") == "calls"
            self.in_diffs = a.get("class") == "diffs" and \
                a.get("id") != "fields-table"
        elif tag == "tr" and self.in_calls:
            self.compact += 1
        elif tag == "tr" and self.in_diffs:
            self.diff_rows += 1


def report(t, name, *gen):
    run = os.path.join(t, name)
    subprocess.run(["/usr/bin/python3", os.path.join(
        SOURCE, "bench", "reports", "gen_run.py"), run, "1500", "6", "3",
        *gen], check=True)
    relcheck("report", run, "--format", "html,junit,md")
    p = subprocess.run(["xmllint", "--noout", "--schema",
                        os.path.join(SOURCE, "tests", "data", "junit.xsd"),
                        os.path.join(run, "junit.xml")],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert read(os.path.join(run, "junit.xml")).count("<testcase") == 1500
    page = read(os.path.join(run, "report.html"))
    c = Count()
    c.feed(page)
    return page, c


def main():
    with tempfile.TemporaryDirectory() as t:
        page, c = report(t, "repeated")
        # 3 suites x 20 calls until every field was shown 20 times
        assert c.details == 60, c.details
        assert c.compact == 1440 + 3, c.compact      # + table heads
        assert c.diff_rows == 3 * 6 * 20 + 60, c.diff_rows
        assert page.count("only fields already shown above") == 1440

        page, c = report(t, "unique", "unique")
        assert c.details == 1000, c.details
        assert c.compact == 500 + 1, c.compact       # suite 3, + head
        assert page.count("not shown in full (after 1000 calls)") == 500
        assert "7000 more fields: see result.json" in page
    print("ok")


if __name__ == "__main__":
    main()
