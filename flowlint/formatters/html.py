"""``--format html``: one self-contained page for a person or a CI artifact.

A summary by severity and rule, the findings table (sortable and filterable by severity,
rule, assistant and text), every assistant's diagram with its findings drawn and the
hand-off overview, inline as SVG; each finding's "show" link highlights its node or edge.
Nothing is loaded from anywhere: inline CSS, SVG and script, and a Content-Security-Policy
that allows no remote source (html_assets.py). Every string from the input is escaped
(html_table.escape); the SVG is re-serialised by ElementTree (html_diagrams.py).
"""
from __future__ import annotations

import sys
from collections import Counter

from .._version import __version__
from ..report import Report
from .html_assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from .html_diagrams import ReportDiagrams, draw_report
from .html_table import escape, findings_table
from .options import FormatOptions

# A page with more rows than this is slow to open: the rest is in --format json.
MAX_ROWS = 20000


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary(report: Report) -> str:
    counts = report.summary
    cards = "".join(f'<div class="fl-card {level}"><b>{counts[level]}</b>{level}</div>'
                    for level in ("error", "warning", "info"))
    assistants = sum(f["assistants"] for f in report.files)
    meta = (f'<p class="fl-meta">flowlint {escape(__version__)} · '
            f"{_plural(len(report.workspace.documents), 'file')} · {_plural(assistants, 'assistant')}"
            f" · {_plural(len(report.diagnostics), 'finding')}</p>")
    by_rule = Counter((d.code, d.name, d.severity.label) for d in report.diagnostics)
    rules = "".join(
        f'<tr><td><button type="button" class="fl-rule-filter" data-rule="{escape(code)}">'
        f"{escape(code)}</button></td><td>{escape(name)}</td><td>{level}</td><td>{count}</td></tr>"
        for (code, name, level), count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])))
    table = (f'<table class="fl-rules"><thead><tr><th>code</th><th>rule</th><th>severity</th>'
             f"<th>findings</th></tr></thead><tbody>{rules}</tbody></table>" if rules else
             "<p>No findings.</p>")
    return f'<section id="fl-summary"><h2>Summary</h2>{meta}<div class="fl-cards">{cards}</div>{table}</section>'


def _select(key: str, label: str, values: list[str]) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v) or "(none)"}</option>' for v in values)
    return (f'<label>{label} <select id="fl-filter-{key}"><option value="">all</option>'
            f"{options}</select></label>")


def _findings(report: Report, drawn: ReportDiagrams) -> str:
    shown = report.diagnostics[:MAX_ROWS]
    note = (f'<p class="fl-note">The table shows the first {MAX_ROWS} of {len(report.diagnostics)} '
            f"findings; --format json has them all.</p>" if len(shown) < len(report.diagnostics) else "")
    filters = "".join([
        _select("severity", "severity", [s for s in ("error", "warning", "info") if report.summary[s]]),
        _select("rule", "rule", sorted({d.code for d in shown})),
        _select("assistant", "assistant", sorted({d.assistant_id or "" for d in shown})),
        '<label>text <input type="search" id="fl-filter-text" placeholder="filter by any text"></label>',
        f'<span id="fl-count" class="fl-count">{len(shown)} findings</span>'])
    table = findings_table(shown, drawn.targets, sortable=True, table_id="fl-findings")
    return (f'<section id="fl-findings-section"><h2>Findings</h2>{note}'
            f'<div class="fl-filters">{filters}</div>{table}</section>')


def _diagrams(drawn: ReportDiagrams) -> str:
    parts = ['<section id="fl-diagrams"><h2>Diagrams</h2>']
    if drawn.unavailable:
        parts.append(f'<p class="fl-note" id="fl-no-diagrams">No diagrams: {escape(drawn.unavailable)}</p>')
    parts += [f'<p class="fl-note">{escape(note)}</p>' for note in drawn.notes]
    for section in drawn.sections:
        count = f" · {_plural(section.findings, 'finding')}" if section.findings else ""
        body = (f'<div class="fl-picture">{section.svg}</div>' if section.svg is not None
                else f'<p class="fl-note">{escape(section.note or "not drawn")}</p>')
        is_open = " open" if section.findings or len(drawn.sections) <= 3 else ""
        zoom = '<button type="button" class="fl-zoom">actual size</button>' if section.svg else ""
        parts.append(f'<details class="fl-diagram" id="{section.anchor}"{is_open}><summary>'
                     f"<h3>{escape(section.title)}</h3>{count}{zoom}</summary>{body}</details>")
    if not drawn.sections and not drawn.unavailable:
        parts.append("<p>No flow to draw.</p>")
    parts.append("</section>")
    return "".join(parts)


def _errors(report: Report) -> str:
    if not report.errors:
        return ""
    items = "".join(f"<li>{escape(problem)}</li>" for problem in report.errors)
    return f'<section id="fl-errors"><h2>Inputs that could not be read</h2><ul>{items}</ul></section>'


def render(report: Report, options: FormatOptions) -> str:
    drawn = draw_report(report)
    if drawn.unavailable:
        print(f"flowlint: html report without diagrams: {drawn.unavailable}", file=sys.stderr)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>flowlint report</title><style>{STYLE}</style></head><body>",
        "<h1>flowlint report</h1>",
        _summary(report), _errors(report), _findings(report, drawn), _diagrams(drawn),
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]) + "\n"
