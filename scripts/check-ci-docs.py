#!/usr/bin/env python3
"""Runs every snippet of docs/ci.md as a user who copies it would (issue 13, item 3).

- the baseline commands (```sh blocks), on a folder of reports;
- the GitHub Actions workflow: its `run:` steps in order, with GitHub's rule that a step runs
  only while the job has not failed unless it says `if: always()`; the SARIF file the upload
  step reads must exist and be SARIF 2.1.0 with the new finding in it;
- the GitLab job's script; the JUnit artifact must exist and list the failing file;
- pre-commit itself, on a git repository of reports, with the hooks installed from this
  repository (`repo:` pointed at this checkout, `rev:` at its HEAD): the check hook must fail
  on a faulty .docx, the fix hook must rewrite a .txt.

`cargo install --git … --tag T fzlint` lines are not run (no network here); instead the
address must be the workspace's `repository`, `T` must be `v` + the workspace version (and a
tag of this repository when the clone has tags), and `fzlint` the root package. The workflow
and GitLab steps use the fzlint built from this checkout.

Usage: scripts/check-ci-docs.py [--skip-pre-commit]
pre-commit is installed from PyPI when missing. Its first run builds fzlint in release mode
into target/pre-commit (set CARGO_TARGET_DIR to change that), a few minutes when cold.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAILURES = []


def fail(what):
    FAILURES.append(what)
    print(f"FAIL: {what}", file=sys.stderr)


def check(cond, what):
    if not cond:
        fail(what)
    return cond


def sh(cmd, cwd, env=None):
    """Runs one snippet line in bash, as a CI runner does; returns (exit code, output)."""
    run = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", cmd],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    print(f"  $ {cmd}\n    -> exit {run.returncode}")
    return run.returncode, run.stdout


def code_blocks(markdown):
    return [(m.group(1), m.group(2)) for m in re.finditer(r"```(\w*)\n(.*?)```", markdown, re.S)]


# ---------------------------------------------------------------- fixtures written here

TOWN_REPORT = """西山镇2023年度法治政府建设情况报告

一、主要举措和成效
全年组织学法活动12次，开展行政执法案卷评查1次。

二、存在的不足和原因
一是执法人员培训不够系统，原因是培训经费不足；二是合法性审查力量薄弱。

三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记、镇长带头学法，主持研究法治建设工作3次。

四、2024年工作安排
继续加强执法队伍建设。

西山镇人民政府
2024年1月20日
"""

NEW_FAULTY_REPORT = TOWN_REPORT.replace("西山镇", "东岭镇").replace(
    "开展行政执法案卷评查1次", "布署行政执法案卷评查1次"
)

HALF_WIDTH = "东岭镇2023年工作要点\n\n加强组织领导,推进依法行政。\n"


def docx(paragraphs):
    """A minimal .docx (the parts Word needs) holding the given paragraphs."""
    body = "".join(
        f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + body
        + "</w:body></w:document>",
    }
    return parts


def write_docx(path, paragraphs):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in docx(paragraphs).items():
            z.writestr(name, text)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------- what install lines must say


def workspace_facts():
    with open(os.path.join(ROOT, "Cargo.toml"), "rb") as f:
        manifest = tomllib.load(f)
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ).stdout.split()
    return {
        "repository": manifest["workspace"]["package"]["repository"],
        "version": manifest["workspace"]["package"]["version"],
        "package": manifest["package"]["name"],
        "tags": tags,
    }


def check_install_line(cmd, facts, where):
    """`cargo install --locked --git URL --tag T PACKAGE`: the parts a copy depends on."""
    words = cmd.split()
    check("--locked" in words, f"{where}: `cargo install` without --locked: {cmd}")
    check(
        "--git" in words and words[words.index("--git") + 1] == facts["repository"],
        f"{where}: install address is not the workspace repository {facts['repository']}: {cmd}",
    )
    tag = words[words.index("--tag") + 1] if "--tag" in words else None
    check(
        tag == "v" + facts["version"],
        f"{where}: install tag {tag} is not v{facts['version']} (the workspace version): {cmd}",
    )
    if facts["tags"]:
        check(tag in facts["tags"], f"{where}: tag {tag} is not a tag of this repository")
    else:
        print(f"  note: this clone has no tags; {tag} checked against the version only")
    check(
        words[-1] == facts["package"],
        f"{where}: installs `{words[-1]}`, but the binary's package is `{facts['package']}`",
    )
    check("<" not in cmd, f"{where}: placeholder left in: {cmd}")


# ---------------------------------------------------------------- the snippets


def run_baseline(blocks, work, env):
    print("baseline commands")
    lines = [
        line
        for lang, body in blocks
        if lang == "sh"
        for line in body.splitlines()
        if line.startswith("fzlint check") and "baseline" in line
    ]
    check(len(lines) == 2, f"expected the two baseline commands, found {lines}")
    for line in lines:
        code, out = sh(line, work, env)
        check(code == 0, f"baseline command exited {code}: {line}\n{out}")
    check(
        os.path.exists(os.path.join(work, ".fzlint-baseline.json")),
        "the baseline file was not written",
    )


def run_github(block, work, env, facts):
    print("GitHub Actions workflow")
    workflow = __import__("yaml").safe_load(block)
    steps = workflow["jobs"]["fzlint"]["steps"]
    failed = False
    ran = {}
    for i, step in enumerate(steps):
        runs = not failed or step.get("if") == "always()"
        if "uses" in step:
            action = step["uses"]
            if "upload-sarif" in action:
                check(runs, "the SARIF upload is skipped when findings fail the job")
                path = os.path.join(work, step["with"]["sarif_file"])
                if check(os.path.exists(path), f"{path} is missing when the upload runs"):
                    with open(path, encoding="utf-8") as f:
                        sarif = json.load(f)
                    results = sarif["runs"][0]["results"]
                    check(sarif["version"] == "2.1.0", "SARIF version is not 2.1.0")
                    check(
                        any(r["ruleId"].startswith("typo/") for r in results),
                        f"the SARIF file lacks the new report's typo: {results}",
                    )
            continue
        cmd = step["run"].strip()
        if cmd.startswith("cargo install"):
            check_install_line(cmd, facts, "GitHub workflow")
            continue
        if not runs:
            print(f"  skipped (job failed): {cmd}")
            continue
        code, out = sh(cmd, work, env)
        ran[i] = (code, out)
        if code != 0:
            failed = True
        if "--format github" in cmd:
            check(code == 1, f"the annotation step should fail the job on the new error, exit {code}")
            check(
                "::error file=reports/东岭镇" in out,
                f"no annotation on the new report:\n{out}",
            )
            check("西山镇" not in out, f"a finding recorded in the baseline came back:\n{out}")
    check(failed, "the workflow never failed although a new report has an error")


def run_gitlab(block, work, env, facts):
    print("GitLab CI job")
    job = __import__("yaml").safe_load(block)["fzlint"]
    for cmd in job["script"]:
        if cmd.startswith("cargo install"):
            check_install_line(cmd, facts, "GitLab job")
            continue
        code, _ = sh(cmd, work, env)
        if code != 0:
            break  # GitLab stops the script here; artifacts `when: always` are still kept
    check(job["artifacts"]["when"] == "always", "the JUnit report is not kept when the job fails")
    path = os.path.join(work, job["artifacts"]["reports"]["junit"])
    if check(os.path.exists(path), f"{path} was not written"):
        suites = ET.parse(path).getroot()
        failing = [
            case.get("name")
            for case in suites.iter("testcase")
            if case.find("failure") is not None
        ]
        check(
            any("东岭镇" in (name or "") for name in failing),
            f"the JUnit report does not fail the new report: {failing}",
        )


def run_pre_commit(block, work):
    print("pre-commit")
    if shutil.which("pre-commit") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pre-commit"], check=True)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True
    ).stdout.strip()
    config = __import__("yaml").safe_load(block)
    repo = config["repos"][0]
    check(repo["repo"] == workspace_facts()["repository"], f"pre-commit repo is {repo['repo']}")
    check(repo["rev"] == "v" + workspace_facts()["version"], f"pre-commit rev is {repo['rev']}")
    # The same hooks, installed from this checkout at its HEAD instead of from GitHub.
    repo["repo"], repo["rev"] = ROOT, head
    git = ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.invalid"]
    project = os.path.join(work, "project")
    os.makedirs(project)
    subprocess.run(git + ["init", "-q"], cwd=project, check=True)
    write_docx(
        os.path.join(project, "东岭镇报告.docx"),
        NEW_FAULTY_REPORT.splitlines(),
    )
    write(os.path.join(project, "要点.txt"), HALF_WIDTH)
    write(os.path.join(project, ".pre-commit-config.yaml"), __import__("yaml").safe_dump(config))
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    env = dict(os.environ)
    env.setdefault("PRE_COMMIT_HOME", os.path.join(work, "pre-commit-home"))
    env.setdefault("CARGO_TARGET_DIR", os.path.join(ROOT, "target", "pre-commit"))
    run = subprocess.run(
        ["pre-commit", "run", "--all-files"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = run.stdout
    print("\n".join("    " + line for line in out.splitlines()[-25:]))
    check(run.returncode == 1, f"pre-commit should fail on the faulty report, exit {run.returncode}")
    check(
        re.search(r"fzlint check\.+Failed", out) is not None,
        "the fzlint hook did not fail",
    )
    check("东岭镇报告.docx" in out and "typo/" in out, "the .docx typo was not reported")
    check(
        re.search(r"fzlint fix\.+Failed", out) is not None and "files were modified" in out,
        "the fix hook did not rewrite the .txt",
    )
    with open(os.path.join(project, "要点.txt"), encoding="utf-8") as f:
        check("领导，推进" in f.read(), "the half-width comma was not fixed")


def main():
    skip_pre_commit = "--skip-pre-commit" in sys.argv[1:]
    with open(os.path.join(ROOT, "docs", "ci.md"), encoding="utf-8") as f:
        markdown = f.read()
    check("<this repository>" not in markdown and "<tag>" not in markdown, "placeholders in docs/ci.md")
    blocks = code_blocks(markdown)
    yaml_blocks = [body for lang, body in blocks if lang == "yaml"]
    github = next(b for b in yaml_blocks if b.startswith("# .github/workflows/"))
    gitlab = next(b for b in yaml_blocks if b.startswith("# .gitlab-ci.yml"))
    pre_commit = next(b for b in yaml_blocks if b.startswith("repos:"))
    facts = workspace_facts()

    subprocess.run(["cargo", "build", "--locked", "-q", "-p", "fzlint"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    env = dict(os.environ)
    env["PATH"] = os.path.join(target, "debug") + os.pathsep + env["PATH"]

    with tempfile.TemporaryDirectory(prefix="fzlint-ci-docs-") as work:
        # The archive as it stands: one report, recorded in the baseline.
        write(os.path.join(work, "reports", "西山镇", "2023年度报告.txt"), TOWN_REPORT.replace("全年", "布署全年"))
        run_baseline(blocks, work, env)
        # A pull request adds a report with a new error.
        write(os.path.join(work, "reports", "东岭镇", "2023年度报告.txt"), NEW_FAULTY_REPORT)
        run_github(github, work, env, facts)
        run_gitlab(gitlab, work, env, facts)
        if skip_pre_commit:
            print("pre-commit: skipped (--skip-pre-commit)")
        else:
            run_pre_commit(pre_commit, work)

    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) of docs/ci.md failed", file=sys.stderr)
        sys.exit(1)
    print("docs/ci.md: every snippet works")


if __name__ == "__main__":
    main()
