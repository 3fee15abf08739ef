"""relcheck notice and select against a real Dovecot (Debian
dovecot-imapd) started here on free loopback ports with a temporary
configuration: plain IMAP and IMAPS with a self-signed certificate made
by openssl, a maildir with two notices and one other message, --search,
credentials through --user '${env:X}:${env:Y}', TLS verification with and
without --cacert, a refused login. Run as root, Dovecot's own users
(dovenull, dovecot) run its services and the mailbox belongs to nobody;
otherwise everything runs as the calling user. Dovecot is stopped at the
end whatever happens."""
import json
import os
import pwd
import grp
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

RELCHECK = os.environ["RELCHECK"]
SRC = os.environ["RC_SOURCE_DIR"]
FIX = os.path.join(SRC, "fixtures", "notices")
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "S3cret-imap-password-16+"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, deadline=30.0):
    """Readiness: the port accepts a connection (or Dovecot died)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None and proc.returncode != 0:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def write(path, text, mode=0o644):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)


def make_config(tmp, plain, tls, introspection_url=None):
    """Dovecot's configuration in tmp; with introspection_url, SASL
    XOAUTH2 too, its tokens checked by Dovecot's oauth2 passdb against
    that RFC 7662 introspection endpoint (test_notice_mailbox.py)."""
    root = os.getuid() == 0
    if root:
        mail_user, mail_group = "nobody", grp.getgrgid(65534).gr_name
        internal = ""
    else:
        mail_user = pwd.getpwuid(os.getuid()).pw_name
        mail_group = grp.getgrgid(os.getgid()).gr_name
        internal = (f"default_login_user = {mail_user}\n"
                    f"default_internal_user = {mail_user}\n"
                    f"default_internal_group = {mail_group}\n")
    uid = pwd.getpwnam(mail_user).pw_uid
    gid = grp.getgrnam(mail_group).gr_gid
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", f"{tmp}/key.pem", "-out",
                    f"{tmp}/cert.pem", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    write(f"{tmp}/passwd", f"qa:{{PLAIN}}{PASSWORD}::::::\n", 0o640)
    home = f"{tmp}/home/qa"
    for sub in ("cur", "new", "tmp"):
        os.makedirs(f"{home}/Maildir/{sub}", exist_ok=True)
    names = ["01-table-html.eml", "02-plain-list.eml"]
    for i, name in enumerate(names):
        shutil.copy(os.path.join(FIX, name),
                    f"{home}/Maildir/cur/{1700000000 + i}.M{i}P1.host:2,S")
    write(f"{home}/Maildir/new/1700000009.M9P1.host",
          "From: Collega <c@klant.example.nl>\nSubject: Lunch vrijdag\n"
          "Message-ID: <lunch@klant>\n\nBROODJE - kaas\n")
    mechanisms, oauth2 = "plain login", ""
    if introspection_url:
        mechanisms += " xoauth2 oauthbearer"
        write(f"{tmp}/oauth2.conf.ext",
              "introspection_mode = post\n"
              f"introspection_url = {introspection_url}\n"
              "force_introspection = yes\n"
              "username_attribute = username\n"
              "active_attribute = active\nactive_value = true\n")
        oauth2 = (f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 "
                  f"oauthbearer\n  args = {tmp}/oauth2.conf.ext\n}}\n")
    conf = f"""{internal}
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{tmp}/cert.pem
ssl_key = <{tmp}/key.pem
auth_mechanisms = {mechanisms}
disable_plaintext_auth = no
first_valid_uid = 1
mail_location = maildir:~/Maildir
{oauth2}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
    write(f"{tmp}/dovecot.conf", conf)
    os.makedirs(f"{tmp}/state", exist_ok=True)
    if root:
        subprocess.run(["chown", "-R", f"{uid}:{gid}", f"{tmp}/home"],
                       check=True)
        subprocess.run(["chgrp", "dovecot", f"{tmp}/passwd"], check=True)
        os.chmod(tmp, 0o755)
    return f"{tmp}/dovecot.conf"


class Checks:
    def __init__(self):
        self.failures = 0
        self.count = 0

    def run(self, args, cwd, env_extra=None):
        env = dict(os.environ, NO_COLOR="1")
        env.update(env_extra or {"IMAP_USER": "qa", "IMAP_PASS": PASSWORD})
        p = subprocess.run([RELCHECK] + args, cwd=cwd, env=env,
                           capture_output=True, text=True, timeout=120)
        if PASSWORD in p.stdout or PASSWORD in p.stderr:
            self.fail(f"{args}: the password appears in the output")
        return p

    def expect(self, what, cond, detail=""):
        self.count += 1
        if not cond:
            self.fail(f"{what}: {detail}")

    def fail(self, msg):
        print("FAIL", msg)
        self.failures += 1


def summary(out):
    return [(n["source"], n["release"], [p["code"] for p in n["programs"]])
            for n in json.loads(out)["notices"]]


def run_checks(c, tmp, plain, tls):
    user = ["--user", "${env:IMAP_USER}:${env:IMAP_PASS}"]
    url = f"imap://127.0.0.1:{plain}/INBOX"
    surl = f"imaps://127.0.0.1:{tls}/INBOX"
    want = [(f"{url};UID=1", "10.0.23", ["INKORD", "MZZPAR", "VFAFAC"]),
            (f"{url};UID=2", "10.0.24", ["CRDSTA", "DEBSTA", "INKORD",
                                        "MZZPAR", "PRJUUR", "VFAFAC"])]
    p = c.run(["notice", "--json", url] + user, tmp)
    c.expect("plain imap", p.returncode == 0 and summary(p.stdout) == want,
             f"{p.returncode} {p.stdout[:300]} {p.stderr}")
    p = c.run(["notice", "--json", url, "--search", 'SUBJECT "10.0.24"']
              + user, tmp)
    c.expect("--search", p.returncode == 0 and summary(p.stdout) == want[1:],
             f"{p.returncode} {p.stdout[:300]} {p.stderr}")
    p = c.run(["notice", "--json", f"{url};UID=1"] + user, tmp)
    c.expect("one UID", p.returncode == 0 and summary(p.stdout) == want[:1],
             f"{p.returncode} {p.stdout[:300]} {p.stderr}")
    p = c.run(["notice", "--json", surl, "--cacert", f"{tmp}/cert.pem"]
              + user, tmp)
    swant = [(s.replace(url, surl), r, g) for s, r, g in want]
    c.expect("imaps with --cacert",
             p.returncode == 0 and summary(p.stdout) == swant,
             f"{p.returncode} {p.stdout[:300]} {p.stderr}")
    p = c.run(["notice", surl] + user, tmp)
    c.expect("imaps without the CA is refused", p.returncode == 3 and
             p.stderr.startswith(f"relcheck: {surl}: imap search failed: ")
             and "certificate" in p.stderr, f"{p.returncode} {p.stderr}")
    p = c.run(["notice", "--json",
               f"imap://qa:{PASSWORD}@127.0.0.1:{plain}/INBOX"], tmp)
    c.expect("credentials in the URL never reach a source name",
             p.returncode == 0 and summary(p.stdout) == want,
             f"{p.returncode} {p.stdout[:300]} {p.stderr}")
    p = c.run(["notice", url] + user, tmp,
              {"IMAP_USER": "qa", "IMAP_PASS": "wrong-password-123456"})
    c.expect("refused login", p.returncode == 3 and p.stderr ==
             f"relcheck: {url}: imap login refused (check --user)\n",
             f"{p.returncode} {p.stderr}")
    p = c.run(["notice", url] + user, tmp, {"IMAP_USER": "qa"})
    c.expect("missing variable", p.returncode == 2 and p.stderr ==
             "relcheck: --user: environment variable 'IMAP_PASS' is not "
             "set\n", f"{p.returncode} {p.stderr}")
    ws = os.path.join(tmp, "ws")
    shutil.copytree(os.path.join(SRC, "tests", "data", "notice",
                                 "select-ws"), ws)
    p = c.run(["select", "--json", "--notice", surl, "--search",
               'SUBJECT "10.0.23"', "--cacert", f"{tmp}/cert.pem"] + user, ws)
    out = json.loads(p.stdout) if p.returncode == 0 else {}
    c.expect("select from imaps", p.returncode == 0 and
             [s["name"] for s in out.get("suites", [])] ==
             ["facturen", "smoke"] and
             out.get("coverage_gaps") == ["MZZPAR"] and
             "program code 'INKORD' is not in the catalog" in p.stderr,
             f"{p.returncode} {p.stdout[:400]} {p.stderr}")
    # run takes the same IMAP options; a dry run shows the selection and
    # sends nothing to the ERP.
    p = c.run(["run", "--dry-run", "--env", "acceptance", "--notice", surl,
               "--search", 'SUBJECT "10.0.23"', "--cacert",
               f"{tmp}/cert.pem"] + user, ws)
    c.expect("run --dry-run from imaps", p.returncode == 0 and
             "  facturen\n  smoke\n" in p.stdout and
             "changed programs no suite covers: MZZPAR" in p.stdout,
             f"{p.returncode} {p.stdout[:400]} {p.stderr}")


def with_dovecot(checks, what, introspection_url=None):
    """Starts Dovecot on free ports in a scratch folder, runs
    checks(c, tmp, plain, tls), stops Dovecot whatever happens, and
    returns the exit status (the Dovecot log is printed on failure)."""
    if not os.path.exists(DOVECOT):
        print("dovecot not installed (Debian dovecot-imapd)")
        return 1
    tmp = tempfile.mkdtemp(prefix="rc-dovecot-")
    proc = None
    c = Checks()
    try:
        plain, tls = free_port(), free_port()
        conf = make_config(tmp, plain, tls, introspection_url)
        proc = subprocess.Popen([DOVECOT, "-F", "-c", conf],
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        if not (wait_port(plain, proc) and wait_port(tls, proc)):
            print("dovecot did not start")
            if os.path.exists(f"{tmp}/dovecot.log"):
                print(open(f"{tmp}/dovecot.log").read())
            if proc.poll() is not None:
                print(proc.stdout.read().decode(errors="replace"))
            return 1
        checks(c, tmp, plain, tls)
        if c.failures and os.path.exists(f"{tmp}/dovecot.log"):
            print(open(f"{tmp}/dovecot.log").read())
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{c.count} {what} checks, {c.failures} failures")
    return 1 if c.failures else 0


def main():
    return with_dovecot(run_checks, "IMAP")


if __name__ == "__main__":
    sys.exit(main())
