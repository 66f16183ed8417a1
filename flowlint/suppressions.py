"""Suppressions without comments (JSON has none): per-file ignores and subject entries.

``per-file-ignores = {"legacy/*.json" = ["FL6"]}`` hides the named rules in files whose
path matches the glob (``*`` also crosses folders; a glob without ``/`` also matches the
file name alone), tried against the path as given and relative to the config's folder.
``[[suppress]]`` entries hide one rule for one assistant, node or edge, with a reason.
Each records whether it hid anything, so stale ones can be reported (FL006).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from .config import SuppressEntry
from .diagnostics import Diagnostic
from .positions import join_pointer
from .rules.base import Rule
from .selection import specificity


@dataclass(frozen=True)
class Unused:
    """A suppression that hid nothing although what it names was part of this run."""

    description: str
    pointer: str
    assistant_id: str | None = None
    node_id: str | None = None
    edge_id: str | None = None


def path_candidates(file: str, folder: Path | None) -> list[str]:
    """The forms of ``file`` a glob is tried against, with forward slashes."""
    given = file.replace("\\", "/")
    forms = [given, given.removeprefix("./")]
    if folder is not None and not file.startswith("<"):
        try:
            forms.append(Path(os.path.abspath(file)).relative_to(folder.resolve()).as_posix())
        except ValueError:
            pass  # outside the config's folder
    return list(dict.fromkeys(forms))


def glob_matches(glob: str, file: str, folder: Path | None) -> bool:
    forms = path_candidates(file, folder)
    if "/" not in glob:
        forms.append(PurePosixPath(forms[0]).name)
    return any(fnmatchcase(form, glob) for form in forms)


def subject_matches(entry: SuppressEntry, d: Diagnostic) -> bool:
    """Does ``entry`` name the subject of ``d``? A node entry does not cover the node's edges."""
    if entry.rule != d.code:
        return False
    if entry.assistant is not None and entry.assistant != d.assistant_id:
        return False
    if entry.edge is not None:
        return entry.edge == d.edge_id and (entry.node is None or entry.node == d.node_id)
    if entry.node is not None:
        return entry.node == d.node_id and d.edge_id is None
    return True


class Suppressor:
    """Applies per-file ignores and suppress entries, remembering which ones were used."""

    def __init__(self, per_file_ignores: dict[str, list[str]], entries: Sequence[SuppressEntry],
                 rules: Sequence[Rule], folder: Path | None) -> None:
        self.per_file = [(glob, selector) for glob, selectors in per_file_ignores.items()
                         for selector in selectors]
        self.entries = list(entries)
        self.rules = {r.code: r for r in rules}
        self.folder = folder
        self.used_per_file: set[tuple[str, str]] = set()
        self.used_entries: set[int] = set()
        self.globs_matching_a_file: set[str] = set()
        self._globs_by_file: dict[str, list[str]] = {}

    def _globs_for(self, file: str) -> list[str]:
        if file not in self._globs_by_file:
            self._globs_by_file[file] = [glob for glob in dict.fromkeys(g for g, _ in self.per_file)
                                         if glob_matches(glob, file, self.folder)]
        return self._globs_by_file[file]

    def see_files(self, files: Iterable[str]) -> None:
        for file in files:
            self.globs_matching_a_file.update(self._globs_for(file))

    def hides(self, d: Diagnostic) -> bool:
        hidden = False
        rule = self.rules.get(d.code)
        globs = self._globs_for(d.file)
        for glob, selector in self.per_file:
            if glob in globs and rule is not None and specificity(selector, rule):
                self.used_per_file.add((glob, selector))
                hidden = True
        for index, entry in enumerate(self.entries):
            if subject_matches(entry, d):
                self.used_entries.add(index)
                hidden = True
        return hidden

    def unused(self, active: set[str], assistant_ids: frozenset[str], table: str) -> list[Unused]:
        """Suppressions that hid nothing although their rule ran on what they name.

        Only what this run could have matched counts: a rule that was not selected, an
        assistant that was not linted or a glob that matched no linted file (pre-commit
        passes only the changed files) says nothing about staleness.
        """
        base = "/" + table.replace(".", "/") if table else ""
        found = []
        for glob, selector in self.per_file:
            names_active = any(specificity(selector, self.rules[c]) for c in active if c in self.rules)
            if ((glob, selector) not in self.used_per_file and glob in self.globs_matching_a_file
                    and names_active):
                found.append(Unused(f'per-file-ignores "{glob}" = "{selector}"',
                                    join_pointer(base, "per-file-ignores", glob)))
        for index, entry in enumerate(self.entries):
            in_run = entry.assistant is None or entry.assistant in assistant_ids
            if index not in self.used_entries and entry.rule in active and in_run:
                found.append(Unused(entry.describe(), join_pointer(base, "suppress", index),
                                    entry.assistant, entry.node, entry.edge))
        return found
