"""``--format markdown``: for ``$GITHUB_STEP_SUMMARY`` and pull-request comments.

The summary, a table per rule, the findings table and each flow with findings as a
Mermaid diagram (GitHub draws ```mermaid blocks). Every value from a flow is a code span
(nothing in it formats, links, mentions or is HTML; ``|`` escaped in tables), and the
Mermaid text escapes its labels (diagrams/mermaid.py).

The whole output stays within ``LIMIT`` characters, GitHub's limit for a comment (a step
summary may be 1 MiB, so it fits there too); each diagram within Mermaid's default
``maxTextSize`` and ``maxEdges``. What does not fit is left out, and a closing note says what.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..diff.markdown import code
from ..report import Report
from .options import FormatOptions
from .text import summary_line

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..documents import AssistantEntry

LIMIT = 65_536                  # characters in a GitHub comment (the step summary allows 1 MiB)
RESERVE = 2_000                 # kept for the closing note
FINDINGS_SHARE = 32_000         # the findings table never takes more, so diagrams have room
MERMAID_MAX_TEXT = 50_000       # Mermaid's default maxTextSize
MERMAID_MAX_EDGES = 500         # Mermaid's default maxEdges
LISTED = 10                     # left-out diagrams named in the note


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _rules_table(report: Report) -> list[str]:
    by_rule = Counter((d.code, d.name, d.severity.label) for d in report.diagnostics)
    rows = ["| rule | severity | findings |", "|---|---|---:|"]
    rows += [f"| {c} {code(name, True)} | {level} | {count} |"
             for (c, name, level), count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))]
    return rows


def finding_row(d: "Diagnostic") -> str:
    where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
    subject = d.edge_id or d.node_id
    return (f"| {d.severity.label} | {d.code} | {code(d.assistant_id, True) if d.assistant_id else ''} "
            f"| {code(subject, True) if subject else ''} | {code(where, True)} | {code(d.message, True)} |")


def _mermaid_block(entry: "AssistantEntry", diagnostics: list["Diagnostic"]) -> tuple[str, str] | str:
    """(heading, fenced block) of one flow, or why it is left out."""
    from ..diagrams import entry_diagram
    from ..diagrams.mermaid import to_mermaid

    diagram = entry_diagram(entry, diagnostics)
    if len(diagram.edges) > MERMAID_MAX_EDGES:
        return f"{len(diagram.edges)} edges (Mermaid draws at most {MERMAID_MAX_EDGES})"
    text = to_mermaid(diagram)
    if len(text) > MERMAID_MAX_TEXT:
        return f"{len(text)} characters of Mermaid (at most {MERMAID_MAX_TEXT})"
    return f"#### {code(diagram.title)}", f"```mermaid\n{text}```"


def render(report: Report, options: FormatOptions) -> str:
    out = ["## flowlint", "", summary_line(report) + ".", ""]
    if report.errors:
        out += ["**Inputs that could not be read:**", ""]
        out += [f"- {code(problem)}" for problem in report.errors[:50]]
        out.append("")
    if not report.diagnostics:
        out.append("No findings in what could be read." if report.errors else "No findings.")
        return "\n".join(out) + "\n"
    out += [*_rules_table(report), "",
            "### Findings", "", "| severity | rule | assistant | node / edge | where | message |",
            "|---|---|---|---|---|---|"]
    used = sum(len(line) + 1 for line in out)
    rows_left_out = 0
    for index, d in enumerate(report.diagnostics):
        line = finding_row(d)
        if used + len(line) + 1 > FINDINGS_SHARE:
            rows_left_out = len(report.diagnostics) - index
            break
        out.append(line)
        used += len(line) + 1
    out.append("")
    left_out: list[str] = []
    too_large: list[str] = []
    by_entry: dict[tuple[str, str | None], list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_entry.setdefault((d.file, d.assistant_id), []).append(d)
    entries = [e for e in report.workspace.assistants if e.flow is not None
               and (e.document.name, e.id) in by_entry]
    if entries:
        out += ["### Flows with findings", ""]
    for entry in entries:
        name = (entry.id or entry.name or entry.document.name)[:60]
        block = _mermaid_block(entry, by_entry[(entry.document.name, entry.id)])
        if isinstance(block, str):
            too_large.append(f"{code(name)}: {block}")
            continue
        size = sum(len(part) + 2 for part in block)
        if used + size > LIMIT - RESERVE:
            left_out.append(code(name))
            continue
        out += [block[0], "", block[1], ""]
        used += size
    out += _closing_note(rows_left_out, left_out, too_large)
    text = "\n".join(out) + "\n"
    return text


def _closing_note(rows: int, left_out: list[str], too_large: list[str]) -> list[str]:
    """What the size limits left out (the note itself stays within RESERVE)."""
    lines = []
    if rows:
        lines.append(f"- {_plural(rows, 'more finding')} not shown (`--format html` or `--format json` "
                     "has them all).")
    if left_out:
        named = ", ".join(left_out[:LISTED]) + (f" and {len(left_out) - LISTED} more" if len(left_out) > LISTED else "")
        lines.append(f"- {_plural(len(left_out), 'diagram')} left out to stay within GitHub's size limit: {named}.")
    for item in too_large[:LISTED]:
        lines.append(f"- not drawn, too large for Mermaid: {item}.")
    if len(too_large) > LISTED:
        lines.append(f"- {len(too_large) - LISTED} more flows too large for Mermaid.")
    if not lines:
        return []
    note = ["**Left out**", "", *lines, ""]
    while sum(len(line) + 1 for line in note) > RESERVE - 100:  # ids can be long: drop names
        note.pop(-2)
    return note
