"""Reading the runnable examples out of Markdown: the conventions the README's
"Development" section documents.

A block fenced ```sh, ```bash, ```console or ```python is an example. The HTML comments on
the lines just before its fence say how it runs:

- ``<!-- not-run: reason -->``: it is not run (it needs the network or an API key, or is a
  recipe to adapt);
- ``<!-- exit: N -->``: every command in it exits N (default 0), e.g. 1 for a gate that is
  meant to find problems.

In sh/bash blocks (and console blocks without a ``$ `` prompt) each line, joined over
``\\`` continuations, is a command; in console blocks with prompts the lines starting
with ``$ `` are, and the other lines are output that the command must print, in order
(``...`` skips lines; a line ending in ``...`` matches by its beginning).
``pip install ...`` is not run (the examples run in the environment it makes), nor
``python -m pytest`` (it is this suite).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

RUNNABLE = ("sh", "bash", "console", "python")
_FENCE = re.compile(r"^```(\w*)\s*$")
_MARKER = re.compile(r"^<!--\s*(not-run|exit)\s*:\s*(.*?)\s*-->\s*$")
_NOT_RUN_COMMANDS = (re.compile(r"^pip install\b"), re.compile(r"^python -m pytest\b"))


@dataclass
class Command:
    text: str
    output: list[str] = field(default_factory=list)  # console blocks: what it must print


@dataclass
class Snippet:
    file: str
    line: int  # of the opening fence, 1-based
    language: str
    body: str
    not_run: str | None = None
    exit_code: int = 0

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"

    def commands(self) -> list[Command]:
        """The shell commands to run, with the output a console block shows for each."""
        commands: list[Command] = []
        pending = ""
        prompted = self.language == "console" and any(
            raw.startswith("$ ") for raw in self.body.splitlines())
        for raw in self.body.splitlines():
            if prompted:
                if raw.startswith("$ "):
                    commands.append(Command(raw[2:]))
                elif commands and raw.strip():
                    commands[-1].output.append(raw)
                continue
            line = pending + raw
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            pending = ""
            if line.strip() and not line.lstrip().startswith("#"):
                commands.append(Command(line.strip()))
        return [c for c in (_runnable(c) for c in commands) if c is not None]


def _runnable(command: Command) -> Command | None:
    """The command without its ``pip install ... &&`` prefix, or None when nothing is left."""
    parts = [p.strip() for p in command.text.split("&&")]
    kept = [p for p in parts if not any(pattern.match(p) for pattern in _NOT_RUN_COMMANDS)]
    return Command(" && ".join(kept), command.output) if kept else None


def snippets(path: Path, root: Path) -> list[Snippet]:
    found: list[Snippet] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    name = path.relative_to(root).as_posix()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        end = next((j for j in range(index + 1, len(lines)) if lines[j].startswith("```")), len(lines))
        language = match.group(1)
        if language in RUNNABLE:
            snippet = Snippet(name, index + 1, language, "\n".join(lines[index + 1:end]))
            back = index - 1
            while back >= 0 and (marker := _MARKER.match(lines[back])):
                if marker.group(1) == "not-run":
                    snippet.not_run = marker.group(2) or "no reason given"
                else:
                    snippet.exit_code = int(marker.group(2))
                back -= 1
            found.append(snippet)
        index = end + 1
    return found


def output_matches(expected: list[str], printed: str) -> str | None:
    """None when every expected line is printed, in order; else the first line missing."""
    actual = printed.splitlines()
    position = 0
    for line in expected:
        if line.strip() == "...":
            continue
        prefix = line[:-3] if line.endswith("...") else None
        while position < len(actual) and not (
                actual[position].startswith(prefix) if prefix is not None else actual[position] == line):
            position += 1
        if position == len(actual):
            return line
        position += 1
    return None
