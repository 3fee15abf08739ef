"""Every YAML snippet of docs/ci.md works as the page says: the GitLab
pipeline (with the merge-request comment added to `relcheck:merge`, as the
page tells) and the GitHub workflow run through tests/integration/cilib.py
on a workspace made by `relcheck init`, against a loopback ERP with the
upgrade overlay; the shards pass, the merge fails with 1 and its report
holds the upgrade; the comment reaches a loopback GitLab API with the
merged report.md as its body. A snippet this test cannot place fails it,
so the page cannot grow an untested recipe."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cilib  # noqa: E402
from erplib import LoginProxy  # noqa: E402
from servelib import RELCHECK, SRC, Server  # noqa: E402
from test_init_ci import (CREDENTIALS, check_merged, make_repo,  # noqa: E402
                          runner_env)


def snippets():
    """(the paragraph before, parsed YAML) for each ```yaml block."""
    text = open(os.path.join(SRC, "docs", "ci.md"), encoding="utf-8").read()
    out = []
    for m in re.finditer(r"```yaml\n(.*?)```", text, re.S):
        before = text[:m.start()].rstrip().rsplit("\n\n", 1)[-1]
        out.append((before, yaml.safe_load(m.group(1))))
    return out


class GitLabApi:
    """Records the merge-request notes posted to it."""

    def __init__(self):
        self.notes = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(n).decode())
                api.notes.append((self.path,
                                  self.headers.get("PRIVATE-TOKEN"),
                                  form.get("body", [""])[0]))
                self.send_response(201)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/api/v4" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def uses_mailbox(doc):
    return "--notice mailbox" in yaml.safe_dump(doc)


def classify(blocks):
    """The recipes of the page: the sharded GitLab pipeline (with the
    fragments the page says to add to one of its jobs), the sharded GitHub
    workflow, and the scheduled mailbox recipes (issue 17's), which read
    an IMAP mailbox: their mailbox part is run against Dovecot by
    test_notice_mailbox.py; here they are checked to be well-formed jobs
    of their service that run `relcheck run --notice mailbox --new`."""
    gitlab = github = None
    mailbox = []
    for before, doc in blocks:
        if uses_mailbox(doc):
            mailbox.append(doc)
        elif "jobs" in doc:
            assert github is None, "two sharded GitHub workflows"
            github = doc
        elif "stages" in doc:
            assert gitlab is None, "two sharded GitLab pipelines"
            gitlab = doc
        else:
            m = re.search(r"add to `([^`]+)`", before)
            assert m and gitlab and m.group(1) in gitlab, \
                "snippet not placed: %r" % before
            gitlab[m.group(1)].update(doc)
    assert gitlab and github, "docs/ci.md lost a recipe"
    for doc in mailbox:
        jobs = doc["jobs"].values() if "jobs" in doc else doc.values()
        for job in jobs:
            steps = job.get("steps") or [{"run": "\n".join(job["script"])}]
            runs = [st["run"] for st in steps if "run" in st]
            assert any("relcheck run" in r and "--new" in r for r in runs), job
    return gitlab, github


PERSONAL = {"<redacted:5e0c9a1f7b3d2e48>": "NL91ABNA0417164300"}


def clear_erp(tmp):
    """A copy of the bundled workspace whose fixtures hold personal data in
    clear, for `relcheck serve`: an ERP as it answers, before redaction."""
    raw = os.path.join(tmp, "clear-erp")
    for top in ("suites", "fixtures"):
        shutil.copytree(os.path.join(SRC, top), os.path.join(raw, top),
                        ignore=shutil.ignore_patterns("notices", "overlays"))
    for f in ("relcheck.json", "programs.json"):
        shutil.copy(os.path.join(SRC, f), raw)
    for root, _, names in os.walk(os.path.join(raw, "fixtures")):
        for n in names:
            path = os.path.join(root, n)
            text = open(path, encoding="utf-8").read()
            for mark, value in PERSONAL.items():
                text = text.replace(mark, value)
            open(path, "w", encoding="utf-8").write(text)
    return os.path.join(raw, "relcheck.json")


def recorded_elsewhere(tmp, erp_url, env):
    """The repository as the people who record push it: fixtures recorded
    with their key (which stays on their machine, .gitignore'd). Returns
    the repository and the key."""
    repo = make_repo(tmp, "gitlab", erp_url)
    p = subprocess.run(["relcheck", "record", "--env", "acceptance",
                        "--update", "--quiet"], cwd=repo, env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, (p.stdout, p.stderr)
    key = open(os.path.join(repo, ".relcheck", "key")).read().strip()
    debtor = json.load(open(os.path.join(repo, "fixtures", "debiteuren",
                                         "debtor.json")))
    assert debtor["redaction_key"] == \
        hashlib.sha256(bytes.fromhex(key)).hexdigest()[:8], debtor
    iban = debtor["response"]["body"]["debiteur"]["iban"]
    assert iban.startswith("<redacted:") and iban not in PERSONAL, iban
    shutil.rmtree(os.path.join(repo, ".relcheck"))
    return repo, key


def erp_requests(erp):
    return erp.logins + erp.refused + erp.relayed


def check_key_and_ledger(gitlab, github, tmp, bindir):
    """The section on the ledger and the key, run as the page says."""
    clear = Server(config=clear_erp(tmp))
    try:
        with LoginProxy(clear.url, CREDENTIALS) as erp:
            env = dict(runner_env(bindir), **CREDENTIALS)
            repo, key = recorded_elsewhere(os.path.join(tmp, "elsewhere"),
                                           erp.url, env)
            jobs = cilib.gitlab(gitlab, repo,
                                dict(env, RELCHECK_REDACT_KEY=key),
                                os.path.join(tmp, "keyed"))
            assert [j.status for j in jobs] == [0, 0, 0, 0, 0], jobs
            result = check_merged(jobs[-1].folder, "pass")
            assert result["summary"]["changed"] == 0, result["fields"]
            debtor = [c for s in result["suites"] for c in s["calls"]
                      if s["name"] == "debiteuren" and c["id"] == "debtor"]
            assert [c["outcome"] for c in debtor] == ["same"], debtor
            month = time.strftime("%Y-%m", time.gmtime())
            counted = 0
            for j in jobs[:4]:
                ledger = os.path.join(j.folder, ".relcheck-ledger",
                                      month + ".jsonl")
                counted += sum(json.loads(line)["calls"]
                               for line in open(ledger))
                assert not os.path.exists(os.path.join(
                    j.folder, ".relcheck", "ledger.jsonl")), j
            assert counted == result["run"]["calls_sent"] > 0, \
                (counted, result["run"])

            before = erp_requests(erp)
            wrong = "0f" * 32
            jobs = cilib.gitlab(gitlab, repo,
                                dict(env, RELCHECK_REDACT_KEY=wrong),
                                os.path.join(tmp, "wrong-key"))
            assert [j.status for j in jobs] == [1, 1, 1, 1], jobs
            for j in jobs:
                assert "recorded with redaction key" in j.err, j
                assert wrong not in j.err + j.out, j
            assert erp_requests(erp) == before, erp.stats()

            jobs = cilib.github(github, repo, dict(
                CREDENTIALS, RELCHECK_REDACT_KEY=key), runner_env(bindir),
                os.path.join(tmp, "keyed-github"))
            assert [j.status for j in jobs] == [0, 0, 0, 0, 0], jobs
            assert check_merged(jobs[-1].folder, "pass")["summary"][
                "changed"] == 0
    finally:
        clear.stop()


def main():
    gitlab, github = classify(snippets())
    tmp = tempfile.mkdtemp()
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    os.symlink(RELCHECK, os.path.join(bindir, "relcheck"))
    api = GitLabApi()
    upgraded = Server("--overlay",
                      os.path.join(SRC, "fixtures/overlays/upgrade.json"))
    try:
        with LoginProxy(upgraded.url, CREDENTIALS) as erp:
            repo = make_repo(tmp, "gitlab", erp.url)
            env = dict(runner_env(bindir), **CREDENTIALS)
            env.update(CI_MERGE_REQUEST_IID="7", CI_PROJECT_ID="42",
                       CI_API_V4_URL=api.url, GITLAB_TOKEN="glpat-test")
            jobs = cilib.gitlab(gitlab, repo, env, tmp)
            assert [j.status for j in jobs] == [0, 0, 0, 0, 1], jobs
            check_merged(jobs[-1].folder, "fail")
            report = open(os.path.join(jobs[-1].folder, "merged",
                                       "report.md")).read()
            assert api.notes == [("/api/v4/projects/42/merge_requests/7/notes",
                                  "glpat-test", report)], api.notes[:1]

            repo = make_repo(tmp, "github", erp.url)
            jobs = cilib.github(github, repo, CREDENTIALS,
                                runner_env(bindir), tmp)
            assert [j.status for j in jobs] == [0, 0, 0, 0, 1], jobs
            check_merged(jobs[-1].folder, "fail")
            report = open(os.path.join(jobs[-1].folder, "merged",
                                       "report.md")).read()
            summary = open(os.path.join(tmp, "summary-merge")).read()
            assert summary == report and "FAIL" in report.upper(), summary
        check_key_and_ledger(gitlab, github, tmp, bindir)
    finally:
        upgraded.stop()
        api.server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
