#!/usr/bin/python3
"""HTTP/2 and connection reuse: relcheck record against nginx over TLS.

nginx (Debian's nginx-light) serves static JSON files on a free loopback
port with TLS and HTTP/2, logging each request's protocol and connection
number. Recording 8 calls twice each with 4 jobs must use HTTP/2 for every
request and one single connection for all of them (multiplexed), and the
ledger must count exactly the requests nginx logged.
"""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

RELCHECK = os.environ.get("RELCHECK", "build/runner/relcheck")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@unittest.skipUnless(os.path.exists(NGINX), "nginx not installed")
class Http2(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, True)
        t = self.tmp
        os.makedirs(os.path.join(t, "www", "items"))
        os.makedirs(os.path.join(t, "nginx", "logs"))
        for i in range(8):
            with open(os.path.join(t, "www", "items", "%d.json" % i),
                      "w") as fp:
                json.dump({"id": i, "name": "item %d" % i}, fp)
        self.cert = os.path.join(t, "cert.pem")
        key = os.path.join(t, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", key, "-out", self.cert, "-days",
                        "2", "-subj", "/CN=127.0.0.1", "-addext",
                        "subjectAltName=IP:127.0.0.1"], check=True,
                       capture_output=True)
        self.port = free_port()
        self.log = os.path.join(t, "nginx", "logs", "access.log")
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf = os.path.join(t, "nginx", "nginx.conf")
        with open(conf, "w") as fp:
            fp.write("""%sworker_processes 1;
daemon off;
pid %s/nginx/nginx.pid;
error_log %s/nginx/logs/error.log warn;
events { worker_connections 64; }
http {
    log_format h2 '$server_protocol $connection $request_uri $status';
    access_log %s h2;
    types { application/json json; }
    server {
        listen 127.0.0.1:%d ssl http2;
        ssl_certificate %s;
        ssl_certificate_key %s;
        root %s/www;
    }
}
""" % (user, t, t, self.log, self.port, self.cert, key, t))
        self.nginx = subprocess.Popen([NGINX, "-p", os.path.join(t, "nginx"),
                                       "-c", conf],
                                      stderr=subprocess.DEVNULL)
        self.addCleanup(self.stop)
        for _ in range(200):            # readiness: the port accepts
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                break
            except OSError:
                time.sleep(0.02)

    def stop(self):
        self.nginx.terminate()
        self.nginx.wait(timeout=10)

    def test_http2_multiplexed_on_one_connection(self):
        ws = os.path.join(self.tmp, "ws")
        os.makedirs(os.path.join(ws, "suites"))
        with open(os.path.join(ws, "relcheck.json"), "w") as fp:
            json.dump({"environments": {"h2": {
                "base_url": "https://127.0.0.1:%d" % self.port,
                "tls": {"ca_file": self.cert}, "auth": {"type": "none"}}},
                "replay": {"jobs": 4}}, fp)
        with open(os.path.join(ws, "suites", "items.json"), "w") as fp:
            json.dump({"name": "items", "programs": ["*"], "calls": [
                {"id": "i%d" % i, "path": "/items/%d.json" % i}
                for i in range(8)]}, fp)
        p = subprocess.run([RELCHECK, "record", "--env", "h2", "--quiet",
                            "--json"], cwd=ws, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        self.assertEqual(doc["summary"]["recorded"], 8)
        self.stop()                     # flushes the access log
        with open(self.log) as fp:
            lines = [l.split() for l in fp if l.strip()]
        self.assertEqual(len(lines), 16)
        self.assertEqual({l[0] for l in lines}, {"HTTP/2.0"})
        self.assertEqual(len({l[1] for l in lines}), 1)
        self.assertEqual(doc["summary"]["calls_sent"], 16)
        with open(os.path.join(ws, ".relcheck", "ledger.jsonl")) as fp:
            self.assertEqual(sum(json.loads(l)["calls"] for l in fp), 16)


if __name__ == "__main__":
    unittest.main(verbosity=2)
