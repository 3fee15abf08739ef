#!/usr/bin/python3
"""Issue 14, items 6 to 9: no name or path writes outside the workspace.

Run folders are untrusted (CI artifacts): approve and merge must refuse a
run.json whose suite names are paths. Suite names and call ids follow the
file-name rule. `run --out` refuses the workspace's own folders and
folders that hold something. Nothing is written through a symbolic link.
Every test checks that nothing appeared outside, and (where a server is
involved) that nothing was sent when the refusal comes first.
"""
import json
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import Hostile, Workspace, config, ok  # noqa: E402

EVIL = "../../../outside/pwned"


def listing(root):
    out = set()
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def rewrite(run_dir, old, new):
    """Replaces old by new in the run folder's JSON files."""
    for name in ("run.json", "calls.jsonl", "result.json"):
        p = os.path.join(run_dir, name)
        if os.path.exists(p):
            with open(p) as fp:
                text = fp.read()
            with open(p, "w") as fp:
                fp.write(text.replace(old, new))


class RunFolders(unittest.TestCase):
    """Item 6: approve and merge take names from run folders."""

    def make_run(self, ws, api, out):
        rec = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                          "--quiet")
        self.assertEqual(rec.returncode, 0, rec.stderr)
        api.routes["*"] = ok({"a": 2})
        run = ws.relcheck("run", "--env", "acc", "--all", "--quiet", "--out",
                          out)
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)

    def rename_suite(self, run_dir, old, new):
        rewrite(run_dir, '"%s"' % old, json.dumps(new))
        src = os.path.join(run_dir, "responses", old)
        dst = os.path.normpath(os.path.join(run_dir, "responses", new))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copytree(src, dst)

    def test_approve_refuses_path_suite_names(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"shop": [{"id": "items",
                                                      "path": "/i"}]}) as ws:
            run_dir = os.path.join(ws.dir, "reports", "r1")
            self.make_run(ws, api, run_dir)
            for bad in (EVIL, "ghost"):
                fresh = os.path.join(ws.dir, "reports", "copy")
                shutil.rmtree(fresh, ignore_errors=True)
                shutil.copytree(run_dir, fresh)
                self.rename_suite(fresh, "shop", bad)
                before = listing(ws.root)
                fx = ws.read_json("fixtures/shop/items.json")
                p = ws.relcheck("approve", fresh)
                self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
                self.assertIn("not a suite of this workspace", p.stderr)
                self.assertEqual(listing(ws.root), before)
                self.assertEqual(ws.read_json("fixtures/shop/items.json"),
                                 fx)
            # a known suite with an unknown call is refused too
            fresh = os.path.join(ws.dir, "reports", "copy2")
            shutil.copytree(run_dir, fresh)
            rewrite(fresh, '"items"', '"../../x"')
            p = ws.relcheck("approve", fresh)
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertFalse(os.path.exists(os.path.join(ws.dir, "x.json")))

    def test_merge_refuses_path_suite_names(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"shop": [{"id": "items",
                                                      "path": "/i"}]}) as ws:
            run_dir = os.path.join(ws.dir, "reports", "r1")
            self.make_run(ws, api, run_dir)
            self.rename_suite(run_dir, "shop", EVIL)
            before = listing(ws.root)
            out = os.path.join(ws.dir, "reports", "merged")
            p = ws.relcheck("merge", run_dir, "--out", out)
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertIn("bad suite name", p.stderr)
            self.assertEqual(listing(ws.root), before)


class Names(unittest.TestCase):
    """Item 7: the suite loader's name rule."""

    def check_bad(self, name, doc, message):
        with Workspace(config("http://127.0.0.1:9")) as ws:
            with open(ws.path("suites/%s.json" % name), "w") as fp:
                fp.write(doc)
            p = ws.relcheck("check")
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertIn(message, p.stderr)
            self.assertRegex(p.stderr, r"suites/.*\.json:\d+:\d+: ")
            before = listing(ws.root)
            p = ws.relcheck("record", "--env", "acc", "--all")
            self.assertEqual(p.returncode, 2)
            p = ws.relcheck("run", "--env", "acc", "--all")
            self.assertEqual(p.returncode, 2)
            self.assertEqual(listing(ws.root), before)

    def test_dotdot_suite(self):
        self.check_bad("..", json.dumps({"name": "..", "programs": ["X"],
                                         "calls": [{"id": "a",
                                                    "path": "/a"}]}),
                       "bad suite name '..'")

    def test_long_call_id(self):
        self.check_bad("s", json.dumps({"name": "s", "programs": ["X"],
                                        "calls": [{"id": "a" * 300,
                                                   "path": "/a"}]}),
                       "bad call id")

    def test_nul_in_call_id(self):
        self.check_bad("s", '{"name": "s", "programs": ["X"], "calls": '
                       '[{"id": "a\\u0000b", "path": "/a"}]}', "bad call id")


class Out(unittest.TestCase):
    """Item 8: run --out refuses the workspace's folders and folders that
    hold something; nothing is sent then."""

    def test_refused(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"shop": [{"id": "items",
                                                      "path": "/i"}]}) as ws:
            rec = ws.relcheck("record", "--env", "acc", "--repeat", "1",
                              "--quiet")
            self.assertEqual(rec.returncode, 0, rec.stderr)
            sent = len(api.requests())
            os.makedirs(os.path.join(ws.root, "outside"))
            ws.write("../outside/keep.txt", "mine")
            for out, why in (("suites", "inside the workspace's"),
                             ("fixtures/ok", "inside the workspace's"),
                             ("fixtures", "inside the workspace's"),
                             (".", "not empty"),
                             ("../outside", "not empty"),
                             ("", "names no folder")):
                before = listing(ws.root)
                p = ws.relcheck("run", "--env", "acc", "--all", "--out", out)
                self.assertEqual(p.returncode, 2, (out, p.stderr))
                self.assertIn(why, p.stderr, out)
                self.assertEqual(listing(ws.root), before, out)
            self.assertEqual(len(api.requests()), sent)
            empty = os.path.join(ws.root, "empty")
            os.makedirs(empty)
            p = ws.relcheck("run", "--env", "acc", "--all", "--out", empty,
                            "--quiet")
            self.assertEqual(p.returncode, 0, p.stderr)


class Symlinks(unittest.TestCase):
    """Item 9: nothing is created or appended through a symbolic link,
    and record refuses before any request."""

    def test_record_symlinked_fixture_folder(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"shop": [{"id": "items",
                                                      "path": "/i"}]}) as ws:
            target = os.path.join(ws.root, "elsewhere")
            os.makedirs(target)
            os.makedirs(ws.path("fixtures"))
            os.symlink(target, ws.path("fixtures/shop"))
            p = ws.relcheck("record", "--env", "acc", "--repeat", "1")
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertIn("symbolic link", p.stderr)
            self.assertEqual(os.listdir(target), [])
            self.assertEqual(api.requests(), [])

    def test_ledger_symlink(self):
        with Hostile({"*": ok({"a": 1})}) as api, \
                Workspace(config(api.url), {"shop": [{"id": "items",
                                                      "path": "/i"}]}) as ws:
            victim = os.path.join(ws.root, "victim.txt")
            ws.write("../victim.txt", "precious\n")
            os.makedirs(ws.path(".relcheck"))
            os.symlink(victim, ws.path(".relcheck/ledger.jsonl"))
            p = ws.relcheck("record", "--env", "acc", "--repeat", "1")
            self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)
            with open(victim) as fp:
                self.assertEqual(fp.read(), "precious\n")

    def test_import_symlinked_suites(self):
        with Workspace(config("http://127.0.0.1:9")) as ws:
            target = os.path.join(ws.root, "elsewhere")
            os.makedirs(target)
            shutil.rmtree(ws.path("suites"))
            os.symlink(target, ws.path("suites"))
            p = ws.relcheck("import", "curl", "--suite", "s", "--env", "acc",
                            "curl http://127.0.0.1:9/a")
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertIn("symbolic link", p.stderr)
            self.assertEqual(os.listdir(target), [])

    def test_demo_symlinked_fixtures(self):
        with Workspace(config("http://127.0.0.1:9")) as ws:
            demo = os.path.join(ws.root, "demo")
            target = os.path.join(ws.root, "elsewhere")
            os.makedirs(target)
            p = ws.relcheck("demo", "--dir", demo, timeout=120)
            self.assertIn(p.returncode, (0, 1), p.stdout + p.stderr)
            shutil.rmtree(os.path.join(demo, "fixtures"))
            os.symlink(target, os.path.join(demo, "fixtures"))
            p = ws.relcheck("demo", "--dir", demo, timeout=120)
            self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
            self.assertIn("symbolic link", p.stderr)
            self.assertEqual(os.listdir(target), [])


if __name__ == "__main__":
    unittest.main()
