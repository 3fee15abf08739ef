"""relcheck demo end to end, twice in a row in the same folder: exit 0, the
run's result.json fields are exactly the changes of the bundled upgrade
overlay (in the spec's order: the fields the integration uses first — some
demo calls list `uses` — then severity, suite, field), the notice selects
five suites with MZZPAR as a coverage gap, every call is accounted for, the
printed report path exists; the second demo finds the same."""
import json
import os
import re
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import RELCHECK, check, load

# (severity, suite, field, kind, calls, occurrences, used)
EXPECTED = [
    ("breaking", "facturen", "$.facturen[*].bedrag_incl_btw", "type", 1, 4,
     True),
    ("breaking", "verkooporders", "status", "changed", 1, 1, True),
    ("changed", "projecturen", "headers.content-type", "changed", 1, 1,
     True),
    ("additive", "facturen", "$.factuur.e_factuur", "added", 1, 1, True),
    ("breaking", "facturen", "$.facturen[*].btw_bedrag", "removed", 1, 4,
     False),
    ("breaking", "grootboek", "/GrootboekExport/Boeking/Omschrijving",
     "renamed", 1, 6, False),
    ("changed", "debiteuren", "$.debiteur.betaaltermijn", "changed", 1, 1,
     False),
    ("changed", "grootboek", "/GrootboekExport/@versie", "changed", 1, 1,
     False),
]

tmp = tempfile.mkdtemp()
runs = []
for attempt in (1, 2):
    p = subprocess.run([RELCHECK, "demo", "--dir", "relcheck-demo-ws"],
                       cwd=tmp, text=True, capture_output=True, timeout=300)
    check(p.returncode == 0, "demo %d: exit %d\n%s\n%s"
          % (attempt, p.returncode, p.stdout, p.stderr))
    lines = p.stdout.splitlines()
    check(lines[-2] == "relcheck demo: the simulated upgrade changes 8 "
          "fields, 4 used (run verdict: fail, as intended)",
          lines[-2:])
    m = re.fullmatch(r"report: (relcheck-demo-ws/reports/\d{8}-\d{6}-demo"
                     r"(?:-\d+)?/report\.html)", lines[-1])
    check(m is not None, "last line: %r" % lines[-1])
    report = os.path.join(tmp, m.group(1))
    check(os.path.isfile(report), "report missing: " + report)
    run_dir = os.path.dirname(report)
    check(run_dir not in runs, "each demo has its own run folder")
    runs.append(run_dir)
    result = load(os.path.join(run_dir, "result.json"))
    got = [(f["severity"], f["suite"], f["field"], f["kind"], f["calls"],
            f["occurrences"], f.get("used", True)) for f in result["fields"]]
    check(got == EXPECTED, "demo %d fields:\n%s" % (
        attempt, "\n".join(map(repr, got))))
    for sev, suite, field, kind, calls, occ, _ in EXPECTED:
        check(re.search(r"^%s +%s +%s +%s +%d +%d$" % (
            sev, kind, suite, re.escape(field), calls, occ), p.stdout, re.M),
            "not in the printed table: %s %s" % (suite, field))
    check(result["coverage_gaps"] == ["MZZPAR"], result["coverage_gaps"])
    check(sorted(s["name"] for s in result["suites"])
          == ["debiteuren", "facturen", "grootboek", "projecturen",
              "verkooporders"], "selected suites")
    summ = result["summary"]
    check(summ["calls"] == 11 and summ["errors"] == 0
          and summ["skipped"] == 0 and summ["verdict"] == "fail", summ)
    check(summ["same"] + summ["changed"] == 11, summ)
    check(summ["unused"] == 4, "4 changed fields not used: %s" % summ)
    check(result["format"] == 3, "result.json format %s" % result["format"])
    with open(report, encoding="utf-8") as f:
        html = f.read()
    check('data-kind="renamed"' in html and "<code>/GrootboekExport/Boeking"
          "/Omschrijving</code> \u2192 <code>/GrootboekExport/Boeking/"
          "Toelichting</code>" in html, "the rename in report.html")
    # the XML rename is one row (SPEC section 6), shown as old -> new
    ren = [f for f in result["fields"] if f["kind"] == "renamed"]
    check(len(ren) == 1 and ren[0]["new_field"]
          == "/GrootboekExport/Boeking/Toelichting"
          and ren[0]["example"]["new_path"]
          == "/GrootboekExport/Boeking[1]/Toelichting", ren)
    check(re.search(r"^ +\u2192 /GrootboekExport/Boeking/Toelichting$",
                    p.stdout, re.M), "the new field under the rename row")
    check(p.stdout.index("Affected fields")
          < p.stdout.index("Changed, not used by the integration"),
          "the used fields lead the printed summary")
    check(result["run"]["calls_sent"] == 11, result["run"])
    cfg = load(os.path.join(tmp, "relcheck-demo-ws", "relcheck.json"))
    check(cfg["environments"]["demo"]["base_url"] == "http://127.0.0.1:8080",
          "base_url set back")

# approve --field of the rename alone takes the response as the baseline:
# the fixture then has <Toelichting> and equals the run's response
ws = os.path.join(tmp, "relcheck-demo-ws")
run_rel = os.path.relpath(runs[-1], ws)
fixture = os.path.join("fixtures", "grootboek", "export.json")
p = subprocess.run([RELCHECK, "approve", run_rel, "--call", "grootboek/export",
                    "--field", "/GrootboekExport/@versie", "--field",
                    "/GrootboekExport/Boeking/Omschrijving", "--reason",
                    "renamed by the vendor"], cwd=ws, text=True,
                   capture_output=True, timeout=60)
check(p.returncode == 0 and "accepting /GrootboekExport/@versie, "
      "/GrootboekExport/Boeking/Omschrijving" in p.stdout,
      "approve of the rename: %d %s %s" % (p.returncode, p.stdout, p.stderr))
with open(os.path.join(ws, fixture), encoding="utf-8") as f:
    text = f.read()
check("<Toelichting>" in text and "<Omschrijving>" not in text,
      "the approved fixture holds the new name")
p = subprocess.run([RELCHECK, "diff", fixture, os.path.join(
    run_rel, "responses", "grootboek", "export.json")], cwd=ws, text=True,
                   capture_output=True, timeout=60)
check(p.returncode == 0, "fixture and response now agree: %s" % p.stdout)
print("ok: demo twice, fields equal the overlay's changes")
