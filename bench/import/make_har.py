#!/usr/bin/env python3
"""Writes a HAR of N AllSolutions-like GET entries (about 2 KB of JSON
response each, an Authorization header, a cookie and an api_key query
parameter) for the import benchmark. Usage: make_har.py N OUT"""
import json
import sys

n, out = int(sys.argv[1]), sys.argv[2]
entries = []
for i in range(n):
    rows = [{"factuurnummer": "F%06d-%d" % (i, j), "debiteur": "D%03d" % j,
             "bedrag": 100.25 + j, "iban": "NL91ABNA04171643%02d" % j,
             "status": "open", "omschrijving": "Levering artikel %d" % j}
            for j in range(12)]
    entries.append({
        "startedDateTime": "2026-11-27T09:15:03.004Z",
        "request": {"method": "GET",
                    "url": "https://erp.example.nl/api/facturen/%d?status=open"
                           "&api_key=AK-7f3e9b2c1d4a5e6f" % i,
                    "headers": [{"name": "Authorization",
                                 "value": "Bearer eyJhbGciOiJIUzI1NiJ9.x.y"},
                                {"name": "Cookie",
                                 "value": "ASP.NET_SessionId=q1w2e3r4t5y6"},
                                {"name": "Accept",
                                 "value": "application/json"}]},
        "response": {"status": 200,
                     "headers": [{"name": "Content-Type",
                                  "value": "application/json"}],
                     "content": {"mimeType": "application/json",
                                 "text": json.dumps({"facturen": rows})}}})
with open(out, "w") as f:
    json.dump({"log": {"version": "1.2", "entries": entries}}, f)
