"""Comparing two versions of flows: what changed, and which findings the change adds or fixes.

``flowlint.diff(old, new)`` takes what ``flowlint.lint`` takes on each side (a path, a
folder, JSON text, a dict, an SDK object) and returns a ``FlowDiff``; ``compare`` works on
two already linted ``Side`` values (the command uses it, with the config, inventories and
baseline applied to both sides alike).
"""
from __future__ import annotations

import os
from typing import Any, Iterable, Mapping

from .assistants import Side, compare_assistant, match
from .findings import split_findings
from .model import (ADDED, CHANGED, REMOVED, UNCHANGED, AssistantDiff, ElementChange, ElementDiff,
                    FieldChange, FindingsDiff, FlowDiff)

__all__ = ["diff", "compare", "Side", "FlowDiff", "AssistantDiff", "ElementDiff", "ElementChange",
           "FieldChange", "FindingsDiff", "ADDED", "REMOVED", "CHANGED", "UNCHANGED"]


def compare(old: Side, new: Side, positions: bool = False) -> FlowDiff:
    """The diff of two linted versions (``positions``: also report editor moves)."""
    assistants = [compare_assistant(key, before, after, positions) for key, before, after in match(old, new)]
    findings = split_findings(old, new, assistants)
    return FlowDiff(old.label, new.label, assistants, findings, positions,
                    [*old.workspace.errors, *new.workspace.errors])


def diff(old: Any, new: Any, *, positions: bool = False, select: Iterable[str] | None = None,
         ignore: Iterable[str] = (), severity: Mapping[str, str] | None = None,
         assistants: Any = None, tools: Any = None, provider: str = "auto") -> FlowDiff:
    """Compare two versions; both are linted with the same options (as ``flowlint.lint``).

    A folder pair is matched assistant by assistant across its files; files without
    assistant ids by their path inside the folder. Unreadable paths raise ``OSError``.
    ``provider`` forces the format both sides are read as (``flowlint.providers.CHOICES``).
    """
    import flowlint

    options = dict(select=select, ignore=ignore, severity=severity, assistants=assistants, tools=tools,
                   provider=provider)
    sides = []
    for value in (old, new):
        report = flowlint.lint(value, **options)
        is_folder = isinstance(value, (str, os.PathLike)) and os.path.isdir(value)
        sides.append(Side(_label(value), report.workspace, report, os.fspath(value) if is_folder else None))
    return compare(sides[0], sides[1], positions)


def _label(value: Any) -> str:
    if isinstance(value, (str, os.PathLike)) and os.path.exists(value):
        return os.fspath(value)
    return f"<{type(value).__name__}>"
