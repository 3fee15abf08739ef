"""The pipelines `relcheck init --ci` writes work when committed as they
are: each is run by tests/integration/cilib.py the way GitLab CI (scripts
under `bash -e`) or GitHub Actions runs it, on a workspace made by `relcheck
init` and filled as a user would (suites, fixtures, catalog, a release
notice saved as an .eml file in the plain folder notices/ that init made
and the pipelines name), against a loopback ERP that wants the generated login
(connection, user, password from the CI variables) in front of `relcheck
serve`. Checked: the shard jobs pass also when the shards find regressions,
the merge job's exit status is the verdict, the merged report holds every
shard's calls and the upgrade's fields."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cilib  # noqa: E402
from erplib import LoginProxy  # noqa: E402
from servelib import RELCHECK, SRC, Server  # noqa: E402

CREDENTIALS = {"AS_CONNECTION": "conn-acceptatie",
               "AS_USER": "integratie-ci",
               "AS_PASSWORD": "Een-lang-CI-wachtwoord-2026"}


def init_repo(root, ci, url):
    """relcheck init, then what a user adds before the first commit;
    returns the folder and what init printed."""
    repo = os.path.join(root, "repo-" + ci)
    printed = cilib.run_checked([RELCHECK, "init", "--dir", repo, "--ci", ci])
    for top in ("suites", "fixtures"):
        shutil.copytree(os.path.join(SRC, top), os.path.join(repo, top),
                        dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("notices", "overlays"))
    shutil.copy(os.path.join(SRC, "programs.json"), repo)
    # the notice saved from the mail client into the plain folder init
    # made (SPEC section 5: a folder of notice files, not a maildir)
    shutil.copy(os.path.join(SRC, "fixtures/notices/demo-release.eml"),
                os.path.join(repo, "notices"))
    path = os.path.join(repo, "relcheck.json")
    cfg = json.load(open(path))
    cfg["environments"]["acceptance"]["base_url"] = url
    json.dump(cfg, open(path, "w"), indent=2)
    return repo, printed


def make_repo(root, ci, url):
    return init_repo(root, ci, url)[0]


def check_local_run(root, url, env):
    """The run init's next steps tell the user to start by hand once the
    notice is in notices/, run as printed in a fresh workspace."""
    repo, printed = init_repo(root, "github", url)
    line = [ln for ln in printed.splitlines() if "notices/, then: " in ln]
    assert len(line) == 1, printed
    command = line[0].split("then: ", 1)[1]
    assert command == "relcheck run --env acceptance --notice notices/", line
    p = subprocess.run(["bash", "-e", "-c", command], cwd=repo, env=env,
                       capture_output=True, text=True)
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    runs = os.listdir(os.path.join(repo, "reports"))
    assert len(runs) == 1, runs
    result = json.load(open(os.path.join(repo, "reports", runs[0],
                                         "result.json")))
    assert [n["source"] for n in result["notices"]] == \
        ["notices/demo-release.eml"], result["notices"]
    assert result["summary"]["breaking"] > 0, result["summary"]


def runner_env(bindir):
    env = {"PATH": bindir + ":/usr/bin:/bin", "HOME": bindir,
           "NO_COLOR": "1", "LANG": "C.UTF-8"}
    return env


def check_merged(folder, verdict, shards=4):
    result = json.load(open(os.path.join(folder, "merged", "result.json")))
    assert result["run"]["complete"], result["run"]
    assert result["summary"]["verdict"] == verdict, result["summary"]
    calls = sum(len(s["calls"]) for s in result["suites"])
    assert calls == result["summary"]["calls"] and calls > 0, result
    assert result["summary"]["errors"] == 0, result["summary"]
    # the suites were chosen by the .eml read out of the plain notices/
    # folder the pipeline names (`--notice notices/`)
    assert [n["source"] for n in result["notices"]] == \
        ["notices/demo-release.eml"], result["notices"]
    assert result["programs"], result
    for f in ("report.html", "junit.xml", "report.md"):
        assert os.path.isfile(os.path.join(folder, "merged", f)), f
    return result


def main():
    tmp = tempfile.mkdtemp()
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir)
    os.symlink(RELCHECK, os.path.join(bindir, "relcheck"))
    overlay = os.path.join(SRC, "fixtures/overlays/upgrade.json")
    upgraded = Server("--overlay", overlay)
    plain = Server()
    try:
        with LoginProxy(upgraded.url, CREDENTIALS) as erp_up, \
                LoginProxy(plain.url, CREDENTIALS) as erp_same:
            # GitLab against the upgraded ERP: the shards pass, the merge
            # fails the pipeline with 1 and reports the upgrade's fields
            repo = make_repo(tmp, "gitlab", erp_up.url)
            pipeline = open(os.path.join(repo, ".gitlab-ci.yml")).read()
            env = dict(runner_env(bindir), **CREDENTIALS)
            jobs = cilib.gitlab(pipeline, repo, env, tmp)
            names = [j.name for j in jobs]
            assert names == ["relcheck:shard %d/4" % i for i in range(1, 5)] \
                + ["relcheck:merge"], jobs
            for j in jobs[:4]:
                assert j.status == 0, j
            assert jobs[4].status == 1, jobs[4]
            result = check_merged(jobs[4].folder, "fail")
            assert result["summary"]["breaking"] > 0, result["summary"]
            assert erp_up.logins > 0 and erp_up.refused == 0, erp_up.stats()

            # a wrong password is an environment error in every shard, and
            # the merge says so with 3
            bad = dict(env, AS_PASSWORD="Niet-het-goede-wachtwoord-2026")
            jobs = cilib.gitlab(pipeline, repo, bad, tmp + "/bad")
            assert [j.status for j in jobs] == [0, 0, 0, 0, 3], jobs

            # by hand, as init's next steps say, without CI
            check_local_run(tmp + "/local", erp_up.url, env)

            # GitHub against the unchanged ERP: everything passes
            repo = make_repo(tmp, "github", erp_same.url)
            workflow = open(os.path.join(
                repo, ".github/workflows/relcheck.yml")).read()
            jobs = cilib.github(workflow, repo, CREDENTIALS,
                                runner_env(bindir), tmp)
            assert [j.name for j in jobs] == ["shard-1", "shard-2",
                                              "shard-3", "shard-4",
                                              "merge"], jobs
            for j in jobs:
                assert j.status == 0, j
            check_merged(jobs[4].folder, "pass")
    finally:
        upgraded.stop()
        plain.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
