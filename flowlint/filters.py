"""After the engine: per-file ignores, suppress entries and the baseline hide findings.

Runs on stamped diagnostics (never inside rules), then runs the FILTER-scope rules (FL006
unused-suppression, FL007 stale-baseline-entry) on what went unused, with the same
selection and severity as every other rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .baseline import Baseline, BaselineEntry
from .config import Settings, config_source
from .diagnostics import Diagnostic
from .engine import stamp
from .report import Report
from .rules import ALL_RULES
from .rules.base import FILTER, Rule
from .selection import select_rules
from .suppressions import Suppressor, Unused


@dataclass
class FilterContext:
    """What FILTER-scope rules look at: the suppressions and baseline entries left unused."""

    config_source: Any
    unused_suppressions: list[Unused] = field(default_factory=list)
    baseline_source: Any = None
    stale_baseline_entries: list[tuple[int, BaselineEntry]] = field(default_factory=list)


def active_codes(settings: Settings, rules: Sequence[Rule]) -> set[str]:
    """Rules that ran: selected and not turned off."""
    return {r.code for r in select_rules(rules, settings.select, settings.ignore)
            if settings.severity.get(r.code, r.severity) is not None}


def split_by_baseline(diagnostics: Sequence[Diagnostic], baseline: Baseline) -> tuple[list[Diagnostic], list[int]]:
    """(new findings, indexes of unmatched entries); each entry hides at most one finding."""
    slots: dict[str, list[int]] = {}
    for index, entry in enumerate(baseline.entries):
        slots.setdefault(entry.fingerprint, []).append(index)
    new = []
    for diagnostic in diagnostics:
        free = slots.get(diagnostic.fingerprint)
        if free:
            free.pop(0)
        else:
            new.append(diagnostic)
    return new, sorted(i for free in slots.values() for i in free)


def apply_filters(report: Report, settings: Settings, baseline: Baseline | None = None,
                  rules: Sequence[Rule] = ALL_RULES) -> Report:
    config = settings.config
    active = active_codes(settings, rules)
    workspace = report.workspace
    suppressor = Suppressor(config.per_file_ignores, config.suppress, rules,
                            config.folder if config.path else None)
    suppressor.see_files(d.name for d in workspace.documents)
    kept = [d for d in report.diagnostics if not suppressor.hides(d)]
    hidden = {"suppressed": len(report.diagnostics) - len(kept), "baseline": 0}

    context = FilterContext(config_source(config),
                            suppressor.unused(active, workspace.assistant_ids, config.table))
    if baseline is not None:
        before = len(kept)
        kept, unmatched = split_by_baseline(kept, baseline)
        hidden["baseline"] = before - len(kept)
        linted = {d.name.replace("\\", "/") for d in workspace.documents}
        # Only entries about what this run linted can be stale (pre-commit lints a subset).
        context.baseline_source = baseline.source
        context.stale_baseline_entries = [
            (i, baseline.entries[i]) for i in unmatched
            if baseline.entries[i].code in active
            and (baseline.entries[i].file in linted or baseline.entries[i].assistant_id in workspace.assistant_ids)]

    chosen = [r for r in rules if r.scope == FILTER and r.code in active]
    extra = stamp([(r, f) for r in chosen for f in r.check(context)], settings.severity)
    return Report(tuple(sorted([*kept, *extra])), workspace, report.fail_on, hidden)


def baseline_candidates(report: Report, rules: Sequence[Rule] = ALL_RULES) -> list[Diagnostic]:
    """What --write-baseline records: every finding except those about flowlint's own files."""
    own = {r.code for r in rules if r.scope == FILTER}
    return [d for d in report.diagnostics if d.code not in own]
