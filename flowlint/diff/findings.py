"""Splitting the findings of the two versions into new, fixed and unchanged.

A finding is the same finding on both sides when its fingerprint (rule code and subject ids)
is, within the same matched assistant; each old finding matches at most one new one, as a
baseline entry does. A finding about a renamed node or edge is then matched through the
rename (same code, same subject under its old id), so renaming a node never shows its
findings as fixed and new again.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from .model import FindingsDiff

if TYPE_CHECKING:
    from .assistants import Side
    from .model import AssistantDiff


def split_findings(old: "Side", new: "Side", assistants: list["AssistantDiff"]) -> FindingsDiff:
    renames = {_base(a.key): (a.node_renames, a.edge_renames) for a in assistants}
    waiting: dict[tuple, list[Diagnostic]] = {}
    for diagnostic in old.report.diagnostics:
        waiting.setdefault(_exact(old, diagnostic), []).append(diagnostic)
    unmatched_new = []
    unchanged = 0
    for diagnostic in new.report.diagnostics:
        candidates = waiting.get(_exact(new, diagnostic))
        if candidates:
            candidates.pop(0)
            unchanged += 1
        else:
            unmatched_new.append(diagnostic)
    left_old = [d for group in waiting.values() for d in group]
    through_rename: dict[tuple, list[Diagnostic]] = {}
    for diagnostic in left_old:
        key = old.finding_key(diagnostic.file, diagnostic.assistant_id)
        node_renames, edge_renames = renames.get(key, ({}, {}))
        subject = (key, diagnostic.code, node_renames.get(diagnostic.node_id, diagnostic.node_id),
                   edge_renames.get(diagnostic.edge_id, diagnostic.edge_id))
        if diagnostic.node_id in node_renames or diagnostic.edge_id in edge_renames:
            through_rename.setdefault(subject, []).append(diagnostic)
    fresh = []
    matched_old: set[int] = set()
    for diagnostic in unmatched_new:
        subject = (new.finding_key(diagnostic.file, diagnostic.assistant_id), diagnostic.code,
                   diagnostic.node_id, diagnostic.edge_id)
        candidates = through_rename.get(subject)
        if candidates:
            matched_old.add(id(candidates.pop(0)))
            unchanged += 1
        else:
            fresh.append(diagnostic)
    fixed = [d for d in left_old if id(d) not in matched_old]
    _attach(old, new, assistants, fresh, fixed)
    return FindingsDiff(sorted(fresh), sorted(fixed), unchanged)


def _base(key: tuple) -> tuple:
    return key[:2]


def _exact(side: "Side", diagnostic: Diagnostic) -> tuple:
    key = side.finding_key(diagnostic.file, diagnostic.assistant_id)
    if diagnostic.assistant_id in side.stand_in_ids:
        # A request body's fingerprint holds its stand-in (its file name), which differs
        # when two differently named files are compared: match by the subject instead.
        return (key, diagnostic.code, diagnostic.node_id, diagnostic.edge_id)
    return (key, diagnostic.fingerprint)


def _attach(old: "Side", new: "Side", assistants: list["AssistantDiff"],
            fresh: list[Diagnostic], fixed: list[Diagnostic]) -> None:
    """Give each assistant the new and fixed findings about it (for the text and diagrams)."""
    by_key = {}
    for assistant in assistants:
        by_key.setdefault(_base(assistant.key), assistant)
    for diagnostic in fresh:
        found = by_key.get(new.finding_key(diagnostic.file, diagnostic.assistant_id))
        if found is not None:
            found.new_findings.append(diagnostic)
    for diagnostic in fixed:
        found = by_key.get(old.finding_key(diagnostic.file, diagnostic.assistant_id))
        if found is not None:
            found.fixed_findings.append(diagnostic)
