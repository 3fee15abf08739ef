"""Writes a workspace of N recorded GET calls with about 2 KB JSON bodies
(one suite, N fixtures) for the serve benchmark, plus the curl config that
fetches every call once. Usage: gen.py DIR N"""
import json
import os
import sys

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(out, "suites"), exist_ok=True)
os.makedirs(os.path.join(out, "fixtures", "bench"), exist_ok=True)
os.makedirs(os.path.join(out, "static", "items"), exist_ok=True)
with open(os.path.join(out, "relcheck.json"), "w") as f:
    json.dump({"environments": {"b": {"base_url": "http://127.0.0.1:8080"}}}, f)
calls = [{"id": "item-%d" % i, "path": "/items/%d" % i} for i in range(n)]
with open(os.path.join(out, "suites", "bench.json"), "w") as f:
    json.dump({"name": "bench", "programs": ["*"], "calls": calls}, f)
for i in range(n):
    body = {"id": i, "artikelcode": "ART-%05d" % i,
            "omschrijving": "Artikel nummer %d met een wat langere omschrijving" % i,
            "prijs": round(10 + i * 0.37, 2), "voorraad": i % 17,
            "regels": [{"regel": r, "bedrag": round(r * 1.25 + i % 7, 2),
                        "tekst": "regeltekst %d-%d" % (i, r)} for r in range(22)]}
    with open(os.path.join(out, "fixtures", "bench", "item-%d.json" % i), "w") as f:
        json.dump({"suite": "bench", "call": "item-%d" % i,
                   "request": {"method": "GET", "url": "http://h/items/%d" % i},
                   "response": {"status": 200,
                                "headers": {"content-type": "application/json"},
                                "body": body}}, f)
    # the same bytes as static files, for nginx
    with open(os.path.join(out, "static", "items", str(i)), "w") as f:
        f.write(json.dumps(body, separators=(",", ":"), ensure_ascii=False))
with open(os.path.join(out, "urls.txt"), "w") as f:
    for i in range(n):
        f.write('url = "http://127.0.0.1:PORT/items/%d"\noutput = "/dev/null"\n' % i)
