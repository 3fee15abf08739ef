"""relcheck serve --overlay with the bundled upgrade overlay: each mutation
is applied exactly (compared byte for byte with the fixture changed by
hand), and the calls it does not select are served unchanged apart from
the global header."""
import copy
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import (Server, SRC, calls_with_variables, check,
                      check_response, fixture)

OVERLAY = os.path.join(SRC, "fixtures", "overlays", "upgrade.json")


def expected(suite, call):
    """The fixture's response as the bundled overlay changes it."""
    r = copy.deepcopy(fixture(suite, call)["response"])
    r["headers"]["x-allsolutions-release"] = "10.0.23"
    key = (suite, call)
    if key == ("facturen", "open-invoices"):
        for f in r["body"]["facturen"]:
            del f["btw_bedrag"]
            f["bedrag_incl_btw"] = json.dumps(f["bedrag_incl_btw"])
    elif key == ("facturen", "invoice"):
        r["body"]["factuur"]["e_factuur"] = {"formaat": "UBL-OHNL 2.0",
                                             "verzonden_via": "Peppol"}
    elif key == ("debiteuren", "debtor"):
        r["body"]["debiteur"]["betaaltermijn"] = 14
    elif key == ("verkooporders", "create-order"):
        r["status"] = 200
    elif key == ("grootboek", "export"):
        t = r["body_text"].replace('versie="2.3"', 'versie="2.4"', 1)
        t = t.replace("<Omschrijving>", "<Toelichting>")
        r["body_text"] = t.replace("</Omschrijving>", "</Toelichting>")
    elif key == ("projecturen", "week-hours"):
        r["headers"]["content-type"] = "application/json; charset=utf-8"
    return r


srv = Server("--overlay", OVERLAY)
check(srv.proc.stdout.readline().startswith("overlay: "), "overlay line")
n = 0
for s, c, path, query in calls_with_variables():
    want = expected(s["name"], c["id"])
    got = srv.request(c["method"], path, query, c.get("body"),
                      c.get("headers"))
    check_response("%s/%s" % (s["name"], c["id"]), want, got)
    n += 1
check(n == 13, "%d calls checked" % n)
code, out, err = srv.stop()
check(code == 0, "exit status %d" % code)
check(err == "", "an overlay whose mutations all apply warns nothing: %r"
      % err)
print("ok: overlay applied exactly to %d calls" % n)
