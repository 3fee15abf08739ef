#!/usr/bin/python3
"""A loopback stand-in for an AllSolutions ERP before or after an upgrade,
for relcheck's end-to-end run tests (standard library only).

--mode before|after chooses the behaviour; after the upgrade these fields
change (the known list the tests assert):
  GET /facturen        $.facturen[*].bedrag real -> string (type),
                       $.facturen[*].status value (changed),
                       $.facturen[*].valuta removed, $.facturen[*].btw added,
                       the array shuffled (keyed by factuurnummer: no finding)
  GET /debiteuren/D100 status 200 -> 404 (status)
  GET /parameters      JSON -> an HTML error page (content type, body type)
  GET /grootboek       XML: <Omschrijving> text changed, @versie changed
  GET /items/N         identical before and after (for volume tests)
Volatile on every call in both modes: generated_at, request_id (noise).
--flaky P answers a share P of requests 503 with Retry-After: 0 first.
--delay S sleeps S seconds before each answer.
Every request is logged as a JSON line to --log before it is answered.
Prints "PORT n" once listening on a free port.
"""
import argparse
import json
import random
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


def facturen(mode):
    rows = []
    for i in range(1, 6):
        row = {"factuurnummer": "F%03d" % i, "debiteur": "D%d" % (100 + i),
               "bedrag": 100.25 * i, "status": "open", "valuta": "EUR"}
        if mode == "after":
            row["bedrag"] = "%.2f" % row["bedrag"]
            del row["valuta"]
            row["btw"] = 21
            if i == 3:
                row["status"] = "betaald"
        rows.append(row)
    if mode == "after":
        rows.reverse()
    return {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%S.") +
            str(time.time_ns() % 1000000), "request_id": str(uuid.uuid4()),
            "facturen": rows}


def grootboek(mode):
    versie = "2" if mode == "after" else "1"
    oms = "Omzet hoog" if mode == "after" else "Omzet"
    return ('<?xml version="1.0"?>\n<Grootboek versie="%s">'
            '<Rekening nr="8000"><Omschrijving>%s</Omschrijving>'
            '<Saldo>1200.50</Saldo></Rekening>'
            '<Rekening nr="8100"><Omschrijving>Kosten</Omschrijving>'
            '<Saldo>300.00</Saldo></Rekening>'
            '<Gegenereerd>%s</Gegenereerd></Grootboek>\n'
            % (versie, oms, time.time_ns())).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, data, ctype, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        srv = self.server
        with LOCK:
            with open(srv.log, "a") as fp:
                fp.write(json.dumps({"method": "GET", "path": self.path,
                                     "at": time.time()}) + "\n")
        if srv.delay:
            time.sleep(srv.delay)
        if srv.flaky and srv.rng.random() < srv.flaky:
            return self.reply(503, b'{"error":"busy"}', "application/json",
                              {"Retry-After": "0"})
        path = self.path.split("?")[0]
        mode = srv.mode
        if path == "/facturen":
            return self.reply(200, json.dumps(facturen(mode)).encode(),
                              "application/json")
        if path == "/debiteuren/D100":
            if mode == "after":
                return self.reply(404, b'{"error":"not found"}',
                                  "application/json")
            return self.reply(200, json.dumps(
                {"nummer": "D100", "naam": "Bakkerij de Vries",
                 "request_id": str(uuid.uuid4())}).encode(),
                "application/json")
        if path == "/parameters":
            if mode == "after":
                return self.reply(500, b"<html><body><h1>Internal error"
                                  b"</h1></body></html>", "text/html")
            return self.reply(200, b'{"administratie": 1, "valuta": "EUR"}',
                              "application/json")
        if path == "/grootboek":
            return self.reply(200, grootboek(mode), "application/xml")
        if path.startswith("/items/"):
            n = path.rsplit("/", 1)[1]
            return self.reply(200, json.dumps(
                {"id": n, "naam": "Artikel %s" % n, "prijs": 9.95,
                 "voorraad": 12}).encode(), "application/json")
        return self.reply(404, b'{"error":"no route"}', "application/json")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["before", "after"], required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--flaky", type=float, default=0.0)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.mode, srv.log, srv.flaky, srv.delay = a.mode, a.log, a.flaky, a.delay
    srv.rng = random.Random(a.seed)
    print("PORT %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
