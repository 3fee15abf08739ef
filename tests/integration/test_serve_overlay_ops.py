"""Every kind of overlay mutation, applied exactly: set (existing member in
place, new member at the end, array element, whole body), remove (member,
element from the end, every member), retype to each JSON type, rename a
member, XML element text / attribute removal / element removal / attribute
rename, status and header changes, selection by suite only; and the
warning for mutations that change nothing."""
import copy
import json
import os
import re
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import Server, check, check_response, fixture

A = {"suite": "artikelen", "call": "article"}
mutations = [
    dict(A, set="$.artikel.omschrijving", value="Deegmenger 40 liter"),
    dict(A, retype="$.artikel.verkoopprijs", to="integer"),
    dict(A, retype="$.artikel.voorraad", to="real"),
    dict(A, retype="$.artikel.ean", to="integer"),
    dict(A, retype="$.artikel.levertijd_dagen", to="string"),
    dict(A, retype="$.artikel.gewicht_kg", to="boolean"),
    dict(A, retype="$.artikel.btw_code", to="null"),
    dict(A, retype="$.artikel.eenheid", to="array"),
    dict(A, retype="$.artikel.artikelgroep", to="object"),
    dict(A, rename="$.artikel.artikelcode", to="code"),
    dict(A, remove="$.artikel.prijsstaffels[-1]"),
    dict(A, set="$.artikel.prijsstaffels[0].prijs", value=3399.99),
    dict(A, remove="$.meta.*"),
    {"suite": "artikelen", "call": "articles", "set": "$",
     "value": {"fout": "onderhoud", "code": 503}},
    {"suite": "artikelen", "call": "articles", "status": 503},
    {"suite": "artikelen", "call": "articles",
     "headers": {"Retry-After": "120", "cache-control": None}},
    {"suite": "grootboek", "call": "export",
     "remove": "/GrootboekExport/@aangemaakt"},
    {"suite": "grootboek", "call": "export",
     "set": "/GrootboekExport/Administratie/Naam", "value": "Demo & Zonen <test>"},
    {"suite": "grootboek", "call": "export", "remove": "//Kostenplaats"},
    {"suite": "grootboek", "call": "export",
     "rename": "/GrootboekExport/Totalen/@boekingen", "to": "aantal"},
    {"suite": "debiteuren", "set": "$.meta.bron", "value": "overlay"},
    {"suite": "projecturen", "call": "project-hours",
     "retype": "$.project.per_uursoort", "to": "string"},
    {"suite": "facturen", "call": "nope", "remove": "$.x"},
    {"remove": "$.bestaat_niet"},
]


def expected(suite, call):
    r = copy.deepcopy(fixture(suite, call)["response"])
    b = r.get("body")
    if (suite, call) == ("artikelen", "article"):
        a = b["artikel"]
        a["omschrijving"] = "Deegmenger 40 liter"
        a["verkoopprijs"] = 3450
        a["voorraad"] = 3.0
        a["ean"] = 8712345000476
        a["levertijd_dagen"] = "10"
        a["gewicht_kg"] = True
        a["btw_code"] = None
        a["eenheid"] = ["stuk"]
        a["artikelgroep"] = {"value": "BAKKERIJ-MACH"}
        a["code"] = a.pop("artikelcode")
        a["prijsstaffels"].pop()
        a["prijsstaffels"][0]["prijs"] = 3399.99
        b["meta"] = {}
    elif (suite, call) == ("artikelen", "articles"):
        r["body"] = {"fout": "onderhoud", "code": 503}
        r["status"] = 503
        r["headers"]["retry-after"] = "120"
        del r["headers"]["cache-control"]
    elif suite == "grootboek" and call == "export":
        t = r["body_text"].replace(' aangemaakt="2026-11-20T08:15:05Z"', "")
        t = t.replace("Demo Techniek &amp; Service B.V.",
                      "Demo &amp; Zonen &lt;test&gt;")
        t = re.sub(r"    <Kostenplaats>[^<]*</Kostenplaats>\n", "", t)
        r["body_text"] = t.replace('boekingen="6"', 'aantal="6"')
    elif suite == "debiteuren":
        b["meta"]["bron"] = "overlay"
    elif (suite, call) == ("projecturen", "project-hours"):
        p = b["project"]
        p["per_uursoort"] = json.dumps(p["per_uursoort"],
                                       separators=(",", ":"))
    return r


tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "ops.json")
with open(path, "w") as f:
    json.dump({"description": "every kind", "mutations": mutations}, f,
              indent=2)

srv = Server("--overlay", path)
check(srv.proc.stdout.readline() == "overlay: %s (24 mutations)\n" % path,
      "overlay line")
targets = [("artikelen", "article", "/artikelen/ART-4711", None),
           ("artikelen", "articles", "/artikelen", {"pagina": 1, "aantal": 25}),
           ("grootboek", "export", "/grootboek/export",
            {"periode": "2026-10", "formaat": "xml"}),
           ("debiteuren", "debtor", "/debiteuren/D10023", None),
           ("debiteuren", "active-debtors", "/debiteuren",
            {"actief": "true", "pagina": 1}),
           ("projecturen", "project-hours", "/projecten/P-2026-031/uren", None),
           ("facturen", "invoice", "/facturen/F2026-00117", None)]
for suite, call, p, q in targets:
    want = expected(suite, call)
    got = srv.request("GET", p, q)
    check_response(suite + "/" + call, want, got)
    headers = got[1]
    if (suite, call) == ("artikelen", "articles"):
        check("cache-control" not in headers, "header removed")
code, out, err = srv.stop()
check(code == 0, "exit %d" % code)
warn = err.splitlines()
check(len(warn) == 2, "two warnings: %r" % err)
check(re.fullmatch(r"relcheck: warning: .*ops\.json:\d+:\d+: mutation 23 "
                   r"changed nothing: no served call matches its selection "
                   r"\(suite 'facturen', call 'nope'\)", warn[0]), warn[0])
check(re.fullmatch(r"relcheck: warning: .*ops\.json:\d+:\d+: mutation 24 "
                   r"changed nothing: '\$\.bestaat_niet' is in none of the "
                   r"13 calls it selects \(every call\)", warn[1]), warn[1])
print("ok: every mutation kind applied exactly")
