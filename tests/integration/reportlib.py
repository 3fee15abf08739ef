"""Helpers shared by the report tests (not a test itself: no test_ prefix).

Each test copies a hand-written run folder from tests/data/runs/ into a
scratch folder, runs `relcheck report` on it and inspects what was written.
"""
import os
import shutil
import subprocess
import tempfile

RELCHECK = os.environ.get("RELCHECK", "relcheck")
SOURCE = os.environ.get("RC_SOURCE_DIR",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("RC_BINARY_DIR", tempfile.gettempdir())


def run_folder(name, scratch):
    """Copies tests/data/runs/NAME into scratch and returns its path."""
    dst = os.path.join(scratch, name)
    shutil.copytree(os.path.join(SOURCE, "tests", "data", "runs", name), dst)
    return dst


def relcheck(*args, expect=0):
    """Runs relcheck; fails unless it exits with expect. Returns stdout."""
    p = subprocess.run([RELCHECK, *args], capture_output=True, text=True)
    if p.returncode != expect:
        raise AssertionError("relcheck %s: exit %d, want %d\n%s%s" % (
            " ".join(args), p.returncode, expect, p.stdout, p.stderr))
    return p.stdout


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()
