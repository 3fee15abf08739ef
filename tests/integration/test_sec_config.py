#!/usr/bin/python3
"""Issue 14, items 15 to 18: configuration that silently disabled a rule,
bad patterns without a message, duplicate JSON members read two ways, and
output that a hostile response could make render or read differently.
A hostile loopback server answers where a server is involved.
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import Hostile, Workspace, config, ok  # noqa: E402

ONE = {"s": [{"id": "a", "path": "/a"}]}


class Role(unittest.TestCase):
    """Item 15: role is "production" or absent."""

    def test_near_misses_are_errors(self):
        for role in ("Production", "prod", "production ", ""):
            cfg = config("http://127.0.0.1:9", env_extra={"role": role})
            with Workspace(cfg, ONE) as ws:
                for cmd in (["check"], ["run", "--env", "acc", "--all"]):
                    p = ws.relcheck(*cmd)
                    self.assertEqual(p.returncode, 2, (role, p.stderr))
                    self.assertRegex(p.stderr, r"relcheck\.json:\d+:\d+: "
                                     r"unknown role")

    def test_production_still_guards_writes(self):
        cfg = config("http://127.0.0.1:9", env_extra={"role": "production"})
        with Workspace(cfg, ONE) as ws:
            p = ws.relcheck("check")
            self.assertEqual(p.returncode, 2, p.stderr)   # allow_writes
            self.assertIn("role", p.stderr)


class Patterns(unittest.TestCase):
    """Item 16: a bad diff.ignore or redact pattern is a clear error naming
    file:line:column, from check as from run."""

    def test_bad_patterns(self):
        for pat in ("re:(", "$[", "$..", ""):
            for key in ("diff", "redact"):
                extra = {"diff": {"ignore": [pat]}} if key == "diff" \
                    else {"redact": ["$..iban", pat]}
                with Workspace(config("http://127.0.0.1:9", **extra),
                               ONE) as ws:
                    for cmd in (["check"], ["run", "--env", "acc", "--all"],
                                ["record", "--env", "acc"]):
                        p = ws.relcheck(*cmd)
                        self.assertEqual(p.returncode, 2, p.stderr)
                        self.assertRegex(
                            p.stderr, r"relcheck\.json:\d+:\d+: bad path "
                            r"pattern '%s': \S" % pat.replace("$", r"\$")
                            .replace("[", r"\[").replace("(", r"\("))


class DuplicateMembers(unittest.TestCase):
    """Item 17: record and run read repeated member names alike (the last
    value), and both warn."""

    def test_record_then_run_is_same(self):
        body = '{"id": 1, "status": "open", "status": 7}'
        with Hostile({"*": lambda r: (200, {"Content-Type":
                                            "application/json"}, body)}) \
                as api, Workspace(config(api.url), ONE) as ws:
            rec = ws.relcheck("record", "--env", "acc", "--repeat", "1")
            self.assertEqual(rec.returncode, 0, rec.stderr)
            self.assertIn("s/a: the response repeats a member name",
                          rec.stderr)
            fx = ws.read_json("fixtures/s/a.json")
            self.assertEqual(fx["response"]["body"], {"id": 1, "status": 7})
            for i in range(2):
                out = ws.path("reports/r%d" % i)
                run = ws.relcheck("run", "--env", "acc", "--all", "--out",
                                  out)
                self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
                self.assertIn("repeats a member name", run.stderr)
                res = ws.read_json(os.path.join(out, "result.json"))
                self.assertEqual(res["suites"][0]["calls"][0]["outcome"],
                                 "same")


class Rendering(unittest.TestCase):
    """Item 18: report.md escapes Markdown link and image syntax, doc's HTML
    forbids fetching and scripts, diff shows bidi controls escaped."""

    def test_markdown_image_member(self):
        evil = "![x](http://evil.example/p.png)"
        state = {"body": {"ok": 1}}
        with Hostile({"*": lambda r: (200, {}, state["body"])}) as api, \
                Workspace(config(api.url), ONE) as ws:
            rec = ws.relcheck("record", "--env", "acc", "--repeat", "1")
            self.assertEqual(rec.returncode, 0, rec.stderr)
            state["body"] = {"ok": 1, evil: "[y](javascript:alert(1))"}
            out = ws.path("reports/r")
            run = ws.relcheck("run", "--env", "acc", "--all", "--out", out,
                              "--format", "md,html")
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            with open(os.path.join(out, "report.md")) as fp:
                md = fp.read()
            self.assertIn("additive", md)
            for bad in ("![", "](", "[x]"):
                self.assertNotIn(bad, md)
            self.assertIn("&#33;&#91;x&#93;&#40;", md)
            doc = ws.relcheck("doc", "--format", "html", "--out",
                              ws.path("doc.html"))
            self.assertEqual(doc.returncode, 0, doc.stderr)
            with open(ws.path("doc.html")) as fp:
                html = fp.read()
            self.assertRegex(html, r'<meta http-equiv="Content-Security-'
                             r'Policy" content="default-src \'none\';')

    def test_diff_shows_bidi_controls(self):
        with Workspace(config("http://127.0.0.1:9")) as ws:
            ws.write("a.json", {"amount": "100", "n\u202eote": "a"})
            ws.write("b.json", {"amount": "\u202e001", "n\u202eote": "b"})
            p = ws.relcheck("diff", "a.json", "b.json")
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertNotIn("\u202e", p.stdout)
            self.assertIn('"\\u202E001"', p.stdout)
            self.assertIn("n\\u202Eote", p.stdout)
            p = ws.relcheck("diff", "--json", "a.json", "b.json")
            self.assertEqual(json.loads(p.stdout)["differences"][0]["new"]
                             in ("\u202e001", "b"), True)


if __name__ == "__main__":
    unittest.main()
