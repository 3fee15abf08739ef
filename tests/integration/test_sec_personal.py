#!/usr/bin/python3
"""Issue 14, item 3: with `redact` rules, a body that does not parse (a
JSON body with a trailing comma, XML cut short) is wholly redacted in the
fixture, the saved response and the differences, and compared by its
HMAC, so an unchanged body stays `same` and a changed one shows no value.
A hostile loopback server answers; the tests scan every file written.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import IBAN, Hostile, Workspace, config  # noqa: E402

BAD_JSON = '{"klant": {"iban": "%s", "naam": "Jansen"},}' % IBAN
BAD_XML = "<Klant><Iban>%s</Iban><Naam>Jansen</Naam>" % IBAN


class Unparseable(unittest.TestCase):
    def check(self, body, ctype):
        state = {"body": body}
        route = lambda req: (200, {"Content-Type": ctype}, state["body"])
        with Hostile({"*": route}) as api:
            cfg = config(api.url, redact=["$..iban", "//Iban"])
            with Workspace(cfg, {"crm": [{"id": "klant", "path": "/k"}]}) \
                    as ws:
                rec = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                                  "--quiet")
                self.assertEqual(rec.returncode, 0, rec.stderr)
                fx = ws.read_json("fixtures/crm/klant.json")
                self.assertRegex(fx["response"]["body_text"],
                                 r"^<redacted:[0-9a-f]{16}>$")
                outs = []
                for i in range(2):
                    out = os.path.join(ws.dir, "reports", "same%d" % i)
                    run = ws.relcheck("run", "--env", "acc", "--all",
                                      "--quiet", "--out", out)
                    self.assertEqual(run.returncode, 0, run.stdout)
                    outs.append(run)
                    res = ws.read_json(os.path.join(out, "result.json"))
                    call = res["suites"][0]["calls"][0]
                    self.assertEqual(call["outcome"], "same")
                state["body"] = body.replace("Jansen", "de Vries")
                out = os.path.join(ws.dir, "reports", "changed")
                run = ws.relcheck("run", "--env", "acc", "--all", "--quiet",
                                  "--out", out, "--format", "html,junit,md")
                self.assertEqual(run.returncode, 1, run.stdout)
                res = ws.read_json(os.path.join(out, "result.json"))
                call = res["suites"][0]["calls"][0]
                self.assertEqual(call["outcome"], "changed")
                for d in call["differences"]:
                    self.assertRegex(str(d.get("new", "")),
                                     r"<redacted:[0-9a-f]{16}>|^$")
                saved = ws.read_json(os.path.join(out, "responses", "crm",
                                                  "klant.json"))
                self.assertRegex(saved["response"]["body_text"],
                                 r"^<redacted:[0-9a-f]{16}>$")
                for needle in (IBAN, "Jansen", "de Vries"):
                    self.assertEqual(ws.holding(needle), [], needle)
                    for p in outs + [run, rec]:
                        self.assertNotIn(needle, p.stdout + p.stderr)

    def test_json_with_trailing_comma(self):
        self.check(BAD_JSON, "application/json")

    def test_xml_cut_short(self):
        self.check(BAD_XML, "application/xml")

    def test_json_patterns_only_still_redact_bad_xml(self):
        body = BAD_XML
        with Hostile({"*": lambda r: (200, {"Content-Type": "text/xml"},
                                      body)}) as api:
            with Workspace(config(api.url, redact=["$..naam"]),
                           {"crm": [{"id": "k", "path": "/k"}]}) as ws:
                rec = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                                  "--quiet")
                self.assertEqual(rec.returncode, 0, rec.stderr)
                self.assertEqual(ws.holding(IBAN), [])


if __name__ == "__main__":
    unittest.main()
