"""The diff as GitHub-flavoured Markdown, for a pull-request comment or a job summary.

Every value from a flow is written as a code span (inside it nothing formats, links or
mentions anyone), with a backtick fence longer than any run of backticks in it, and ``|``
escaped inside tables. Text diffs go in fenced ``diff`` blocks whose fence is longer than
any run of backticks in the diff; ``<summary>`` text is HTML-escaped.
"""
from __future__ import annotations

import html
import re

from ..formatters.text import neutralize
from .model import UNCHANGED, FlowDiff
from .outline import Flow, Part, heading, plural, sections
from .text import summary_line

_TICKS = re.compile("`+")
_SIGNS = {"+": "added", "-": "removed", "~": "changed", ">": "renamed", "^": "moved"}


def code(text: str, table: bool = False) -> str:
    """A code span that shows ``text`` exactly, on one line."""
    text = neutralize(text) or " "
    fence = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        text = f" {text} "
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def join(parts: list[Part], table: bool = False) -> str:
    return "".join(code(p.text, table) if isinstance(p, Flow) else p for p in parts)


def _summary_html(parts: list[Part]) -> str:
    """Parts for an HTML ``<summary>`` (Markdown does not apply inside it)."""
    return "".join(f"<code>{html.escape(neutralize(p.text))}</code>" if isinstance(p, Flow)
                   else html.escape(p) for p in parts)


def _diff_block(lines: list[str], omitted: int) -> list[str]:
    body = [neutralize(line) for line in lines]
    if omitted:
        body.append(f"... {plural(omitted, 'more diff line')}")
    fence = "`" * max(3, max((len(m) for line in body for m in _TICKS.findall(line)), default=0) + 1)
    return [f"{fence}diff", *body, fence]


def _findings_table(diagnostics) -> list[str]:
    rows = ["| severity | rule | where | message |", "|---|---|---|---|"]
    for d in diagnostics:
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        rows.append(f"| {d.severity.label} | {d.code} {code(d.name, True)} | {code(where, True)} "
                    f"| {code(d.message, True)} |")
    return rows


def render(result: FlowDiff) -> str:
    counts = result.counts()
    findings = result.findings
    out = ["### flowlint diff", "",
           f"{code(result.old_label)} → {code(result.new_label)}", "",
           f"**{plural(len(findings.new), 'new finding')}**, {len(findings.fixed)} fixed, "
           f"{findings.unchanged} unchanged · assistants: {counts['changed']} changed, "
           f"{counts['added']} added, {counts['removed']} removed, {counts['unchanged']} unchanged", ""]
    if findings.new:
        out += ["#### New findings", "", *_findings_table(findings.new), ""]
    if findings.fixed:
        out += ["#### Fixed findings", "", "Lines are those of the old version.", "",
                *_findings_table(findings.fixed), ""]
    changed = [a for a in result.assistants if a.status != UNCHANGED]
    if changed:
        out += ["#### Changes", ""]
    for assistant in changed:
        out += ["<details open>", f"<summary>{_summary_html(heading(assistant))}</summary>", ""]
        for section in sections(assistant):
            out.append(f"- **{section.title}**")
            for line in section.lines:
                out.append(f"  - {_SIGNS.get(line.sign, line.sign)}: {join(line.parts)}")
                if line.diff:
                    out += ["", *("    " + row for row in _diff_block(line.diff, line.omitted)), ""]
        out += ["", "</details>", ""]
    if not result.assistants:
        out += ["Nothing to compare: no assistant or flow was read from either version.", ""]
    elif not result.changed:
        out += ["No change.", ""]
    out += [f"<sub>{html.escape(summary_line(result))}</sub>", ""]
    return "\n".join(out)
