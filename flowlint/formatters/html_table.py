"""The findings table as HTML: shared by the HTML report and the notebook's report repr.

One ``<tr>`` per finding. Each row carries what a script needs to sort, filter and link it
(``data-severity``, ``data-rank``, ``data-rule``, ``data-assistant``, ``data-target``: the
page id of the diagram element the finding is about), so the table works with or without
the report's script. Every string from the input goes through ``escape``.
"""
from __future__ import annotations

import html
from typing import Mapping, Sequence

from ..diagnostics import Diagnostic
from .paths import clean
from .text import neutralize

SEVERITY_STYLE = {
    "error": "background:#fce8e6;color:#a50e0e",
    "warning": "background:#fef7e0;color:#8a4b00",
    "info": "background:#e8f0fe;color:#174ea6",
}
# (header text, sort key name): the report's script sorts by the key's data attribute or cell text.
COLUMNS = (("severity", "rank"), ("code", "rule"), ("rule", "text"), ("message", "text"),
           ("assistant", "assistant"), ("node / edge", "text"), ("location", "location"))


def escape(text: object) -> str:
    """Flow text safe in HTML text and quoted attributes: lone surrogates replaced, controls
    and bidirectional overrides shown as visible escapes (as in text output), then escaped."""
    return html.escape(neutralize(clean(str(text))), quote=True)


def location(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.column}" if d.line else d.file


def row(d: Diagnostic, index: int, target: str | None = None) -> str:
    e = escape
    subject = d.edge_id or d.node_id or ""
    link = (f'<a class="fl-show" href="#{e(target)}" data-target="{e(target)}">show</a>'
            if target else "")
    return (f'<tr id="fl-finding-{index}" data-index="{index}" data-severity="{d.severity.label}" '
            f'data-rank="{int(d.severity)}" data-rule="{e(d.code)}" '
            f'data-assistant="{e(d.assistant_id or "")}" data-target="{e(target or "")}" '
            f'data-location="{e(d.file)}:{d.line or 0:09d}:{d.column or 0:09d}">'
            f'<td class="fl-sev" style="{SEVERITY_STYLE[d.severity.label]};font-weight:bold">'
            f"{d.severity.label}</td><td><code>{e(d.code)}</code></td><td>{e(d.name)}</td>"
            f"<td>{e(d.message)}</td><td>{e(d.assistant_id or '')}</td>"
            f"<td>{e(subject)} {link}</td><td>{e(location(d))}</td></tr>")


def findings_table(diagnostics: Sequence[Diagnostic],
                   targets: Mapping[int, str] | None = None, sortable: bool = False,
                   table_id: str | None = None) -> str:
    """``<table>`` of the findings; ``targets`` maps a finding's index to its diagram element id.

    ``sortable`` makes the headers buttons the report's script listens to."""
    targets = targets or {}
    if sortable:
        header = "".join(f'<th><button type="button" class="fl-sort" data-key="{key}" '
                         f'data-column="{column}">{name}</button></th>'
                         for column, (name, key) in enumerate(COLUMNS))
    else:
        header = "".join(f'<th style="text-align:left">{name}</th>' for name, _ in COLUMNS)
    rows = "".join(row(d, index, targets.get(index)) for index, d in enumerate(diagnostics))
    id_attribute = f' id="{table_id}"' if table_id else ""
    return (f'<table class="flowlint-report"{id_attribute}><thead><tr>{header}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")
