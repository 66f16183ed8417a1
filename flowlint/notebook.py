"""Rich display in Jupyter: flows as diagrams, the hand-off overview, reports as tables.

The classes in documents.py, graph.py and report.py define tiny ``_repr_*_`` methods that
call into this module, so nothing here (nor matplotlib, graphviz or IPython) is imported
until a notebook asks for a picture. Every string from the input is escaped with
``html.escape``; diagrams escape their own text (see flowlint/diagrams).
"""
from __future__ import annotations

import hashlib
import html
from typing import Any

from .formatters.html_table import SEVERITY_STYLE as _SEVERITY_STYLE  # one palette for both tables


def _svg(obj: Any, **options: Any) -> str | None:
    """The diagram as SVG text, or None (the notebook then shows the plain repr)."""
    from .diagrams import to_image

    try:
        return to_image(obj, "svg", **options).decode("utf-8")
    except Exception:  # a picture is a nicety: never break the display of the object
        return None


def entry_svg(entry: Any) -> str | None:
    return _svg(entry) if entry.flow is not None else None


def flow_svg(flow: Any) -> str | None:
    return _svg(flow, findings=False)


def workspace_svg(workspace: Any) -> str | None:
    return _svg(workspace, handoffs=True) if workspace.assistants else None


def _escape(text: str) -> str:
    from .formatters.paths import clean  # lone surrogates cannot be encoded: U+FFFD

    return html.escape(clean(text))


# A finding's link scrolls to its node or edge in the diagram below the table, and the
# :target rule outlines it there (no script: notebooks may not run any).
_REPORT_STYLE = (
    "<style>.flowlint-diagram g:target > path, .flowlint-diagram g:target > polygon,"
    ".flowlint-diagram g:target > ellipse {stroke:#f9ab00 !important;stroke-width:5px}"
    ".flowlint-diagram g:target text {font-weight:bold}"
    ".flowlint-diagram svg {max-width:100%;height:auto}</style>")
MAX_REPORT_DIAGRAMS = 20  # a notebook cell stays light; flowlint.draw or diagram show the rest


def _report_diagrams(report: Any, prefix: str) -> tuple[dict[int, str], list[str]]:
    """The drawn flows with findings: finding index -> element id, and the SVGs (ids and
    links as the HTML report makes them, formatters/html_diagrams.py)."""
    from .diagrams import entry_diagram
    from .diagrams.render import render_image
    from .formatters.html_diagrams import flow_targets, inline_svg_and_ids

    targets: dict[int, str] = {}
    pictures: list[str] = []
    by_entry: dict[tuple, list] = {}
    for index, d in enumerate(report.diagnostics):
        by_entry.setdefault((d.assistant_id, d.file), []).append((index, d))
    entries = [e for e in report.workspace.assistants
               if e.flow is not None and (e.id, e.document.name) in by_entry]
    for number, entry in enumerate(entries[:MAX_REPORT_DIAGRAMS]):
        diagram = entry_diagram(entry, report.diagnostics)
        try:
            svg, drawn = inline_svg_and_ids(render_image(diagram, "svg"), f"{prefix}{number}-")
        except Exception:  # a picture is a nicety: the table still shows every finding
            continue
        targets.update(flow_targets(diagram, by_entry[(entry.id, entry.document.name)],
                                    f"{prefix}{number}-", drawn))
        pictures.append(f'<div class="flowlint-diagram">{svg}</div>')
    return targets, pictures


def report_html(report: Any, diagrams: bool = True) -> str:
    """The report as an HTML table, one row per finding, coloured by severity; under it, each
    flow with findings drawn, and each finding's node or edge linked to its place there."""
    e = _escape
    summary = report.summary
    head = (f"<p><b>flowlint</b>: {summary['error']} errors, {summary['warning']} warnings, "
            f"{summary['info']} info in {len(report.workspace.documents)} files</p>")
    if not report.diagnostics:
        return head
    # ids unique on the page, yet the same for the same report (stable notebook outputs)
    digest = hashlib.sha1("\0".join(f"{d.file}\0{d.assistant_id}\0{d.code}\0{d.message}"
                                    for d in report.diagnostics).encode("utf-8", "replace"))
    prefix = f"flowlint-{digest.hexdigest()[:8]}-"
    targets, pictures = _report_diagrams(report, prefix) if diagrams else ({}, [])
    rows = []
    for index, d in enumerate(report.diagnostics):
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        subject = d.edge_id or d.node_id or ""
        target = targets.get(index)
        shown = f'<a href="#{target}">{e(subject)}</a>' if target else e(subject)
        rows.append(
            f'<tr><td style="{_SEVERITY_STYLE[d.severity.label]};font-weight:bold">{e(d.severity.label)}</td>'
            f"<td><code>{e(d.code)}</code></td><td>{e(d.name)}</td><td>{e(d.message)}</td>"
            f"<td>{e(d.assistant_id or '')}</td><td>{shown}</td><td>{e(where)}</td></tr>")
    header = "".join(f"<th style=\"text-align:left\">{name} &#x25B4;&#x25BE;</th>" for name in
                     ("severity", "code", "rule", "message", "assistant", "node / edge", "location"))
    table = (f"<table class=\"flowlint-report\"><thead><tr>{header}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>")
    return head + table + (_REPORT_STYLE + "".join(pictures) if pictures else "")
