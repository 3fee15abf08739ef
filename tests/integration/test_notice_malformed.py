"""Malformed notices: each input under tests/data/notice/malformed/ (plus
two generated ones too big to keep in git: a 5 MB single-line HTML and a
100,000-deep <div> tree) must end with a clear message or a best-effort
result — never a crash, a hang or a silent loss. Each case states the
exit status, the programs read, and a piece of every expected stderr
line."""
import json
import os
import subprocess
import sys
import tempfile

from noticelib import stderr_errors

RELCHECK = os.environ["RELCHECK"]
SRC = os.environ["RC_SOURCE_DIR"]
MAL = os.path.join(SRC, "tests", "data", "notice", "malformed")
HDR = ("From: AllSolutions <release@allsolutions.nl>\n"
       "Subject: Release 10.0.60\nContent-Type: text/html; charset=utf-8\n\n")

# name: (exit status, programs, stderr fragments in order)
CASES = {
    "truncated-multipart.eml": (0, ["MZZPAR", "VFAFAC"],
                                ["message is truncated"]),
    "undeclared-boundary.eml": (0, [], ["multipart without a boundary"]),
    "invalid-base64.eml": (0, ["MZZPAR", "VFAFAC"], []),
    "unknown-charset.eml": (0, ["VFAFAC"],
                            ["unknown charset 'x-klingon-8'"]),
    "nul-bytes.eml": (0, ["INKORD", "MZZPAR", "VFAFAC"], []),
    "nesting-200.eml": (0, [], ["nested deeper than 32 levels"]),
    "forward-200.eml": (0, [], ["nested deeper than 32 levels"]),
    "empty.eml": (2, None, ["empty.eml: empty: no message in it"]),
    "binary.eml": (2, None, ["binary.eml: not a mail message"]),
    "not-mail.txt": (2, None, ["not-mail.txt: not a mail message"]),
    "headers-only.eml": (0, [], ["message is truncated"]),
    "broken.mbox": (0, ["INKORD", "VFAFAC"],
                    ["broken.mbox#2: unreadable message skipped"]),
    "from-line-only.mbox": (2, None, ["unreadable message skipped",
                                      "no message found in the mbox"]),
    "maildir-junk": (0, ["VFAFAC"], ["2.mail: not a mail message",
                                     "3.mail: empty"]),
    "not-a-maildir": (2, None, ["not-a-maildir/readme.txt: not a mail message"]),
    "bad-rfc2047.eml": (0, ["VFAFAC"], []),
    "lone-cr-lines.eml": (0, ["MZZPAR", "VFAFAC"], []),
    "big-single-line.eml": (0, ["INKORD", "VFAFAC"], []),
    "deep-div.eml": (0, ["MZZPAR", "VFAFAC"], []),
}


def generate(tmp):
    row = "<tr><td>XX</td><td>" + "lorem ipsum " * 20 + "</td></tr>"
    big = (HDR + "<html><body><table><tr><td>VFAFAC</td><td>Facturen</td>"
           "</tr>" + row * (5 * 1024 * 1024 // len(row)) +
           "</table><p>INKORD - Inkooporders</p></body></html>")
    assert "\n" not in big[len(HDR):] and len(big) > 5 * 1024 * 1024
    deep = (HDR + "<div>" * 100000 + "VFAFAC - Facturen" + "</div>" * 100000
            + "<p>MZZPAR - Parameters</p>\n")
    paths = {}
    for name, text in (("big-single-line.eml", big), ("deep-div.eml", deep)):
        paths[name] = os.path.join(tmp, name)
        with open(paths[name], "w", encoding="utf-8") as f:
            f.write(text)
    return paths


def check(name, path, want, cwd):
    status, programs, fragments = want
    try:
        p = subprocess.run([RELCHECK, "notice", "--json", path], cwd=cwd,
                           capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return [f"{name}: hangs"]
    errs = []
    if p.returncode != status:
        errs.append(f"{name}: exit {p.returncode}, want {status}: "
                    f"{p.stderr.strip()}")
    errs += stderr_errors(name, p.stderr, fragments)
    if programs is not None and p.returncode == 0:
        got = json.loads(p.stdout)["programs"]
        if got != programs:
            errs.append(f"{name}: programs {got}, want {programs}")
    return errs


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(tmp)
        present = set(os.listdir(MAL)) | set(paths)
        if present != set(CASES):
            failures.append(f"cases and files differ: {present ^ set(CASES)}")
        for name, want in sorted(CASES.items()):
            path = paths.get(name, os.path.join(MAL, name))
            failures += check(name, path, want, tmp)
    for f in failures:
        print(f)
    print(f"{len(CASES)} malformed inputs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
