"""Rule documentation, generated from the rules themselves (``flowlint rule``, README table)."""
from __future__ import annotations

import json
from typing import Sequence

from .rules.base import Rule


def _pretty(example: str) -> str:
    try:
        return json.dumps(json.loads(example), indent=2, ensure_ascii=False)
    except ValueError:
        return example  # FL001's example is deliberately not JSON


def explain(rule: Rule) -> str:
    """The full documentation of one rule, as ``flowlint rule CODE`` prints it."""
    parts = [
        f"{rule.code} {rule.name}",
        f"group: {rule.group}   default severity: {rule.severity_label}   formats: {formats_text(rule)}",
        "",
        rule.summary,
        "",
        rule.description,
        "",
        "Example (flagged):",
        _indent(_pretty(rule.example)),
        "",
        "Use instead:",
        _indent(_pretty(rule.fixed)),
        "",
        f"Options: {rule.options}",
    ]
    return "\n".join(parts) + "\n"


def formats_text(rule: Rule) -> str:
    """The flow formats a rule runs on, in a fixed order: ``telnyx, retell, elevenlabs, vapi``."""
    from .rules.formats import PROVIDERS, TELNYX

    return ", ".join(f for f in (TELNYX, *PROVIDERS) if f in rule.formats)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def rules_table(rules: Sequence[Rule]) -> str:
    """The rule table as plain text columns."""
    rows = [(r.code, r.name, r.group, r.severity_label, r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4]
        for row in rows) + "\n"


def rules_markdown(rules: Sequence[Rule]) -> str:
    """The rule table as Markdown, as the README embeds it."""
    lines = ["| code | name | group | severity | flags |", "|---|---|---|---|---|"]
    for r in rules:
        summary = r.summary.replace("|", "\\|")
        lines.append(f"| {r.code} | `{r.name}` | {r.group} | {r.severity_label} | {summary} |")
    return "\n".join(lines) + "\n"


def rules_json(rules: Sequence[Rule]) -> str:
    return json.dumps([{"code": r.code, "name": r.name, "group": r.group,
                        "severity": r.severity.label,
                        "confirmed_severity": r.confirmed_severity.label if r.confirmed_severity else None,
                        "doubtful_severity": r.doubtful_severity.label if r.doubtful_severity else None,
                        "formats": formats_text(r).split(", "),
                        "summary": r.summary} for r in rules],
                      indent=2) + "\n"
