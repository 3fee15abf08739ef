"""junit.xml validates against the JUnit schema GitLab CI and Jenkins read
(tests/data/junit.xsd, checked with libxml2's xmllint), and its counts
match the run: one testsuite per suite, one testcase per call, failures
for differences at or above --fail-on, errors and skipped as JUnit has
them. The schema itself is checked to reject a broken report.
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from reportlib import SOURCE, relcheck, run_folder  # noqa: E402

XSD = os.path.join(SOURCE, "tests", "data", "junit.xsd")


def validate(path):
    return subprocess.run(["xmllint", "--noout", "--schema", XSD, path],
                          capture_output=True, text=True)


def cases(root):
    return {(tc.get("classname"), tc.get("name")):
            [child.tag for child in tc] for tc in root.iter("testcase")}


def main():
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("basic", "killed", "capped"):
            run = run_folder(name, scratch)
            relcheck("report", run, "--format", "junit")
            p = validate(os.path.join(run, "junit.xml"))
            assert p.returncode == 0, p.stderr
        root = ET.parse(os.path.join(scratch, "basic", "junit.xml")).getroot()
        assert root.tag == "testsuites"
        assert [s.get("name") for s in root] == ["debiteuren", "facturen"]
        assert (root.get("tests"), root.get("failures"), root.get("errors"),
                root.get("skipped")) == ("6", "3", "1", "1")
        assert cases(root) == {
            ("debiteuren", "list"): [],
            ("debiteuren", "one"): ["failure"],
            ("debiteuren", "update"): ["skipped"],
            ("facturen", "open-invoices"): ["failure"],
            ("facturen", "invoice"): ["failure"],
            ("facturen", "credit-notes"): ["error"],
        }
        failure = root.find(".//testcase[@name='open-invoices']/failure")
        # the message, what GitLab's test tab shows, names the first
        # differences (three at most, values cut at 40 characters)
        assert failure.get("message") == (
            "$.facturen[?@.factuurnummer=='F001'].bedrag changed 100.5 -> "
            "\"100.50\"; $.facturen[?@.factuurnummer=='F002'].bedrag changed"
            " 20 -> 21; $.facturen[?@.factuurnummer=='F001'].btw removed "
            "21 -> (none); and 1 more"), failure.get("message")
        one = root.find(".//testcase[@name='one']/failure").get("message")
        assert one == ('status changed 200 -> "<img src=http://attacker.'
                       'example/pix...'), one
        assert "$.meta.generated_at" not in failure.text  # noise stays out
        for name in ("capped", "killed"):
            tree = ET.parse(os.path.join(scratch, name, "junit.xml"))
            for f in tree.getroot().iter("failure"):
                assert len(f.get("message")) <= 364, f.get("message")
        # killed: calls never run are skipped, not silently lost
        root = ET.parse(os.path.join(scratch, "killed", "junit.xml")).getroot()
        assert root.get("tests") == "6" and root.get("skipped") == "3"
        # the schema has teeth: a testcase without a name is refused
        broken = os.path.join(scratch, "broken.xml")
        with open(broken, "w") as f:
            f.write('<testsuites><testsuite name="s" tests="1" failures="0" '
                    'errors="0"><testcase classname="s" time="0"/>'
                    '</testsuite></testsuites>')
        assert validate(broken).returncode != 0
    print("ok")


if __name__ == "__main__":
    main()
