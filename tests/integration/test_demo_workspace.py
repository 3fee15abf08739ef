"""relcheck demo's workspace: the bundled example is copied out of the
binary byte for byte with a marker file; an earlier demo folder is reused
(the example restored, other files kept); a non-empty folder without the
marker, or a file, is refused without writing anything; the demo
environment's base URL is back at http://127.0.0.1:8080 afterwards."""
import filecmp
import os
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import RELCHECK, SRC, check, load

tmp = tempfile.mkdtemp()


def demo(*args):
    p = subprocess.run([RELCHECK, "demo", *args], cwd=tmp, text=True,
                       capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def example_files():
    out = ["relcheck.json", "programs.json"]
    for top in ("suites", "fixtures"):
        for root, _, files in os.walk(os.path.join(SRC, top)):
            for f in files:
                out.append(os.path.relpath(os.path.join(root, f), SRC))
    return sorted(out)


def same_as_source(d):
    for rel in example_files():
        check(filecmp.cmp(os.path.join(SRC, rel), os.path.join(d, rel),
                          shallow=False), "%s differs from the source" % rel)


files = example_files()
code, out, err = demo("--dir", "ws")
ws = os.path.join(tmp, "ws")
check(out.startswith("relcheck demo\n  workspace   ws (%d files of the "
                     "bundled example)\n" % len(files)), out)
check(os.path.isfile(os.path.join(ws, ".relcheck-demo")), "marker")
same_as_source(ws)
cfg = load(os.path.join(ws, "relcheck.json"))
check(cfg["environments"]["demo"]["base_url"] == "http://127.0.0.1:8080",
      "base_url restored")

# an earlier demo is reused: the example restored, other files kept
with open(os.path.join(ws, "suites", "facturen.json"), "w") as f:
    f.write("{}")
os.makedirs(os.path.join(ws, "reports", "mine"), exist_ok=True)
with open(os.path.join(ws, "reports", "mine", "note.txt"), "w") as f:
    f.write("kept")
demo("--dir", "ws")
same_as_source(ws)
check(open(os.path.join(ws, "reports", "mine", "note.txt")).read() == "kept",
      "other files stay")

# a folder that is not a demo is refused, untouched
other = os.path.join(tmp, "other")
os.makedirs(other)
with open(os.path.join(other, "notes.txt"), "w") as f:
    f.write("mine")
code, out, err = demo("--dir", "other")
check(code == 2, "non-empty folder: exit %d" % code)
check(out == "", out)
check(err == "relcheck: other: folder is not empty and holds no earlier "
      "demo (no .relcheck-demo file): choose another --dir\n", err)
check(os.listdir(other) == ["notes.txt"], "nothing written")

# a file is refused
code, out, err = demo("--dir", "other/notes.txt")
check(code == 2 and err == "relcheck: other/notes.txt: not a folder: "
      "choose another --dir\n", (code, err))

# the default folder is ./relcheck-demo; an empty folder is fine
os.makedirs(os.path.join(tmp, "relcheck-demo"))
code, out, err = demo()
check("  workspace   relcheck-demo (" in out, out)
same_as_source(os.path.join(tmp, "relcheck-demo"))
print("ok: demo workspace copied, reused, refused as it should")
