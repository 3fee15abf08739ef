"""The README's `relcheck fields` example, run the way a user pastes it:
the ```sh block under "### relcheck fields" runs under `bash -e` in an
empty folder (it starts with `relcheck demo`), and what it prints must be
the README's output block, exactly. When the demo changes, update the
README's block from a real run.
"""
import os
import re
import subprocess
import sys
import tempfile

RELCHECK = os.environ["RELCHECK"]
SOURCE = os.environ["RC_SOURCE_DIR"]


def readme_blocks():
    text = open(os.path.join(SOURCE, "README.md"), encoding="utf-8").read()
    section = text.split("### relcheck fields", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
    snippet = [b for lang, b in blocks if lang == "sh"][0]
    output = [b for lang, b in blocks if lang == ""][-1]
    return snippet, output


def main():
    snippet, want = readme_blocks()
    assert "--source" in snippet and "--write" in snippet
    with tempfile.TemporaryDirectory() as scratch:
        bindir = os.path.join(scratch, "bin")
        os.mkdir(bindir)
        os.symlink(RELCHECK, os.path.join(bindir, "relcheck"))
        env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"],
                   HOME=scratch, NO_COLOR="1")
        p = subprocess.run(["bash", "-e", "-c", snippet], cwd=scratch,
                           env=env, capture_output=True, text=True)
        if p.returncode != 0 or p.stdout != want:
            sys.exit("README output block:\n%s\nwhat the commands print "
                     "now (exit %d):\n%s%s" % (want, p.returncode, p.stdout,
                                               p.stderr))
        suite = os.path.join(scratch, "relcheck-demo", "suites",
                             "debiteuren.json")
        text = open(suite, encoding="utf-8").read()
        assert '"$.debiteur.betaaltermijn"' in text, "uses written"
    print("ok")


if __name__ == "__main__":
    main()
