"""notice.mailbox with OAuth2 (SPEC section 5, "A configured mailbox")
against a real Dovecot: a small OAuth2 server on loopback, started here,
gives client-credentials tokens (/token) and answers Dovecot's RFC 7662
introspection (/introspect); Dovecot's oauth2 passdb checks the token that
relcheck sends with SASL XOAUTH2. Then, on a copy of the bundled example
workspace served by `relcheck serve`:
- `relcheck notice mailbox` reads the two notices of the mailbox;
- `relcheck run --notice mailbox --new` runs from them and marks them
  with the `mark` keyword, which the server then shows (checked with
  Python's imaplib, logged in with a password);
- a second `run --notice mailbox --new` says "no new notice", exits 0
  and sends no ERP request (the call ledger does not grow); with --json
  it says so in JSON; `select --notice mailbox --new` says the same;
- a wrong client secret is exit 3 with the token endpoint's status;
- the other two auth types of the spec: basic (a password; `select`
  reads the mailbox with it, a wrong one is exit 3) and bearer (a token
  sent with SASL XOAUTH2);
- no secret or token ever appears in relcheck's output."""
import imaplib
import json
import os
import ssl
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servelib import Server, copy_workspace, point_demo_at  # noqa: E402
from test_notice_imap import PASSWORD, with_dovecot  # noqa: E402

SECRET = "client-secret-of-the-ci-runner"
CLIENT = "relcheck-ci"


class OAuth:
    """Token and introspection endpoints; remembers what was asked."""

    def __init__(self):
        self.issued = set()
        self.token_requests = 0
        self.introspections = 0
        oauth = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(n).decode())
                one = {k: v[0] for k, v in form.items()}
                if self.path == "/token":
                    status, body = oauth.token(one)
                elif self.path == "/introspect":
                    status, body = oauth.introspect(one)
                else:
                    status, body = 404, {}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever,
                         daemon=True).start()

    def token(self, form):
        self.token_requests += 1
        if (form.get("grant_type") != "client_credentials"
                or form.get("client_id") != CLIENT
                or form.get("client_secret") != SECRET):
            return 401, {"error": "invalid_client"}
        tok = f"tok-{self.token_requests}-Zq81"
        self.issued.add(tok)
        return 200, {"access_token": tok, "token_type": "Bearer",
                     "expires_in": 3600}

    def introspect(self, form):
        self.introspections += 1
        if form.get("token") in self.issued:
            return 200, {"active": True, "username": "qa"}
        return 200, {"active": False}


def ledger_calls(path):
    if not os.path.exists(path):
        return 0
    with open(path) as f:
        return sum(json.loads(line)["calls"] for line in f if line.strip())


def flags_on_server(tmp, tls):
    """UID -> flags of INBOX, read with imaplib (password login)."""
    ctx = ssl.create_default_context(cafile=f"{tmp}/cert.pem")
    with imaplib.IMAP4_SSL("127.0.0.1", tls, ssl_context=ctx) as m:
        m.login("qa", PASSWORD)
        m.select("INBOX", readonly=True)
        typ, data = m.uid("FETCH", "1:*", "(FLAGS)")
    out = {}
    for item in data:
        text = item.decode() if isinstance(item, bytes) else str(item)
        uid = text.split("UID ")[1].split()[0].rstrip(")")
        out[int(uid)] = text.split("FLAGS (")[1].split(")")[0].split()
    return out


def as_json(p):
    """The command's JSON output, {} when it failed or printed no JSON."""
    try:
        return json.loads(p.stdout) if p.returncode == 0 else {}
    except ValueError:
        return {}


def set_auth(config, auth):
    """Writes auth as notice.mailbox's auth in config."""
    with open(config) as f:
        cfg = json.load(f)
    cfg["notice"]["mailbox"]["auth"] = auth
    with open(config, "w") as f:
        json.dump(cfg, f, indent=2)


def token_from(oauth):
    """A token of the OAuth server, asked for as a CI job would."""
    form = urllib.parse.urlencode({"grant_type": "client_credentials",
                                   "client_id": CLIENT,
                                   "client_secret": SECRET}).encode()
    with urllib.request.urlopen(oauth.url + "/token", form) as r:
        return json.load(r)["access_token"]


def checks(c, tmp, plain, tls, oauth):
    run_plain = c.run

    def run_checked(args, cwd, env_extra=None):
        p = run_plain(args, cwd, env_extra)
        c.expect(f"{args}: no secret in the output",
                 SECRET not in p.stdout + p.stderr and
                 not any(t in p.stdout + p.stderr for t in oauth.issued))
        return p
    c.run = run_checked
    config = copy_workspace()
    ws = os.path.dirname(config)
    srv = Server(config=config)
    try:
        point_demo_at(config, srv.url)
        with open(config) as f:
            cfg = json.load(f)
        cfg["notice"]["mailbox"] = {
            "url": f"imaps://127.0.0.1:{tls}/INBOX", "user": "qa",
            "ca_file": f"{tmp}/cert.pem", "mark": "$relcheck",
            "auth": {"type": "oauth2", "token_url": oauth.url + "/token",
                     "client_id": CLIENT,
                     "client_secret": "${env:MAILBOX_SECRET}",
                     "scope": "https://outlook.office365.com/.default"}}
        with open(config, "w") as f:
            json.dump(cfg, f, indent=2)
        ledger = os.path.join(tmp, "ledger.jsonl")
        env = {"MAILBOX_SECRET": SECRET, "RELCHECK_LEDGER": ledger}
        box = f"imaps://127.0.0.1:{tls}/INBOX"

        p = c.run(["notice", "--json", "--config", config, "mailbox"], ws,
                  env)
        out = json.loads(p.stdout) if p.returncode == 0 else {}
        c.expect("notice mailbox over XOAUTH2", p.returncode == 0 and
                 [n["source"] for n in out.get("notices", [])] ==
                 [f"{box};UID=1", f"{box};UID=2"] and
                 oauth.token_requests == 1 and oauth.introspections >= 1,
                 f"{p.returncode} {p.stdout[:300]} {p.stderr} "
                 f"tokens={oauth.token_requests} "
                 f"introspections={oauth.introspections}")

        run = ["run", "--config", config, "--env", "demo", "--notice",
               "mailbox", "--new", "--quiet"]
        p = c.run(run + ["--out", os.path.join(ws, "reports", "first")], ws,
                  env)
        c.expect("first --new run", p.returncode in (0, 1) and
                 "mailbox: 2 notices marked $relcheck" in p.stdout,
                 f"{p.returncode} {p.stdout[-600:]} {p.stderr}")
        flags = flags_on_server(tmp, tls)
        c.expect("keyword on the server", "$relcheck" in flags.get(1, []) and
                 "$relcheck" in flags.get(2, []) and
                 "$relcheck" not in flags.get(3, []), f"{flags}")

        sent = ledger_calls(ledger)
        p = c.run(run, ws, env)
        c.expect("second --new run", p.returncode == 0 and
                 p.stdout == "no new notice\n" and
                 ledger_calls(ledger) == sent and sent > 0,
                 f"{p.returncode} {p.stdout!r} {p.stderr} ledger "
                 f"{sent} -> {ledger_calls(ledger)}")

        p = c.run(run + ["--json"], ws, env)
        c.expect("second --new run --json", as_json(p) == {
            "no_new_notice": True, "notices": [], "programs": []} and
            ledger_calls(ledger) == sent, f"{p.returncode} {p.stdout!r} "
            f"{p.stderr}")

        sel = ["select", "--config", config, "--notice", "mailbox", "--new"]
        p = c.run(sel, ws, env)
        c.expect("select --new after the run", p.returncode == 0 and
                 p.stdout == "no new notice\n",
                 f"{p.returncode} {p.stdout!r} {p.stderr}")
        p = c.run(sel + ["--json"], ws, env)
        c.expect("select --new --json after the run", p.returncode == 0 and
                 as_json(p).get("no_new_notice") is True,
                 f"{p.returncode} {p.stdout!r} {p.stderr}")

        p = c.run(["notice", "--config", config, "--new", "mailbox"], ws,
                  env)
        c.expect("notice --new after the run", p.returncode == 0 and
                 "0 notices" in p.stdout, f"{p.returncode} {p.stdout}")

        p = c.run(["notice", "--config", config, "mailbox"], ws,
                  {"MAILBOX_SECRET": "wrong-secret"})
        c.expect("wrong client secret", p.returncode == 3 and
                 "oauth2 token request failed: HTTP 401" in p.stderr,
                 f"{p.returncode} {p.stderr}")
        for tok in oauth.issued:
            c.expect("token kept secret", tok not in p.stdout + p.stderr)

        # basic: the mailbox's password; select reads every notice of it
        set_auth(config, {"type": "basic",
                          "password": "${env:MAILBOX_PASSWORD}"})
        p = c.run(["select", "--json", "--config", config, "--notice",
                   "mailbox"], ws, {"MAILBOX_PASSWORD": PASSWORD})
        out = json.loads(p.stdout) if p.returncode == 0 else {}
        c.expect("select --notice mailbox with a password",
                 [n["source"] for n in out.get("notices", [])] ==
                 [f"{box};UID=1", f"{box};UID=2"] and
                 len(out.get("suites", [])) > 0,
                 f"{p.returncode} {p.stdout[:300]} {p.stderr}")
        p = c.run(["notice", "--config", config, "mailbox"], ws,
                  {"MAILBOX_PASSWORD": "Niet-het-wachtwoord-16+"})
        c.expect("wrong mailbox password", p.returncode == 3 and
                 "imap login refused (check notice.mailbox)" in p.stderr and
                 "Niet-het-wachtwoord" not in p.stdout + p.stderr,
                 f"{p.returncode} {p.stderr}")

        # bearer: a token the CI got elsewhere, sent with SASL XOAUTH2
        token = token_from(oauth)
        asked = oauth.token_requests
        set_auth(config, {"type": "bearer", "token": "${env:MAILBOX_TOKEN}"})
        p = c.run(["notice", "--json", "--config", config, "mailbox"], ws,
                  {"MAILBOX_TOKEN": token})
        out = json.loads(p.stdout) if p.returncode == 0 else {}
        c.expect("notice mailbox with a bearer token",
                 len(out.get("notices", [])) == 2 and
                 oauth.token_requests == asked,
                 f"{p.returncode} {p.stdout[:300]} {p.stderr}")
        p = c.run(["notice", "--config", config, "mailbox"], ws,
                  {"MAILBOX_TOKEN": "tok-not-issued"})
        c.expect("unknown bearer token", p.returncode == 3 and
                 "imap login refused (check notice.mailbox)" in p.stderr,
                 f"{p.returncode} {p.stderr}")
    finally:
        srv.stop()


def main():
    oauth = OAuth()
    try:
        return with_dovecot(lambda c, tmp, plain, tls:
                            checks(c, tmp, plain, tls, oauth), "mailbox",
                            introspection_url=oauth.url + "/introspect")
    finally:
        oauth.httpd.shutdown()


if __name__ == "__main__":
    sys.exit(main())
