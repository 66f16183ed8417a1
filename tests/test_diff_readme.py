"""The README's "Compare two versions" section says what the command really does."""
from __future__ import annotations

import re
import shlex

import yaml

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Compare two versions\n", 1)[1].split("\n## ", 1)[0]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, flags=re.S)


def test_the_console_example_is_the_real_output() -> None:
    [console] = blocks("console")
    command, *expected = console.splitlines()
    done = run_cli(*shlex.split(command.removeprefix("$ flowlint ")))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines() == expected


def test_with_fail_on_warning_the_example_exits_1() -> None:
    assert "with\n  `--fail-on warning` it exits 1" in SECTION
    assert run_cli("diff", "fixtures/diff/v1", "fixtures/diff/v2", "--fail-on", "warning").returncode == 1


def test_the_diagram_command_of_the_section_runs(tmp_path) -> None:
    command = re.search(r"`(flowlint diagram --diff [^`]+)`", SECTION).group(1)
    args = shlex.split(command)[1:]
    args[args.index("-o") + 1] = str(tmp_path / "diff.svg")
    done = run_cli(*args, env={"FLOWLINT_RENDERER": "pygraphviz"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "diff.svg").read_bytes().lstrip().startswith((b"<?xml", b"<svg"))


def test_the_pull_request_workflow_comments_the_markdown_and_gates(tmp_path) -> None:
    [workflow_text] = blocks("yaml")
    workflow = yaml.safe_load(workflow_text)
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = workflow["jobs"]["diff"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # --git needs the base branch
    assert "pip install telnyx-flowlint" in [s.get("run") for s in steps]
    diff_step = next(s for s in steps if s.get("id") == "diff")
    args = shlex.split(diff_step["run"].replace('"origin/${{ github.base_ref }}"', "HEAD"))
    assert args[:3] == ["flowlint", "diff", "--git"] and args[args.index("--format") + 1] == "markdown"
    comment = next(s for s in steps if "sticky-pull-request-comment" in s.get("uses", ""))
    assert comment["with"]["path"] == args[args.index("--output") + 1]
    assert steps[-1]["if"] == "steps.diff.outcome == 'failure'"
    # the same command, run here against this repository's last commit
    comment_file = tmp_path / "flow-diff.md"
    args[args.index("--output") + 1] = str(comment_file)
    done = run_cli(*[a if a != "flows/" else "fixtures/diff" for a in args[1:]])
    assert done.returncode in (0, 1), done.stderr
    assert comment_file.read_text(encoding="utf-8").startswith("### flowlint diff\n")
