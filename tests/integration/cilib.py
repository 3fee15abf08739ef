"""A small stand-in for GitLab CI and GitHub Actions, to run the pipelines
relcheck writes (`relcheck init --ci`) and the recipes of docs/ci.md the
way those services run them, on this machine.

What is emulated, because the recipes depend on it:
- GitLab: stages in order; `parallel: N` (CI_NODE_INDEX, CI_NODE_TOTAL);
  global and job `variables`; before_script and script run as one script
  under `bash -e -o pipefail` (GitLab's shell runs scripts with errexit, so
  a command that fails ends the job); after_script in a shell of its own,
  its failure ignored; `artifacts` (paths, `when`) handed to the jobs of
  later stages; a job of a later stage does not start when a job it needs
  failed. `image`, `cache`, `expose_as` and `reports` are not emulated.
- GitHub Actions: jobs in `needs` order, `strategy.matrix` (one axis),
  job `if`; steps' `run` under `bash --noprofile --norc -eo pipefail`
  (GitHub's default shell), step `if` (always(), success(), failure(),
  `==` on github.event_name), `${{ }}` expressions for matrix, secrets,
  github.*, steps.ID.outputs.NAME ($GITHUB_OUTPUT); actions/checkout (a
  fresh copy of the repository), actions/upload-artifact and
  actions/download-artifact (name, path, pattern); actions/cache is a no-op.
Every job starts from a fresh copy of the repository folder, as on a
runner that starts empty."""
import fnmatch
import glob
import os
import re
import shutil
import subprocess
import tempfile

import yaml


def _copy_into(src_root, rel, dst_root):
    src = os.path.join(src_root, rel)
    dst = os.path.join(dst_root, rel)
    if os.path.isdir(src):
        shutil.copytree(src, dst, dirs_exist_ok=True)
    elif os.path.exists(src):
        os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
        shutil.copy2(src, dst)


class Job:
    """The outcome of one job run: name, exit status, output, folder."""

    def __init__(self, name, status, out, err, folder):
        self.name, self.status, self.out, self.err = name, status, out, err
        self.folder = folder

    def __repr__(self):
        return "Job(%s, %s)\n--- stdout\n%s\n--- stderr\n%s" % (
            self.name, self.status, self.out[-3000:], self.err[-3000:])


def _bash(script, cwd, env, args):
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        p = subprocess.run(["bash", *args, path], cwd=cwd, env=env,
                           capture_output=True, text=True, timeout=600)
        return p.returncode, p.stdout, p.stderr
    finally:
        os.unlink(path)


# ---------------------------------------------------------------- GitLab

GITLAB_KEYWORDS = {"stages", "variables", "default", "workflow", "include",
                   "image", "services", "cache", "before_script",
                   "after_script"}


def _lines(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def gitlab(pipeline, repo, variables, scratch):
    """Runs the GitLab pipeline (a dict or YAML text) on a copy of repo.
    variables: the CI/CD variables (and PATH). Returns the jobs run, in
    order, as Job objects; a job that did not start is absent."""
    if isinstance(pipeline, str):
        pipeline = yaml.safe_load(pipeline)
    stages = pipeline.get("stages", ["build", "test", "deploy"])
    jobs = {k: v for k, v in pipeline.items()
            if k not in GITLAB_KEYWORDS and not k.startswith(".")
            and isinstance(v, dict)}
    artifacts = os.path.join(scratch, "gitlab-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    done, failed = [], set()
    for stage in stages:
        for name, job in jobs.items():
            if job.get("stage", "test") != stage:
                continue
            needs = [n["job"] if isinstance(n, dict) else n
                     for n in job.get("needs", [])]
            if any(n in failed for n in needs) or (not needs and failed):
                continue
            n = int(job.get("parallel", 1))
            for index in range(1, n + 1):
                j = _gitlab_job(pipeline, name, job, index if n > 1 else 0,
                                n, repo, variables, scratch, artifacts)
                done.append(j)
                if j.status != 0:
                    failed.add(name)
    return done


def _gitlab_job(pipeline, name, job, index, total, repo, variables, scratch,
                artifacts):
    folder = os.path.join(scratch, "gitlab-%s-%d" % (
        re.sub(r"[^A-Za-z0-9]+", "-", name), index))
    shutil.copytree(repo, folder)
    shutil.copytree(artifacts, folder, dirs_exist_ok=True)
    env = dict(variables)
    for k, v in (pipeline.get("variables") or {}).items():
        env[k] = str(v)
    for k, v in (job.get("variables") or {}).items():
        env[k] = str(v)
    env.update(CI="true", GITLAB_CI="true", CI_PROJECT_DIR=folder,
               CI_JOB_NAME=name)
    if index:
        env.update(CI_NODE_INDEX=str(index), CI_NODE_TOTAL=str(total))
    lines = (_lines(job.get("before_script",
                            pipeline.get("before_script")))
             + _lines(job.get("script")))
    status, out, err = _bash("\n".join(lines) + "\n", folder, env,
                             ["-e", "-o", "pipefail"])
    after = _lines(job.get("after_script", pipeline.get("after_script")))
    if after:
        _, aout, aerr = _bash("\n".join(after) + "\n", folder, env,
                              ["-e", "-o", "pipefail"])
        out += aout
        err += aerr
    art = job.get("artifacts") or {}
    if status == 0 or art.get("when") == "always":
        for pattern in art.get("paths", []):
            for path in glob.glob(os.path.join(folder, pattern)):
                _copy_into(folder, os.path.relpath(path, folder), artifacts)
    return Job("%s %d/%d" % (name, index, total) if index else name,
               status, out, err, folder)


# ---------------------------------------------------------------- GitHub

def _expr_value(expr, ctx):
    expr = expr.strip()
    m = re.fullmatch(r"'([^']*)'", expr)
    if m:
        return m.group(1)
    v = ctx
    for part in expr.split("."):
        if not isinstance(v, dict) or part not in v:
            return ""
        v = v[part]
    return v


def _expand(text, ctx):
    return re.sub(r"\$\{\{(.*?)\}\}",
                  lambda m: str(_expr_value(m.group(1), ctx)), str(text))


def _condition(cond, ctx, ok):
    """Evaluates the `if` expressions the recipes use."""
    if cond is None:
        return ok
    cond = re.sub(r"^\$\{\{(.*)\}\}$", r"\1", str(cond).strip())
    result = True
    has_status = False
    for term in cond.split("&&"):
        term = term.strip()
        if term == "always()":
            has_status = True
        elif term == "success()":
            has_status, result = True, result and ok
        elif term == "failure()":
            has_status, result = True, result and not ok
        elif "==" in term:
            a, b = term.split("==", 1)
            result = result and _expr_value(a, ctx) == _expr_value(b, ctx)
        elif "!=" in term:
            a, b = term.split("!=", 1)
            result = result and _expr_value(a, ctx) != _expr_value(b, ctx)
        else:
            raise AssertionError("cilib: cannot evaluate if: %r" % cond)
    return result and (has_status or ok)


def github(workflow, repo, secrets, path_env, scratch,
           event="workflow_dispatch"):
    """Runs the GitHub Actions workflow (a dict or YAML text) on copies of
    repo. secrets: the repository secrets; path_env: PATH and any variable
    the runner has. Returns the jobs run, in order, as Job objects."""
    if isinstance(workflow, str):
        workflow = yaml.safe_load(workflow)
    artifacts = os.path.join(scratch, "github-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    results, status_of, pending = [], {}, dict(workflow["jobs"])
    while pending:
        ready = [n for n, j in pending.items()
                 if all(d in status_of for d in _lines(j.get("needs")))]
        assert ready, "cilib: jobs wait for each other: %s" % list(pending)
        for name in ready:
            job = pending.pop(name)
            needs_ok = all(status_of[d] for d in _lines(job.get("needs")))
            ctx = {"github": {"event_name": event}}
            if not _condition(job.get("if"), ctx, needs_ok):
                status_of[name] = False
                continue
            ok_all = True
            matrix = (job.get("strategy") or {}).get("matrix") or {}
            combos = [{}]
            for axis, values in matrix.items():
                combos = [dict(c, **{axis: v}) for c in combos
                          for v in values]
            for combo in combos:
                j = _github_job(workflow, name, job, combo, repo, secrets,
                                path_env, scratch, artifacts, event)
                results.append(j)
                ok_all = ok_all and j.status == 0
            status_of[name] = ok_all
    return results


def _github_job(workflow, name, job, combo, repo, secrets, path_env,
                scratch, artifacts, event):
    label = name + "".join("-%s" % v for v in combo.values())
    folder = os.path.join(scratch, "github-" + label)
    os.makedirs(folder)
    ctx = {"matrix": combo, "secrets": secrets,
           "github": {"workspace": folder, "event_name": event,
                      "run_id": "1", "token": "", "event": {}},
           "steps": {}}
    base_env = dict(path_env)
    for k, v in (workflow.get("env") or {}).items():
        base_env[k] = _expand(v, ctx)
    for k, v in (job.get("env") or {}).items():
        base_env[k] = _expand(v, ctx)
    summary = os.path.join(scratch, "summary-" + label)
    base_env.update(CI="true", GITHUB_ACTIONS="true",
                    GITHUB_WORKSPACE=folder, GITHUB_STEP_SUMMARY=summary,
                    GITHUB_EVENT_NAME=event)
    ok, out, err = True, "", ""
    for step in job["steps"]:
        if not _condition(step.get("if"), ctx, ok):
            continue
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout@"):
            shutil.copytree(repo, folder, dirs_exist_ok=True)
        elif uses.startswith("actions/upload-artifact@"):
            _upload(step.get("with", {}), ctx, folder, artifacts)
        elif uses.startswith("actions/download-artifact@"):
            _download(step.get("with", {}), ctx, folder, artifacts)
        elif uses.startswith("actions/cache@"):
            pass
        elif "run" in step:
            env = dict(base_env)
            for k, v in (step.get("env") or {}).items():
                env[k] = _expand(v, ctx)
            output = os.path.join(scratch, "output-%s-%d" % (label,
                                                             len(out)))
            open(output, "w").close()
            env["GITHUB_OUTPUT"] = output
            status, o, e = _bash(_expand(step["run"], ctx), folder, env,
                                 ["--noprofile", "--norc", "-eo",
                                  "pipefail"])
            out, err = out + o, err + e
            if "id" in step:
                outputs = dict(line.split("=", 1) for line in
                               open(output).read().splitlines() if "=" in line)
                ctx["steps"][step["id"]] = {"outputs": outputs}
            ok = ok and status == 0
            if status != 0:
                last = status
        else:
            raise AssertionError("cilib: step not emulated: %r" % step)
    return Job(label, 0 if ok else last, out, err, folder)


def _upload(w, ctx, folder, artifacts):
    name = _expand(w.get("name", "artifact"), ctx)
    dst = os.path.join(artifacts, name)
    paths = [p.strip() for p in _expand(w["path"], ctx).splitlines()
             if p.strip()]
    if len(paths) == 1 and os.path.isdir(os.path.join(folder, paths[0])):
        shutil.copytree(os.path.join(folder, paths[0]), dst,
                        dirs_exist_ok=True)
        return
    for p in paths:      # several paths keep their common folder's layout
        _copy_into(folder, p, dst)


def _download(w, ctx, folder, artifacts):
    target = os.path.join(folder, _expand(w.get("path", "."), ctx))
    pattern = _expand(w.get("pattern", w.get("name", "*")), ctx)
    for name in sorted(os.listdir(artifacts)):
        if fnmatch.fnmatch(name, pattern):
            sub = target if "name" in w else os.path.join(target, name)
            shutil.copytree(os.path.join(artifacts, name), sub,
                            dirs_exist_ok=True)


def run_checked(argv, **kw):
    """Runs a command that must succeed; returns its stdout."""
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    assert p.returncode == 0, (argv, p.returncode, p.stdout, p.stderr)
    return p.stdout
