"""The README's `relcheck history` walk-through, run the way a user pastes
it: after `relcheck demo`, the README's ```sh block under "### relcheck
history" runs under `bash -e`, and what `relcheck history` prints must be
the README's output block, with run ids and times masked (they differ per
run); the report.html of the run after the approvals lists them. Only
the mock's port differs from the user's run: the demo
workspace's base URL and `relcheck serve` get a free port instead of 8080,
so this test runs beside others. When the demo changes, update the
README's block from a real run.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile

RELCHECK = os.environ["RELCHECK"]
SOURCE = os.environ["RC_SOURCE_DIR"]


def readme_blocks():
    text = open(os.path.join(SOURCE, "README.md"), encoding="utf-8").read()
    section = text.split("### relcheck history", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
    snippet = [b for lang, b in blocks if lang == "sh"][0]
    output = [b for lang, b in blocks if lang == ""][-1]
    return snippet, output


def masked(text):
    text = re.sub(r"\d{8}-\d{6}(-\d+)?-demo", "RUN-demo", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", text)
    return text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    snippet, want = readme_blocks()
    assert "relcheck history" in snippet and "relcheck serve " in snippet
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        bindir = os.path.join(scratch, "bin")
        os.mkdir(bindir)
        os.symlink(RELCHECK, os.path.join(bindir, "relcheck"))
        env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"],
                   HOME=scratch)
        subprocess.run(["relcheck", "demo"], cwd=scratch, env=env,
                       check=True, capture_output=True)
        conf = os.path.join(scratch, "relcheck-demo", "relcheck.json")
        text = open(conf, encoding="utf-8").read()
        assert "127.0.0.1:8080" in text
        open(conf, "w", encoding="utf-8").write(
            text.replace("127.0.0.1:8080", "127.0.0.1:%d" % port))
        script = snippet.replace("relcheck serve ",
                                 "relcheck serve --port %d " % port)
        p = subprocess.run(["bash", "-e", "-c", script], cwd=scratch,
                           env=env, capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, p.stdout + p.stderr
        got = p.stdout[p.stdout.index("release "):]
        # the second run's report.html shows the approvals of its release
        reports = os.path.join(scratch, "relcheck-demo", "reports")
        newest = sorted(os.listdir(reports))[-1]
        page = open(os.path.join(reports, newest, "report.html"),
                    encoding="utf-8").read()
        section = page.split('<section id="approvals">', 1)[1]
        section = section.split("</section>", 1)[0]
        assert "Approvals recorded for release 10.0.23" in section
        assert section.count("<tr><td>") == 6, section
        if masked(got) != masked(want):
            sys.stdout.write("README output block:\n" + want +
                             "\nwhat the commands print now:\n" + got)
            raise AssertionError("the README's history output differs: "
                                 "update it from a real run")
    print("ok")


if __name__ == "__main__":
    main()
