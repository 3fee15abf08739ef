#!/usr/bin/python3
"""Peak memory of `relcheck run` at 2,000 and 20,000 calls (SPEC section 7:
memory stays flat; bounded by the largest response, not the run's size).

Builds a workspace of N GET calls against tests/servers/upgrade_server.py
(--mode after, /items/N), writes each call's fixture directly with one
changed field (so every call has a difference to keep), runs relcheck once
per size and prints the peak resident set (ru_maxrss of the child) and the
wall time. Usage: bench/run/memory.py [RELCHECK] [SIZES...]"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
SERVER = os.path.join(SRC, "tests", "servers", "upgrade_server.py")


def workspace(ws, n, port):
    os.makedirs(os.path.join(ws, "suites"))
    with open(os.path.join(ws, "relcheck.json"), "w") as fp:
        json.dump({"environments": {"after": {
            "base_url": "http://127.0.0.1:%d" % port}},
            "budget": {"monthly_calls": 0},
            "replay": {"jobs": 16}}, fp)
    calls = [{"id": "item-%d" % i, "path": "/items/%d" % i}
             for i in range(n)]
    with open(os.path.join(ws, "suites", "artikelen.json"), "w") as fp:
        json.dump({"name": "artikelen", "programs": ["*"], "calls": calls},
                  fp)
    d = os.path.join(ws, "fixtures", "artikelen")
    os.makedirs(d)
    for i in range(n):
        body = {"id": str(i), "naam": "Artikel %d" % i, "prijs": 8.95,
                "voorraad": 12}
        with open(os.path.join(d, "item-%d.json" % i), "w") as fp:
            json.dump({"suite": "artikelen", "call": "item-%d" % i,
                       "response": {"status": 200, "headers": {
                           "content-type": "application/json"},
                           "body": body}}, fp)


def measure(relcheck, n):
    tmp = tempfile.mkdtemp(prefix="rc-bench-mem-")
    log = os.path.join(tmp, "server.log")
    srv = subprocess.Popen(["/usr/bin/python3", SERVER, "--mode", "after",
                            "--log", log], stdout=subprocess.PIPE, text=True)
    port = int(srv.stdout.readline().split()[1])
    try:
        ws = os.path.join(tmp, "ws")
        workspace(ws, n, port)
        t0 = time.time()
        # A fresh interpreter waits for relcheck alone, so its children's
        # ru_maxrss is relcheck's peak (not the server's, not an earlier
        # size's).
        probe = ("import resource, subprocess, sys\n"
                 "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
                 "print(p.returncode, resource.getrusage("
                 "resource.RUSAGE_CHILDREN).ru_maxrss)\n"
                 "sys.stderr.write(p.stderr.decode())\n")
        p = subprocess.run(["/usr/bin/python3", "-c", probe, relcheck, "run",
                            "--env", "after", "--all", "--out", "run",
                            "--quiet", "--format", "md"],
                           cwd=ws, capture_output=True, text=True)
        wall = time.time() - t0
        status, peak = (int(x) for x in p.stdout.split())
        if status != 1:
            sys.exit("run exited %d: %s" % (status, p.stderr))
        return peak, wall
    finally:
        srv.terminate()
        srv.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    relcheck = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                               os.path.join(SRC, "build", "runner",
                                            "relcheck"))
    sizes = [int(x) for x in sys.argv[2:]] or [2000, 20000]
    print("| calls | peak RSS (MiB) | wall (s) |")
    print("|---:|---:|---:|")
    for n in sizes:
        peak, wall = measure(relcheck, n)
        print("| %d | %.1f | %.1f |" % (n, peak / 1024.0, wall))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
