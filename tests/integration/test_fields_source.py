#!/usr/bin/python3
"""relcheck fields (SPEC section 11) on a small fake integration: PHP and
C# mapping code name some of the fixture's fields; a binary file, a file
over 1 MB and a .git folder name others and must be skipped. Then
--write adds the seen fields to the call's uses (the suite's other
members unchanged and in order), `check` passes without uses warnings,
and `check` warns about a uses typo and a used field that is noise."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

RELCHECK = os.environ["RELCHECK"]

SUITE = {
    "name": "facturen", "description": "open invoices",
    "programs": ["VFAFAC"],
    "calls": [{"id": "open", "method": "GET", "path": "/facturen",
               "query": {"status": "open"},
               "array_keys": {"$.facturen": "factuurnummer"}}],
}
FIXTURE = {
    "suite": "facturen", "call": "open", "environment": "production",
    "recorded_at": "2026-11-28T10:00:00Z",
    "request": {"method": "GET", "url": "http://h/facturen?status=open"},
    "response": {"status": 200,
                 "headers": {"content-type": "application/json"},
                 "body": {"facturen": [{"factuurnummer": "F1",
                                        "bedrag": 126.74, "valuta": "EUR",
                                        "debiteur": {"naam": "Jansen",
                                                     "iban": "<redacted:0011223344556677>"}}],
                          "meta": {"total": 1}}},
    "noise": []}

PHP = """<?php
// maps an invoice row into the warehouse
function map_row(array $row): array {
    return ['nummer' => $row['factuurnummer'],
            'bedrag' => (float)$row["bedrag"]];
}
"""
CSHARP = """using System;
namespace Sync {
  class InvoiceReader {
    int Count(dynamic json) { return json.meta.total; }
    // 'valuta' is discussed in the docs, not read: this line has it quoted
  }
}
"""


def check(cond, what):
    if not cond:
        sys.exit("FAILED: " + what)


def run(ws, *args, want=0):
    p = subprocess.run([RELCHECK] + list(args), cwd=ws, capture_output=True,
                       text=True)
    if p.returncode != want:
        sys.exit("relcheck %s: exit %d, want %d\n%s\n%s" % (
            " ".join(args), p.returncode, want, p.stdout, p.stderr))
    return p


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as fp:
        fp.write(text)


def main():
    tmp = tempfile.mkdtemp(prefix="rc-fields-")
    try:
        ws = os.path.join(tmp, "ws")
        write(os.path.join(ws, "relcheck.json"), json.dumps(
            {"environments": {"production": {"base_url": "http://h"}},
             "redact": ["$..iban"]}))
        write(os.path.join(ws, "suites", "facturen.json"),
              json.dumps(SUITE, indent=2))
        write(os.path.join(ws, "fixtures", "facturen", "open.json"),
              json.dumps(FIXTURE, indent=2))
        src = os.path.join(tmp, "integration")
        write(os.path.join(src, "php", "Mapping.php"), PHP)
        write(os.path.join(src, "cs", "InvoiceReader.cs"), CSHARP)
        write(os.path.join(src, "cs", "logo.bin"),
              b"\x89PNG\x00\x00 row->naam ['iban']", "wb")
        write(os.path.join(src, ".git", "config"), "[x]\n name = 'naam'\n")
        write(os.path.join(src, "big.sql"),
              "-- " + "x" * (1 << 20) + "\nselect d.naam;\n")

        # the inventory: every leaf once, folded, redacted stays redacted
        inv = json.loads(run(ws, "fields", "--json").stdout)
        rows = {f["field"]: f for f in inv["calls"][0]["fields"]}
        check(set(rows) == {"$.facturen[*].factuurnummer",
                            "$.facturen[*].bedrag", "$.facturen[*].valuta",
                            "$.facturen[*].debiteur.naam",
                            "$.facturen[*].debiteur.iban", "$.meta.total"},
              "inventory %s" % sorted(rows))
        check(rows["$.facturen[*].bedrag"]["type"] == "real"
              and rows["$.facturen[*].bedrag"]["example"] == 126.74,
              "type and example")
        check(rows["$.facturen[*].debiteur.iban"]["example"].startswith(
            "<redacted:"), "redacted example stays redacted")
        check(all(f["used"] for f in rows.values()),
              "no uses: every field used")

        # the source scan
        out = json.loads(run(ws, "fields", "--json", "--source",
                             src).stdout)
        seen = {f["field"]: f.get("seen")
                for f in out["calls"][0]["fields"]}
        php = os.path.join(src, "php", "Mapping.php")
        cs = os.path.join(src, "cs", "InvoiceReader.cs")
        check(seen["$.facturen[*].factuurnummer"] == php + ":4",
              "factuurnummer seen %s" % seen)
        check(seen["$.facturen[*].bedrag"] == php + ":5", "bedrag %s" % seen)
        check(seen["$.meta.total"] == cs + ":4", "total %s" % seen)
        check(seen["$.facturen[*].valuta"] == cs + ":5",
              "a quoted name counts %s" % seen)
        check(seen["$.facturen[*].debiteur.naam"] is None
              and seen["$.facturen[*].debiteur.iban"] is None,
              "binary, big and .git files skipped: %s" % seen)
        text = run(ws, "fields", "--source", src).stdout
        check(php + ":4" in text, "text shows file:line")

        # --write: the seen fields become the call's uses
        before = json.load(open(os.path.join(ws, "suites", "facturen.json")))
        p = run(ws, "fields", "--source", src, "--write")
        check("wrote" in p.stdout, "write says so: " + p.stdout)
        after = json.load(open(os.path.join(ws, "suites", "facturen.json")))
        call = after["calls"][0]
        check(call["uses"] == ["$.facturen[*].factuurnummer",
                               "$.facturen[*].bedrag",
                               "$.facturen[*].valuta", "$.meta.total"],
              "uses written %s" % call.get("uses"))
        del call["uses"]
        check(after == before and list(after) == list(before)
              and list(after["calls"][0]) == list(before["calls"][0]),
              "everything else unchanged, in order")
        inv = json.loads(run(ws, "fields", "--json").stdout)
        used = {f["field"] for f in inv["calls"][0]["fields"] if f["used"]}
        check(used == {"$.facturen[*].factuurnummer", "$.facturen[*].bedrag",
                       "$.facturen[*].valuta", "$.meta.total"},
              "now used %s" % used)
        p = run(ws, "check")
        check("uses" not in p.stderr and "noise" not in p.stderr,
              "check passes quietly: " + p.stderr)
        # a second --write adds nothing
        p = run(ws, "fields", "--source", src, "--write")
        check("wrote" not in p.stdout, "nothing new to write: " + p.stdout)

        # check warns: a typo, and a used field that is noise
        path = os.path.join(ws, "suites", "facturen.json")
        doc = json.load(open(path))
        doc["calls"][0]["uses"].append("$.facturen[*].bedrg")
        doc["calls"][0]["ignore"] = ["$.meta"]
        json.dump(doc, open(path, "w"), indent=2)
        p = run(ws, "check")
        check("uses pattern '$.facturen[*].bedrg' matches no field" in
              p.stderr, "typo warning: " + p.stderr)
        check("field '$.meta.total' is used but also noise" in p.stderr,
              "noise warning: " + p.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
