"""The notice corpus: every fixture under fixtures/notices/ is read with
`relcheck notice --json` and must give exactly the notices (source, id,
subject, date, release, programs) and warnings that
tests/data/notice/corpus.json expects. Cases with "catalog": true run
with tests/data/notice/catalog-ws/relcheck.json (catalog and a configured
pattern); the others without any relcheck.json. Run with
UPDATE=1 to print the current results in the expectation format."""
import json
import os
import subprocess
import sys
import tempfile

RELCHECK = os.environ["RELCHECK"]
SRC = os.environ["RC_SOURCE_DIR"]
FIX = os.path.join(SRC, "fixtures", "notices")
CATALOG_CFG = os.path.join(SRC, "tests", "data", "notice", "catalog-ws",
                           "relcheck.json")


def run(name, catalog, cwd):
    cmd = [RELCHECK, "notice", "--json"]
    if catalog:
        cmd += ["--config", CATALOG_CFG]
    cmd.append(os.path.join(FIX, name))
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                       timeout=60)
    if p.returncode != 0:
        return None, p.stderr, p.returncode
    out = json.loads(p.stdout)
    for n in out["notices"]:
        n["source"] = os.path.relpath(n["source"], FIX)
    warnings = [w.replace(FIX + "/", "") for w in p.stderr.splitlines()]
    return out, warnings, 0


def main():
    with open(os.path.join(SRC, "tests", "data", "notice",
                           "corpus.json"), encoding="utf-8") as f:
        cases = json.load(f)
    names = sorted(os.listdir(FIX))
    failures = 0
    missing = [n for n in names if n not in cases]
    if missing:
        print("fixtures without an expectation:", missing)
        failures += 1
    if len(names) < 20:
        print("the corpus must hold at least 20 notices")
        failures += 1
    update = {}
    with tempfile.TemporaryDirectory() as cwd:
        for name, want in sorted(cases.items()):
            out, warnings, status = run(name, want.get("catalog", False), cwd)
            if status != 0:
                print(f"{name}: exit {status}: {warnings}")
                failures += 1
                continue
            got = {"notices": out["notices"], "programs": out["programs"],
                   "warnings": warnings}
            if want.get("catalog"):
                got["catalog"] = True
            update[name] = got
            for key in ("notices", "programs", "warnings"):
                if got[key] != want.get(key):
                    print(f"{name}: {key} differ\n  want {want.get(key)}\n"
                          f"  got  {got[key]}")
                    failures += 1
    if os.environ.get("UPDATE"):
        print(json.dumps(update, indent=2, ensure_ascii=False))
    print(f"{len(cases)} corpus cases, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
