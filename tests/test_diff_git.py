"""``flowlint diff --git REV [PATH...]``: the old version read from git, the new one from the work tree."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from test_diff import seed, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout.decode()


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository whose last commit has three flow files; the work tree then changes them."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    write(root / "flows/front.json", seed())
    write(root / "flows/gone.json", {"start_node_id": "n1", "nodes": [{"id": "n1", "instructions": "x",
                                                                       "instructions_mode": "append"}]})
    write(root / "flows/sub/rule.json", json.loads((FIXTURES / "rules/FL304-self-loop.json").read_text()))
    (root / "README.md").write_text("not a flow\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "flows")
    changed = seed()
    changed["data"][0]["conversation_flow"]["nodes"][0]["instructions_mode"] = "append"  # fixes FL601
    write(root / "flows/front.json", changed)
    (root / "flows/gone.json").unlink()
    write(root / "flows/new.json", json.loads((FIXTURES / "rules/FL301-unreachable-node.json").read_text()))
    (root / "build").mkdir()
    (root / "build/broken.json").write_text("{ not json", encoding="utf-8")  # ignored: never read
    return root


def diff_json(cwd: Path, *args: str) -> tuple[int, dict]:
    done = run_cli("diff", "--git", *args, "--format", "json", cwd=cwd, env=GIT_ENV)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def statuses(result: dict) -> list[tuple[str | None, str, str | None]]:
    return [(a["id"], a["status"], a["new_file"] or a["old_file"]) for a in result["assistants"]]


def test_old_from_the_revision_new_from_the_work_tree(repo) -> None:
    code, result = diff_json(repo, "HEAD")
    assert code == 1  # new.json brings an FL301 error
    assert result["old"].startswith("HEAD (") and result["new"] == "work tree"
    assert sorted(statuses(result), key=str) == sorted([
        ("<string>", "changed", "flows/front.json"),
        ("assistant-fl301", "added", "flows/new.json"),
        (None, "unchanged", "flows/sub/rule.json"),
        (None, "removed", "flows/gone.json"),
    ], key=str)
    assert [d["code"] for d in result["findings"]["fixed"]] == ["FL601"]
    assert {d["code"] for d in result["findings"]["new"]} == {"FL301"}
    assert all(not d["file"].startswith("build/") for d in result["findings"]["new"])


def test_nothing_is_checked_out(repo) -> None:
    head, status = git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain")
    diff_json(repo, "HEAD")
    assert (git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain")) == (head, status)
    assert json.loads((repo / "flows/front.json").read_text())["data"][0]["conversation_flow"]["nodes"][0][
        "instructions_mode"] == "append"


def test_paths_limit_what_is_compared(repo) -> None:
    _, result = diff_json(repo, "HEAD", "flows/sub", "flows/front.json")
    assert statuses(result) == [("<string>", "changed", "flows/front.json"),  # in file order
                                (None, "unchanged", "flows/sub/rule.json")]


def test_from_a_subfolder_paths_are_relative_to_it(repo) -> None:
    _, everything = diff_json(repo / "flows", "HEAD")
    assert sorted(s[2] for s in statuses(everything)) == ["front.json", "gone.json", "new.json", "sub/rule.json"]
    _, only_sub = diff_json(repo / "flows", "HEAD", "sub")
    assert statuses(only_sub) == [(None, "unchanged", "sub/rule.json")]


def test_a_committed_change_against_an_older_revision(repo) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edit")
    code, result = diff_json(repo, "HEAD~1")
    assert code == 1 and ("<string>", "changed", "flows/front.json") in statuses(result)
    _, clean = diff_json(repo, "HEAD")
    assert {a["status"] for a in clean["assistants"]} == {"unchanged"}


UNKNOWN = "(no such commit, branch or tag)"


@pytest.mark.parametrize("rev, message", [
    pytest.param("no-such-branch", f"--git: unknown revision 'no-such-branch' {UNKNOWN}", id="unknown"),
    pytest.param("HEAD~5", f"--git: unknown revision 'HEAD~5' {UNKNOWN}", id="too-far-back"),
    pytest.param("--output=x", "--git: '--output=x' is not a revision", id="option-like"),
])
def test_a_bad_revision_is_one_line_and_exit_2(repo, rev, message) -> None:
    done = run_cli("diff", f"--git={rev}", cwd=repo, env=GIT_ENV)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().strip() == f"flowlint: error: {message}"


def test_outside_a_repository_is_one_line_and_exit_2(tmp_path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    done = run_cli("diff", "--git", "HEAD", cwd=alone, env={**GIT_ENV, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.decode().strip() == "flowlint: error: --git: the working folder is not in a git repository"


def test_a_path_with_no_json_on_either_side_is_exit_2(repo) -> None:
    done = run_cli("diff", "--git", "HEAD", "docs", cwd=repo, env=GIT_ENV)
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "flowlint: error: --git: no JSON file under docs at HEAD nor in the work tree")


def test_markdown_for_the_pull_request_job(repo) -> None:
    done = run_cli("diff", "--git", "HEAD", "--format", "markdown", "-o", "comment.md", cwd=repo, env=GIT_ENV)
    assert done.returncode == 1
    comment = (repo / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith("### flowlint diff\n") and "| error | FL301 `unreachable-node` |" in comment
