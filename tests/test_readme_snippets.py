"""Every shell and Python example of README.md and docs/*.md runs as written, so the
manual cannot rot: one subprocess per block, with the ``flowlint`` and ``python`` of this
environment, in a temporary folder that holds a copy of ``fixtures/`` (so examples that
write files write nothing into the repository). The conventions are in readme_snippets.py
and the README's "Development" section."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from readme_snippets import Snippet, output_matches, snippets

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SNIPPETS = [s for document in DOCUMENTS for s in snippets(document, ROOT)]
# A block of only `pip install` and `python -m pytest` runs as the environment of this suite.
RUN = [s for s in SNIPPETS if s.not_run is None and (s.language == "python" or s.commands())]
_EXIT = re.compile(r"^@@snippet-exit (\d+) (\d+)@@$", re.M)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder like a fresh clone's root for the examples: the fixtures, nothing else."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "fixtures", folder / "fixtures")
    return folder


def environment() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)  # the flowlint on PATH of this environment
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "TELNYX_API_KEY", "TELNYX_BASE_URL", "PYTHONPATH")}
    return {**env, "PATH": bin_dir + os.pathsep + env.get("PATH", ""), "NO_COLOR": "1",
            "MPLBACKEND": "Agg"}


def run_in(folder: Path, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=folder, env=environment(), capture_output=True, text=True,
                          timeout=300)


def shell_script(snippet: Snippet) -> str:
    """The block's commands, each followed by a line with its exit code (stderr merged)."""
    lines = []
    for number, command in enumerate(snippet.commands()):
        lines += [f"printf '@@snippet-command {number}@@\\n'", "{", command.text, "} 2>&1",
                  f"printf '@@snippet-exit {number} %d@@\\n' $?"]
    return "\n".join(lines) + "\n"


def test_there_are_examples_to_run() -> None:
    assert len(RUN) >= 8
    assert all(s.not_run.strip() for s in SNIPPETS if s.not_run is not None)


@pytest.mark.parametrize("snippet", RUN, ids=lambda s: s.id)
def test_example_runs_as_written(snippet: Snippet, workdir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "clone"
    shutil.copytree(workdir, folder)
    if snippet.language == "python":
        (folder / "example.py").write_text(snippet.body)
        result = run_in(folder, [sys.executable, "example.py"])
        assert result.returncode == snippet.exit_code, result.stdout + result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        return
    commands = snippet.commands()
    result = run_in(folder, ["bash", "-c", shell_script(snippet)])
    assert result.stderr == "", result.stderr
    outputs = re.split(r"^@@snippet-command \d+@@\n", result.stdout, flags=re.M)[1:]
    codes = {int(n): int(code) for n, code in _EXIT.findall(result.stdout)}
    assert len(outputs) == len(commands), result.stdout
    for number, (command, printed) in enumerate(zip(commands, outputs)):
        printed = _EXIT.sub("", printed)
        assert "Traceback (most recent call last)" not in printed, printed
        assert codes[number] == snippet.exit_code, f"$ {command.text}\n{printed}"
        missing = output_matches(command.output, printed)
        assert missing is None, f"$ {command.text}\nnot printed: {missing}\nprinted:\n{printed}"


def test_the_config_example_works_from_a_clone(workdir: Path, tmp_path: Path) -> None:
    """The [tool.flowlint] example, saved as pyproject.toml at a clone's root."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = [block for block in re.findall(r"^```toml\n(.*?)^```", text, re.S | re.M)
                 if "[tool.flowlint]" in block]
    folder = tmp_path / "clone"
    shutil.copytree(workdir, folder)
    (folder / "pyproject.toml").write_text(example)
    result = run_in(folder, ["flowlint", "check", "fixtures/clean/"])
    assert (result.returncode, result.stderr) == (0, ""), result.stdout + result.stderr


def test_the_commands_block_lists_every_command() -> None:
    help_text = run_in(ROOT, ["flowlint", "--help"]).stdout
    names = re.findall(r"^    ([a-z]+)\b", help_text, re.M)  # the subcommands, 4 spaces in
    assert "check" in names and "paths" in names
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Commands", 1)[1].split("```", 2)[1]
    listed = {shlex.split(line)[1] for line in block.splitlines() if line.startswith("flowlint ")}
    assert set(names) <= listed, sorted(set(names) - listed)


def test_markers_and_prompts_are_read_as_the_readme_says(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- not-run: needs the API -->\n```sh\nflowlint pull\n```\n\n"
                    "<!-- exit: 1 -->\n```console\n$ pip install -e . && flowlint check x.json\n"
                    "x.json:1:1: FL004 ...\n...\n1 error\n```\n\n"
                    "```toml\nselect = []\n```\n")
    pull, gate = snippets(page, tmp_path)
    assert (pull.not_run, pull.exit_code) == ("needs the API", 0)
    assert (gate.not_run, gate.exit_code) == (None, 1)
    [command] = gate.commands()
    assert command.text == "flowlint check x.json"
    assert command.output == ["x.json:1:1: FL004 ...", "...", "1 error"]


def test_expected_output_is_matched_in_order_with_ellipses() -> None:
    printed = "a.json:1:1: FL004 [error] not a flow\nb.json:2:2: FL301 [error] x\n1 error\n"
    assert output_matches(["a.json:1:1: FL004 ...", "...", "1 error"], printed) is None
    assert output_matches(["1 error", "a.json:1:1: FL004 ..."], printed) == "a.json:1:1: FL004 ..."
