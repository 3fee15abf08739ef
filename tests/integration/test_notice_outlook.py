"""Outlook notices (SPEC section 5, "Outlook files"): the corpus that
tests/tools/gen_outlook.c writes (.msg files with every body variant, a
.msg named .txt, a forwarded .msg, a truncated and a garbage one, mails
with TNEF parts) is read with `relcheck notice --json`; each case states
the exit status, subject, date, release, programs (with names) and a
piece of every stderr line. Then independent readers cross-check the
generated files: Debian's msgconvert turns .msg files into .eml files
that relcheck must read to the same programs, and Debian's tnef must
accept the winmail.dat (and reject the one with a bad checksum) and
unpack the same RTF that relcheck decompressed."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from noticelib import stderr_errors

RELCHECK = os.environ["RELCHECK"]
GEN = os.path.join(os.environ["RC_BINARY_DIR"], "tests", "gen_outlook")

SUBJECT_24 = "Release 10.0.24: upgrade aangekondigd"
TABLE_24 = [("MZZPAR", "Parameters AllSolutions"), ("VFAFAC", "Facturen")]
RTF_25 = [("CRDSTA", "Crediteuren \u2013 stamgegevens"),
          ("INKORD", "Inkooporders")]
TEXT_26 = [("DEBSTA", "D\u00e9biteuren"), ("PRJUUR", "Projecturen")]
DATE = "2026-11-20T09:15:00Z"

# name: (exit, subject, date, release, programs, stderr fragments)
CASES = {
    "html-binary-1252.msg": (
        0, "Release 10.0.24 \u2013 gewijzigde programma's", DATE, "10.0.24",
        [("CRDSTA", "Crediteuren \u2013 \u00e9\u00e9n overzicht"),
         ("VFAFAC", "Facturen")], []),
    "html-unicode.msg": (0, SUBJECT_24, DATE, "10.0.24", TABLE_24, []),
    "rtf-html-lzfu.msg": (0, "Release 10.0.25", DATE, "10.0.25", RTF_25,
                          []),
    "rtf-html-mela.msg": (0, "Release 10.0.25", DATE, "10.0.25", RTF_25,
                          []),
    "plain.msg": (0, "Upgrade release 10.0.26", DATE, "10.0.26",
                  TEXT_26, []),
    "rtf-text.msg": (0, "Release notice", DATE, "10.0.26",
                     [("DEBSTA", "D\u00e9biteuren stamgegevens"),
                      ("PRJUUR", "Projecturen")], []),
    "rtf-bad-crc.msg": (0, "Release 10.0.27", DATE, "10.0.27",
                        [("ORDVRK", "Verkooporders")],
                        ["RTF body unreadable (CRC mismatch), next body "
                         "used"]),
    "forwarded.msg": (0, "FW: Release 10.0.24", "2026-11-20T10:15:00Z",
                      "10.0.24", TABLE_24, []),
    "saved-as.txt": (0, SUBJECT_24, DATE, "10.0.24", TABLE_24, []),
    "garbage-streams.msg": (0, "Re", None, None, [("VFAFAC", None)],
                            ["HTML body has property type 0x0001, skipped",
                             "RTF body unreadable (unknown compression "
                             "type)"]),
    "truncated.msg": (2, None, None, None, None,
                      ["truncated.msg: not a readable Outlook .msg file"]),
    "tnef.eml": (0, "Release 10.0.25", DATE, "10.0.25",
                 RTF_25 + [("ORDVRK", "Verkooporders")], []),
    "tnef-bad-checksum.eml": (0, "Release 10.0.25", DATE, "10.0.25",
                              [("ORDVRK", "Verkooporders")],
                              ["TNEF part: attribute checksum mismatch, "
                               "read what could be read"]),
}


def notice(path, cwd):
    return subprocess.run([RELCHECK, "notice", "--json", path], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def programs(out):
    return sorted((p["code"], p["name"]) for n in out["notices"]
                  for p in n["programs"])


def check(name, path, want, cwd):
    status, subject, date, release, progs, fragments = want
    p = notice(path, cwd)
    if p.returncode != status:
        return [f"{name}: exit {p.returncode}, want {status}: {p.stderr}"]
    errs = stderr_errors(name, p.stderr, fragments)
    if status != 0:
        return errs
    out = json.loads(p.stdout)
    if len(out["notices"]) != 1:
        return errs + [f"{name}: {len(out['notices'])} notices"]
    n = out["notices"][0]
    got = (n["subject"], n["date"], n["release"], programs(out))
    if got != (subject, date, release, sorted(progs)):
        errs.append(f"{name}: got {got}, want "
                    f"{(subject, date, release, sorted(progs))}")
    return errs


def codes(path, cwd):
    p = notice(path, cwd)
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    return json.loads(p.stdout)["programs"]


def cross_check_msgconvert(tmp):
    """msgconvert (libemail-outlook-message-perl) reads our .msg files;
    relcheck must find the same programs in its .eml as in the .msg."""
    errs = []
    out = os.path.join(tmp, "msgconvert")
    os.mkdir(out)
    for name in ("html-unicode.msg", "plain.msg", "forwarded.msg",
                 "html-binary-1252.msg"):
        src = os.path.join(tmp, name)
        p = subprocess.run(["msgconvert", "--outfile",
                            os.path.join(out, name + ".eml"), src],
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            errs.append(f"msgconvert {name}: {p.stderr}")
            continue
        a = codes(src, tmp)
        b = codes(os.path.join(out, name + ".eml"), tmp)
        if a != b or not a:
            errs.append(f"msgconvert {name}: relcheck reads {a} from the "
                        f".msg and {b} from msgconvert's .eml")
    return errs


def cross_check_tnef(tmp):
    """tnef (Debian's tnef) checks the attribute checksums of our
    winmail.dat and unpacks its RTF body: the same bytes relcheck
    decompresses from the generator's LZFu stream."""
    errs = []
    out = os.path.join(tmp, "tnef-out")
    os.mkdir(out)
    p = subprocess.run(["tnef", "--save-body=body", "--body-pref=r", "-C",
                        out, os.path.join(tmp, "winmail.dat")],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        errs.append(f"tnef winmail.dat: exit {p.returncode}: {p.stderr}")
    bodies = [f for f in os.listdir(out) if f.startswith("body")]
    if len(bodies) != 1:
        errs.append(f"tnef unpacked {bodies}, want one RTF body")
    else:
        with open(os.path.join(out, bodies[0]), "rb") as f:
            rtf = f.read().rstrip(b"\0")
        with open(os.path.join(tmp, "fromhtml.rtf"), "rb") as f:
            want = f.read()
        if rtf != want:
            errs.append(f"tnef's RTF body differs from the generator's: "
                        f"{rtf[:80]!r}... vs {want[:80]!r}...")
    bad = os.path.join(tmp, "winmail-bad.dat")
    p = subprocess.run(["tnef", "-t", bad], capture_output=True, text=True,
                       timeout=60)
    if p.returncode == 0:
        errs.append("tnef accepts winmail-bad.dat: its checksum is not bad")
    return errs


def main():
    for tool in ("msgconvert", "tnef"):
        if shutil.which(tool) is None:
            print(f"{tool} not installed (scripts/setup installs it)")
            return 77
    errs = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([GEN, tmp], check=True, timeout=60)
        for name, want in CASES.items():
            errs += check(name, os.path.join(tmp, name), want, tmp)
        errs += cross_check_msgconvert(tmp)
        errs += cross_check_tnef(tmp)
    for e in errs:
        print(e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
